#pragma once
// The four points a coordinator places on each volume, in patient coordinates
// (LPS, mm), from which the AC-PC-aligned frame is built (alignedframe.h):
// the anterior and posterior commissures, any point on the mid-sagittal plane
// off the AC-PC line, and the section centre at the basal-ganglia level that the
// paper places manually at the centre of the image domain.

#include "core/vec3.h"

#include <array>
#include <optional>
#include <string_view>

namespace tr::core {

enum class Landmark { AnteriorCommissure, PosteriorCommissure, MidSagittal, Centre };

inline constexpr std::array<Landmark, 4> kAllLandmarks{Landmark::AnteriorCommissure,
    Landmark::PosteriorCommissure, Landmark::MidSagittal, Landmark::Centre};

// Short names used on the command line and in the project file: ac, pc, msp, centre.
std::string_view landmarkKey(Landmark landmark);
std::string_view landmarkTitle(Landmark landmark);
std::optional<Landmark> landmarkFromKey(std::string_view key);

struct Landmarks {
    std::array<std::optional<Vec3>, 4> points; // indexed by Landmark

    std::optional<Vec3>& operator[](Landmark l) { return points[static_cast<std::size_t>(l)]; }
    const std::optional<Vec3>& operator[](Landmark l) const { return points[static_cast<std::size_t>(l)]; }
    bool complete() const
    {
        for (const auto& p : points)
            if (!p)
                return false;
        return true;
    }
};

} // namespace tr::core
