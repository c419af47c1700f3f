#include "core/io/filecompleteness.h"

#include <zlib.h>

#include <array>
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
    T value;
    std::memcpy(&value, header.data() + offset, sizeof value);
    if (swap) {
        auto* bytes = reinterpret_cast<unsigned char*>(&value);
        for (std::size_t i = 0; i < sizeof value / 2; ++i)
            std::swap(bytes[i], bytes[sizeof value - 1 - i]);
    }
    return value;
}

Result<void> checkGzip(const std::filesystem::path& path, std::uint64_t pixelBytes)
{
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file)
        return Error{ErrorCode::Io, path.string(), "The file cannot be opened for reading.", {}};
    std::array<char, 1 << 16> buffer{};
    std::uint64_t total = 0;
    int n = 0;
    while ((n = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0)
        total += static_cast<std::uint64_t>(n);
    int code = Z_OK;
    const std::string zlibMessage = gzerror(file, &code);
    gzclose(file);
    if (n < 0 || code != Z_OK)
        return truncated(path, "its compressed data ends early or is damaged (zlib: " + zlibMessage + ")");
    if (total < pixelBytes)
        return truncated(path,
            "it holds " + std::to_string(total) + " bytes, fewer than the " + std::to_string(pixelBytes)
                + " its header declares");
    return {};
}

Result<void> checkUncompressedNifti(const std::filesystem::path& path, std::uint64_t pixelBytes)
{
    std::array<char, 540> header{};
    std::ifstream in(path, std::ios::binary);
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    // sizeof_hdr (first int32) tells NIfTI-1 (348) from NIfTI-2 (540) and, read
    // the wrong way round, the byte order.
    const auto sizeofHdr = readAt<std::int32_t>(header, 0, false);
    const bool swap = sizeofHdr != 348 && sizeofHdr != 540;
    const auto version = swap ? readAt<std::int32_t>(header, 0, true) : sizeofHdr;
    std::uint64_t voxOffset = 0;
    if (version == 348 && got >= 348)
        voxOffset = static_cast<std::uint64_t>(readAt<float>(header, 108, swap));
    else if (version == 540 && got >= 540)
        voxOffset = static_cast<std::uint64_t>(readAt<std::int64_t>(header, 168, swap));
    else
        return {}; // not a single-file NIfTI (e.g. .hdr/.img pair): left to ITK
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size < voxOffset + pixelBytes)
        return truncated(path,
            "it has " + std::to_string(size) + " bytes but its header needs "
                + std::to_string(voxOffset + pixelBytes));
    return {};
}

} // namespace

Result<void> checkFileComplete(const std::filesystem::path& path, std::uint64_t pixelBytes)
{
    const std::string name = path.filename().string();
    if (hasSuffix(name, ".gz"))
        return checkGzip(path, pixelBytes);
    if (hasSuffix(name, ".nii"))
        return checkUncompressedNifti(path, pixelBytes);
    return {};
}

} // namespace tr::core::io
