#include "core/axialslice.h"

#include <string>

namespace tr::core {

OrientationLabels axialLabels(DisplayConvention convention)
{
    if (convention == DisplayConvention::Radiological)
        return {'R', 'L', 'A', 'P'};
    return {'L', 'R', 'A', 'P'};
}

std::string_view conventionName(DisplayConvention convention)
{
    return convention == DisplayConvention::Radiological ? "radiological" : "neurological";
}

std::size_t centreAxialIndex(const Volume& volume)
{
    return volume.size[2] / 2;
}

Result<SliceImage> axialSlice(const Volume& volume, std::size_t k, DisplayConvention convention)
{
    if (volume.empty() || volume.voxels.size() != volume.voxelCount())
        return Error{ErrorCode::InvalidArgument, "volume",
            "The volume holds no voxels (or fewer than its size says); load a volume first.", {}};
    if (k >= volume.size[2])
        return Error{ErrorCode::InvalidArgument, "axial index",
            "Axial index " + std::to_string(k) + " is outside the volume (0 to "
                + std::to_string(volume.size[2] - 1) + ").",
            {}};

    SliceImage slice;
    slice.width = static_cast<int>(volume.size[0]);
    slice.height = static_cast<int>(volume.size[1]);
    slice.pixelWidthMm = volume.spacing[0];
    slice.pixelHeightMm = volume.spacing[1];
    slice.pixels.resize(volume.size[0] * volume.size[1]);

    // Canonical i runs from patient right to left: that is already the
    // radiological layout (right on the viewer's left); neurological mirrors it.
    // Canonical j runs from anterior to posterior, i.e. top to bottom.
    const bool mirror = convention == DisplayConvention::Neurological;
    const std::size_t nx = volume.size[0];
    for (std::size_t j = 0; j < volume.size[1]; ++j) {
        const float* src = volume.voxels.data() + volume.index(0, j, k);
        float* dst = slice.pixels.data() + j * nx;
        for (std::size_t i = 0; i < nx; ++i)
            dst[mirror ? nx - 1 - i : i] = src[i];
    }
    return slice;
}

} // namespace tr::core
