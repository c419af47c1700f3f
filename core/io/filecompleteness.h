#pragma once
// Detects files that end before their own header says they should. ITK 5.2's
// NIfTI reader fills the missing voxels of a truncated .nii or .nii.gz with
// whatever was in memory and reports success, so a half-copied scan would pass
// as a real one; this check runs before ITK reads the pixels.

#include "core/result.h"

#include <cstdint>
#include <filesystem>

namespace tr::core::io {

// pixelBytes: the size of the pixel data the header declares.
// - .gz files: the whole gzip stream must decompress and pass its CRC and length
//   check (a truncated stream cannot), and hold at least pixelBytes.
// - uncompressed NIfTI-1/2 (.nii): the file must reach vox_offset + pixelBytes.
// Other formats are left to their readers.
Result<void> checkFileComplete(const std::filesystem::path& path, std::uint64_t pixelBytes);

} // namespace tr::core::io
