#pragma once
// Reads a 3D scalar volume from NIfTI-1/2 (.nii, .nii.gz), MetaImage (.mha/.mhd)
// or NRRD through ITK, honouring the file's orientation (qform/sform for NIfTI),
// and hands it out in the canonical voxel order of core::Volume (LPS).

#include "core/result.h"
#include "core/volume.h"

#include <cstddef>
#include <filesystem>

namespace tr::core::io {

// Refused before allocation: 2^29 voxels (2 GiB of float). The paper's volumes
// have 8 million voxels; a header claiming far more is bad input.
inline constexpr std::size_t kMaxVolumeVoxels = std::size_t{1} << 29;

// ThreeD: a whole series (import); a 2D image is refused. SliceOrVolume also
// takes a single slice (one voxel along k, or a 2D file): a created image
// brought from a folder (studies/imagefolder.h).
enum class VolumeShape { ThreeD, SliceOrVolume };

Result<Volume> readVolume(const std::filesystem::path& path, VolumeShape accept = VolumeShape::ThreeD);

} // namespace tr::core::io
