#include "core/alignedframe.h"

#include <string>

namespace tr::core {

namespace {
Error landmarkError(std::string message)
{
    return Error{ErrorCode::InvalidArgument, "landmarks", std::move(message), {}};
}
} // namespace

Result<AlignedFrame> alignedFrameFromLandmarks(const Landmarks& landmarks)
{
    for (auto l : kAllLandmarks)
        if (!landmarks[l])
            return landmarkError("the " + std::string(landmarkTitle(l)) + " (" + std::string(landmarkKey(l))
                + ") is not placed yet; place it or use the automatic suggestion.");
    const Vec3 ac = *landmarks[Landmark::AnteriorCommissure];
    const Vec3 pc = *landmarks[Landmark::PosteriorCommissure];
    const Vec3 msp = *landmarks[Landmark::MidSagittal];

    const Vec3 acpc = pc - ac;
    const double length = norm(acpc);
    if (length < 10.0)
        return landmarkError("AC and PC are " + std::to_string(length)
            + " mm apart; in an adult brain they are about 25 mm apart. Check both points.");
    const Vec3 y = (1.0 / length) * acpc;
    // Posterior is +y in LPS; a line pointing forward means AC and PC were swapped.
    if (y[1] < 0.7071)
        return landmarkError("the AC-PC line is more than 45 degrees from the anterior-posterior axis "
                             "(or PC lies in front of AC); check that ac and pc are not swapped.");

    Vec3 x = cross(acpc, msp - ac);
    const double xLength = norm(x);
    if (xLength < 1e-6 * length * norm(msp - ac) || norm(msp - ac) < 5.0
        || xLength / (length * norm(msp - ac)) < 0.1)
        return landmarkError("the mid-sagittal point (msp) lies on or too close to the AC-PC line; place it "
                             "on the midline well above or below the line (e.g. at the vertex).");
    x = (1.0 / xLength) * x;
    if (x[0] < 0.0) // the plane's normal must point to the patient's left
        x = -1.0 * x;
    if (x[0] < 0.7071)
        return landmarkError("the mid-sagittal plane through ac, pc and msp is more than 45 degrees from the "
                             "scanner's sagittal plane; move msp onto the interhemispheric fissure.");
    const Vec3 z = cross(x, y); // L x P = S in a right-handed LPS frame

    AlignedFrame frame;
    frame.origin = *landmarks[Landmark::Centre];
    frame.axes = fromColumns(x, y, z);
    return frame;
}

} // namespace tr::core
