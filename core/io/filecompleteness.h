#pragma once
// Detects files that end before their own header says they should. ITK 5.2's
// NIfTI reader fills the missing voxels of a truncated .nii or .nii.gz with
// whatever was in memory and reports success, so a half-copied scan would pass
// as a real one; this check runs before ITK reads the pixels.

#include "core/result.h"

#include <cstdint>
#include <filesystem>

namespace tr::core::io {

// voxels: the number of voxels the header declares; for NIfTI their size on disk
// comes from the header's bitpix, for other formats fallbackPixelBytes is used.
// - .gz files: the whole gzip stream must decompress and pass its CRC and length
//   check (a truncated stream cannot), and hold the header's vox_offset plus the
//   voxels (NIfTI) or at least fallbackPixelBytes.
// - uncompressed NIfTI-1/2 (.nii): the file must reach vox_offset + the voxels.
// Other formats are left to their readers.
Result<void> checkFileComplete(
    const std::filesystem::path& path, std::uint64_t voxels, std::uint64_t fallbackPixelBytes);

} // namespace tr::core::io
