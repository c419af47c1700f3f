#include "core/landmarks.h"

namespace tr::core {

std::string_view landmarkKey(Landmark landmark)
{
    switch (landmark) {
    case Landmark::AnteriorCommissure: return "ac";
    case Landmark::PosteriorCommissure: return "pc";
    case Landmark::MidSagittal: return "msp";
    case Landmark::Centre: return "centre";
    }
    return "?";
}

std::string_view landmarkTitle(Landmark landmark)
{
    switch (landmark) {
    case Landmark::AnteriorCommissure: return "anterior commissure";
    case Landmark::PosteriorCommissure: return "posterior commissure";
    case Landmark::MidSagittal: return "mid-sagittal point";
    case Landmark::Centre: return "section centre (basal ganglia)";
    }
    return "?";
}

std::optional<Landmark> landmarkFromKey(std::string_view key)
{
    for (auto l : kAllLandmarks)
        if (landmarkKey(l) == key)
            return l;
    if (key == "center")
        return Landmark::Centre;
    return std::nullopt;
}

} // namespace tr::core
