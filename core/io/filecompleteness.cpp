#include "core/io/filecompleteness.h"

#include "core/io/byteorder.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <optional>
#include <bit>
#include <cstring>
#include <fstream>
#include <string>

namespace tr::core::io {

namespace {

Error truncated(const std::filesystem::path& path, const std::string& what)
{
    return Error{ErrorCode::Truncated, path.string(),
        "The file is truncated: " + what + " (an interrupted copy or download?). Copy or export it again.",
        {}};
}

bool hasSuffix(const std::string& name, const std::string& suffix)
{
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

template <typename T>
T readAt(const std::array<char, 540>& header, std::size_t offset, bool swap)
{
    return readValue<T>(header.data() + offset, swap);
}

struct NiftiLayout {
    std::uint64_t voxOffset = 0;
    std::uint64_t bitsPerVoxel = 0;
};

// Reads vox_offset and bitpix from a NIfTI-1/2 header. The header, not ITK, says
// how many bytes the voxels take on disk: ITK reports scaled integer data
// (scl_slope set) as float, four times the size of the stored uint8 voxels.
std::optional<NiftiLayout> niftiLayout(const std::array<char, 540>& header, std::size_t got)
{
    if (got < 348)
        return std::nullopt;
    // sizeof_hdr (first int32) tells NIfTI-1 (348) from NIfTI-2 (540) and, read
    // the wrong way round, the byte order.
    const auto sizeofHdr = readAt<std::int32_t>(header, 0, false);
    const bool swap = sizeofHdr != 348 && sizeofHdr != 540;
    const auto version = swap ? readAt<std::int32_t>(header, 0, true) : sizeofHdr;
    NiftiLayout layout;
    if (version == 348) {
        layout.voxOffset = static_cast<std::uint64_t>(std::max(0.0f, readAt<float>(header, 108, swap)));
        layout.bitsPerVoxel = static_cast<std::uint64_t>(std::max<std::int16_t>(0, readAt<std::int16_t>(header, 72, swap)));
    } else if (version == 540 && got >= 540) {
        layout.voxOffset = static_cast<std::uint64_t>(std::max<std::int64_t>(0, readAt<std::int64_t>(header, 168, swap)));
        layout.bitsPerVoxel = static_cast<std::uint64_t>(std::max<std::int16_t>(0, readAt<std::int16_t>(header, 14, swap)));
    } else {
        return std::nullopt; // not a single-file NIfTI (e.g. a .hdr/.img pair): left to ITK
    }
    return layout;
}

// Bytes the whole file (decompressed) must hold: header and voxels for NIfTI,
// at least the voxels for anything else.
std::uint64_t requiredBytes(const std::array<char, 540>& header, std::size_t got, std::uint64_t voxels,
    std::uint64_t fallbackPixelBytes)
{
    if (const auto layout = niftiLayout(header, got); layout && layout->bitsPerVoxel > 0)
        return layout->voxOffset + (voxels * layout->bitsPerVoxel + 7) / 8;
    return fallbackPixelBytes;
}

Result<void> checkGzip(const std::filesystem::path& path, std::uint64_t voxels, std::uint64_t fallbackPixelBytes)
{
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file)
        return Error{ErrorCode::Io, path.string(), "The file cannot be opened for reading.", {}};
    std::array<char, 540> header{};
    int n = gzread(file, header.data(), static_cast<unsigned>(header.size()));
    const std::size_t got = n > 0 ? static_cast<std::size_t>(n) : 0;
    std::uint64_t total = got;
    std::array<char, 1 << 16> buffer{};
    while (n > 0 && (n = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0)
        total += static_cast<std::uint64_t>(n);
    int code = Z_OK;
    const std::string zlibMessage = gzerror(file, &code);
    gzclose(file);
    if (n < 0 || code != Z_OK)
        return truncated(path, "its compressed data ends early or is damaged (zlib: " + zlibMessage + ")");
    const std::uint64_t required = requiredBytes(header, got, voxels, fallbackPixelBytes);
    if (total < required)
        return truncated(path,
            "it holds " + std::to_string(total) + " bytes, fewer than the " + std::to_string(required)
                + " its header declares");
    return {};
}

Result<void> checkUncompressedNifti(const std::filesystem::path& path, std::uint64_t voxels)
{
    std::array<char, 540> header{};
    std::ifstream in(path, std::ios::binary);
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (!niftiLayout(header, got))
        return {};
    const std::uint64_t required = requiredBytes(header, got, voxels, 0);
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size < required)
        return truncated(path,
            "it has " + std::to_string(size) + " bytes but its header needs " + std::to_string(required));
    return {};
}

} // namespace

Result<void> checkFileComplete(
    const std::filesystem::path& path, std::uint64_t voxels, std::uint64_t fallbackPixelBytes)
{
    const std::string name = path.filename().string();
    if (hasSuffix(name, ".gz"))
        return checkGzip(path, voxels, fallbackPixelBytes);
    if (hasSuffix(name, ".nii"))
        return checkUncompressedNifti(path, voxels);
    return {};
}

} // namespace tr::core::io
