#pragma once
// Minimal PNG writing (8-bit greyscale) in plain C++, for the LibTorch-only build
// (sample grids during training, generated images) where Qt's image writers are
// not available. The data go in uncompressed ("stored") deflate blocks: larger
// files than zlib would make, but no dependency and exact bytes.

#include "core/result.h"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace tr::core {

// The PNG file's bytes for a width x height greyscale image (row-major).
std::vector<std::uint8_t> encodeGrayPng(std::span<const std::uint8_t> pixels, int width, int height);

// Writes the PNG to PATH.part, then renames it to PATH.
Result<void> writeGrayPng(const std::filesystem::path& path, std::span<const std::uint8_t> pixels, int width, int height);

} // namespace tr::core
