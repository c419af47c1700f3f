#include "core/io/itkvolume.h"

#include "core/orientationcode.h"

#include <itkOrientImageFilter.h>

#include <algorithm>

namespace tr::core::io {

ItkVolume::Pointer toItk(const Volume& volume)
{
    auto image = ItkVolume::New();
    ItkVolume::RegionType region;
    ItkVolume::SpacingType spacing;
    ItkVolume::PointType origin;
    ItkVolume::DirectionType direction;
    for (unsigned d = 0; d < 3; ++d) {
        region.SetSize(d, volume.size[d]);
        spacing[d] = volume.spacing[d];
        origin[d] = volume.origin[d];
        for (unsigned c = 0; c < 3; ++c)
            direction(d, c) = volume.direction[d * 3 + c];
    }
    image->SetRegions(region);
    image->SetSpacing(spacing);
    image->SetOrigin(origin);
    image->SetDirection(direction);
    image->Allocate();
    std::copy(volume.voxels.begin(), volume.voxels.end(), image->GetBufferPointer());
    return image;
}

Volume fromItk(const ItkVolume& image)
{
    Volume volume;
    const auto region = image.GetLargestPossibleRegion();
    for (unsigned d = 0; d < 3; ++d) {
        volume.size[d] = region.GetSize(d);
        volume.spacing[d] = image.GetSpacing()[d];
        volume.origin[d] = image.GetOrigin()[d];
        for (unsigned c = 0; c < 3; ++c)
            volume.direction[d * 3 + c] = image.GetDirection()(d, c);
    }
    const float* buffer = image.GetBufferPointer();
    volume.voxels.assign(buffer, buffer + volume.voxelCount());
    return volume;
}

Volume canonicalVolume(const ItkVolume::Pointer& image)
{
    Mat3 acquired{};
    for (unsigned r = 0; r < 3; ++r)
        for (unsigned c = 0; c < 3; ++c)
            acquired[r * 3 + c] = image->GetDirection()(r, c);
    auto orienter = itk::OrientImageFilter<ItkVolume, ItkVolume>::New();
    orienter->UseImageDirectionOn();
    ItkVolume::DirectionType lps;
    lps.SetIdentity(); // identity direction means i -> L, j -> P, k -> S
    orienter->SetDesiredCoordinateDirection(lps);
    orienter->SetInput(image);
    orienter->Update();
    Volume volume = fromItk(*orienter->GetOutput());
    volume.acquiredOrientation = orientationCode(acquired);
    return volume;
}

} // namespace tr::core::io
