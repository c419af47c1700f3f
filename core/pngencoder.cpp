#include "core/pngencoder.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace tr::core {

namespace {

std::uint32_t crc32(const std::uint8_t* data, std::size_t n, std::uint32_t crc = 0)
{
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (std::size_t i = 0; i < n; ++i)
        crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

void putBigEndian(std::vector<std::uint8_t>& out, std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void chunk(std::vector<std::uint8_t>& out, const char* type, const std::vector<std::uint8_t>& data)
{
    putBigEndian(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    putBigEndian(out, crc32(out.data() + start, out.size() - start));
}

} // namespace

std::vector<std::uint8_t> encodeGrayPng(std::span<const std::uint8_t> pixels, int width, int height)
{
    std::vector<std::uint8_t> out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<std::uint8_t> header;
    putBigEndian(header, static_cast<std::uint32_t>(width));
    putBigEndian(header, static_cast<std::uint32_t>(height));
    header.insert(header.end(), {8, 0, 0, 0, 0}); // 8-bit, greyscale, deflate, no filter, no interlace
    chunk(out, "IHDR", header);

    // Scanlines with filter byte 0, in a zlib stream of stored blocks.
    std::vector<std::uint8_t> raw;
    raw.reserve(std::size_t(height) * (std::size_t(width) + 1));
    for (int y = 0; y < height; ++y) {
        raw.push_back(0);
        const auto* row = pixels.data() + std::size_t(y) * std::size_t(width);
        raw.insert(raw.end(), row, row + width);
    }
    std::vector<std::uint8_t> z{0x78, 0x01};
    for (std::size_t pos = 0; pos < raw.size() || pos == 0;) {
        const std::size_t n = std::min<std::size_t>(65535, raw.size() - pos);
        z.push_back(pos + n >= raw.size() ? 1 : 0); // BFINAL, BTYPE = stored
        z.push_back(static_cast<std::uint8_t>(n & 0xFF));
        z.push_back(static_cast<std::uint8_t>(n >> 8));
        z.push_back(static_cast<std::uint8_t>(~n & 0xFF));
        z.push_back(static_cast<std::uint8_t>((~n >> 8) & 0xFF));
        z.insert(z.end(), raw.begin() + std::ptrdiff_t(pos), raw.begin() + std::ptrdiff_t(pos + n));
        pos += n;
        if (n == 0)
            break;
    }
    std::uint32_t a = 1, b = 0; // Adler-32
    for (std::uint8_t v : raw) {
        a = (a + v) % 65521;
        b = (b + a) % 65521;
    }
    putBigEndian(z, (b << 16) | a);
    chunk(out, "IDAT", z);
    chunk(out, "IEND", {});
    return out;
}

Result<void> writeGrayPng(const std::filesystem::path& path, std::span<const std::uint8_t> pixels, int width, int height)
{
    const auto bytes = encodeGrayPng(pixels, width, height);
    const std::filesystem::path part = path.string() + ".part";
    {
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        if (!out) {
            std::error_code ec;
            const auto folder = part.parent_path().empty() ? std::filesystem::path(".") : part.parent_path();
            if (!std::filesystem::is_directory(folder, ec))
                return Error{ErrorCode::Io, part.string(),
                    "could not be written: the folder " + folder.string() + " does not exist.", {}};
            return Error{ErrorCode::Io, part.string(),
                "could not be written; is the folder writable and the disk not full?", {}};
        }
    }
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec)
        return Error{ErrorCode::Io, path.string(), "could not be put in place: " + ec.message(), {}};
    return {};
}

} // namespace tr::core
