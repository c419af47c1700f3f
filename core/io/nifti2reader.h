#pragma once
// NIfTI-2 volumes (540-byte header, 64-bit dimensions). ITK 5.2, the version in
// Debian 12, reads only NIfTI-1 (its NIfTI-2 support arrived in 5.3), so this
// small reader fills the gap; NIfTI-1 stays with ITK.

#include "core/result.h"
#include "core/volume.h"

#include <filesystem>

namespace tr::core::io {

// Whether the file (plain or gzipped) starts with a NIfTI-2 header.
bool isNifti2(const std::filesystem::path& path);

// Reads a single-file NIfTI-2 (.nii or .nii.gz) 3D scalar volume: sform when its
// code is set, else qform, else the voxel sizes alone; scl_slope/scl_inter
// applied; handed out in the canonical voxel order.
Result<Volume> readNifti2(const std::filesystem::path& path);

} // namespace tr::core::io
