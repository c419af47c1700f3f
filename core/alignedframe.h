#pragma once
// The AC-PC-aligned frame of one volume: origin at the section centre, x towards
// the patient's left, y along the AC-PC line towards posterior, z superior. Its
// axial planes (z = const) are parallel to the AC-PC line and perpendicular to the
// mid-sagittal plane, which is x = 0 shifted to the centre (the paper's
// "reoriented perpendicular to the anterior-posterior commissure line").

#include "core/landmarks.h"
#include "core/result.h"
#include "core/vec3.h"

namespace tr::core {

struct AlignedFrame {
    Vec3 origin{0, 0, 0};        // LPS mm of the aligned origin (the centre)
    Mat3 axes{1, 0, 0, 0, 1, 0, 0, 0, 1}; // columns: aligned x, y, z as LPS unit vectors

    Vec3 toPatient(const Vec3& aligned) const { return origin + axes * aligned; }
    Vec3 toAligned(const Vec3& patient) const { return transpose(axes) * (patient - origin); }
};

// Builds the frame from complete landmarks. Fails (naming the landmark) when a
// point is missing, AC and PC are closer than 10 mm (they are ~25 mm apart in
// adults), the mid-sagittal point lies on the AC-PC line, or the AC-PC line is
// more than 45 degrees from the scanner's A-P axis (landmarks swapped or misplaced).
Result<AlignedFrame> alignedFrameFromLandmarks(const Landmarks& landmarks);

} // namespace tr::core
