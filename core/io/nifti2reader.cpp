#include "core/io/nifti2reader.h"

#include "core/io/byteorder.h"
#include "core/io/filecompleteness.h"
#include "core/io/itkvolume.h"
#include "core/io/volumeheadercheck.h"
#include "core/io/volumereader.h"
#include "core/vec3.h"

#include <zlib.h>

#include <array>
#include <cmath>
#include <cstring>
#include <memory>

namespace tr::core::io {

namespace {

constexpr std::size_t kHeaderBytes = 540;

struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

Error niftiError(ErrorCode code, const std::filesystem::path& path, std::string message)
{
    return Error{code, path.string(), std::move(message), {}};
}

class Header {
public:
    explicit Header(const std::array<char, kHeaderBytes>& bytes)
        : m_bytes(bytes)
    {
        std::int32_t size = 0;
        std::memcpy(&size, m_bytes.data(), 4);
        m_swap = size != 540;
    }
    template <typename T>
    T at(std::size_t offset) const
    {
        return readValue<T>(m_bytes.data() + offset, m_swap);
    }
    bool swapped() const { return m_swap; }

private:
    std::array<char, kHeaderBytes> m_bytes;
    bool m_swap = false;
};

bool readHeader(gzFile file, std::array<char, kHeaderBytes>& bytes)
{
    return gzread(file, bytes.data(), kHeaderBytes) == int(kHeaderBytes);
}

bool hasNifti2Magic(const std::array<char, kHeaderBytes>& bytes)
{
    return std::memcmp(bytes.data() + 4, "n+2\0\r\n\032\n", 8) == 0;
}

// Bytes per voxel and a converter to float, for the scalar types a T1 uses.
struct VoxelType {
    std::size_t bytes = 0;
    float (*read)(const char*, bool swap) = nullptr;
};

template <typename T>
float readAs(const char* p, bool swap)
{
    return static_cast<float>(readValue<T>(p, swap));
}

VoxelType voxelType(std::int16_t datatype)
{
    switch (datatype) {
    case 2: return {1, readAs<std::uint8_t>};
    case 4: return {2, readAs<std::int16_t>};
    case 8: return {4, readAs<std::int32_t>};
    case 16: return {4, readAs<float>};
    case 64: return {8, readAs<double>};
    case 256: return {1, readAs<std::int8_t>};
    case 512: return {2, readAs<std::uint16_t>};
    case 768: return {4, readAs<std::uint32_t>};
    default: return {};
    }
}

} // namespace

bool isNifti2(const std::filesystem::path& path)
{
    GzFile file(gzopen(path.c_str(), "rb"));
    std::array<char, kHeaderBytes> bytes{};
    return file && readHeader(file.get(), bytes) && hasNifti2Magic(bytes);
}

Result<Volume> readNifti2(const std::filesystem::path& path)
{
    GzFile file(gzopen(path.c_str(), "rb"));
    std::array<char, kHeaderBytes> bytes{};
    if (!file || !readHeader(file.get(), bytes) || !hasNifti2Magic(bytes))
        return niftiError(ErrorCode::UnsupportedFormat, path, "This is not a NIfTI-2 file.");
    const Header h(bytes);

    const auto dims = h.at<std::int64_t>(16);
    std::array<std::int64_t, 3> n{h.at<std::int64_t>(24), h.at<std::int64_t>(32), h.at<std::int64_t>(40)};
    for (int d = 4; d <= 7 && d <= dims; ++d)
        if (h.at<std::int64_t>(16 + 8 * std::size_t(d)) > 1)
            return niftiError(ErrorCode::UnsupportedFormat, path,
                "This is a 4D (or higher) image. Turing Reader needs a single 3D T1-weighted volume; extract one "
                "(e.g. with fslroi) and open that.");
    if (dims < 3 || n[2] < 2)
        return niftiError(ErrorCode::UnsupportedFormat, path,
            "This is a 2D image. Turing Reader needs a 3D volume (a whole T1-weighted series).");
    std::uint64_t count = 1;
    for (auto v : n) {
        if (v < 1)
            return niftiError(ErrorCode::Corrupt, path, "The header declares an axis of length 0 or less; the file is damaged.");
        if (count > kMaxVolumeVoxels / std::uint64_t(v))
            return niftiError(ErrorCode::TooLarge, path,
                "The header declares far more voxels than any brain MRI has; the header is damaged.");
        count *= std::uint64_t(v);
    }
    const VoxelType type = voxelType(h.at<std::int16_t>(12));
    if (!type.read)
        return niftiError(ErrorCode::UnsupportedFormat, path,
            "The voxel type (NIfTI datatype " + std::to_string(h.at<std::int16_t>(12))
                + ") is not a scalar type Turing Reader reads; convert the volume to 16-bit integers or floats.");
    if (h.at<std::int16_t>(14) != std::int16_t(type.bytes * 8))
        return niftiError(ErrorCode::Corrupt, path,
            "The header's bitpix (" + std::to_string(h.at<std::int16_t>(14)) + ") does not match its datatype ("
                + std::to_string(type.bytes * 8) + " bits); the file is damaged.");

    // Every number the geometry is computed from must be finite: VNL abort()s on
    // a matrix with NaN or infinity in it (OrientImageFilter below).
    const bool qform = h.at<std::int32_t>(344) > 0, sform = h.at<std::int32_t>(348) > 0;
    auto finite = [&](std::size_t from, int values) {
        for (int k = 0; k < values; ++k)
            if (!std::isfinite(h.at<double>(from + 8 * std::size_t(k))))
                return false;
        return true;
    };
    if (!finite(104, 4))
        return niftiError(ErrorCode::Corrupt, path, "The header's pixdim (voxel size) is not a finite number; the file is damaged.");
    if (qform && !finite(352, 6))
        return niftiError(ErrorCode::Corrupt, path, "The header's qform (quatern/qoffset) holds a value that is not a finite number; the file is damaged.");
    if (sform && !finite(400, 12))
        return niftiError(ErrorCode::Corrupt, path, "The header's sform (srow) holds a value that is not a finite number; the file is damaged.");

    // Geometry in RAS (NIfTI), then to LPS by negating x and y.
    Mat3 axes{}; // columns: RAS vector of one step along i, j, k (mm)
    Vec3 originRas{};
    std::array<double, 3> pixdim{h.at<double>(112), h.at<double>(120), h.at<double>(128)};
    if (sform) {
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < 3; ++c)
                axes[std::size_t(r * 3 + c)] = h.at<double>(400 + 32 * std::size_t(r) + 8 * std::size_t(c));
            originRas[std::size_t(r)] = h.at<double>(400 + 32 * std::size_t(r) + 24);
        }
    } else if (qform) { // quaternion: quaternion (b, c, d), qfac in pixdim[0]
        const double b = h.at<double>(352), c = h.at<double>(360), d = h.at<double>(368);
        const double a = std::sqrt(std::max(0.0, 1.0 - (b * b + c * c + d * d)));
        const Mat3 rotation{a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b};
        const double qfac = h.at<double>(104) < 0 ? -1.0 : 1.0;
        for (int r = 0; r < 3; ++r)
            for (int col = 0; col < 3; ++col)
                axes[std::size_t(r * 3 + col)] = rotation[std::size_t(r * 3 + col)] * std::abs(pixdim[std::size_t(col)])
                    * (col == 2 ? qfac : 1.0);
        originRas = {h.at<double>(376), h.at<double>(384), h.at<double>(392)};
    } else { // no orientation: voxel sizes along RAS (NIfTI "method 1")
        for (int d = 0; d < 3; ++d)
            axes[std::size_t(d * 4)] = std::abs(pixdim[std::size_t(d)]) > 0 ? std::abs(pixdim[std::size_t(d)]) : 1.0;
    }
    auto image = ItkVolume::New();
    ItkVolume::RegionType region;
    ItkVolume::SpacingType spacing;
    ItkVolume::PointType origin;
    ItkVolume::DirectionType direction;
    std::array<Vec3, 3> unit{};
    for (unsigned c = 0; c < 3; ++c) {
        const Vec3 ras = column(axes, int(c));
        spacing[c] = norm(ras);
        if (!(spacing[c] > 0.0))
            return niftiError(ErrorCode::Corrupt, path, "The header's orientation has a zero-length axis; the file is damaged.");
        unit[c] = {-ras[0] / spacing[c], -ras[1] / spacing[c], ras[2] / spacing[c]};
        region.SetSize(c, std::size_t(n[c]));
        for (unsigned r = 0; r < 3; ++r)
            direction(r, c) = unit[c][r];
    }
    for (int a = 0; a < 3; ++a)
        for (int b = a + 1; b < 3; ++b)
            if (std::abs(dot(unit[std::size_t(a)], unit[std::size_t(b)])) > 1e-3)
                return niftiError(ErrorCode::UnsupportedFormat, path,
                    "The header's orientation is sheared (its axes are not perpendicular); resample the volume to an "
                    "orthogonal grid first.");
    origin[0] = -originRas[0];
    origin[1] = -originRas[1];
    origin[2] = originRas[2];
    {
        std::array<double, 9> d{};
        for (unsigned r = 0; r < 3; ++r)
            for (unsigned c = 0; c < 3; ++c)
                d[r * 3 + c] = direction(r, c);
        if (auto numbers = checkGeometryNumbers(path, {spacing[0], spacing[1], spacing[2]}, {origin[0], origin[1], origin[2]}, d); !numbers)
            return numbers.error();
    }
    // The file must hold what the header declares before any of it is allocated:
    // a 1.5 KB header may declare gigabytes.
    if (auto complete = checkFileComplete(path, count, count * type.bytes); !complete)
        return complete.error();

    const auto offset = h.at<std::int64_t>(168);
    if (offset < std::int64_t(kHeaderBytes) || gzseek(file.get(), z_off_t(offset), SEEK_SET) != z_off_t(offset))
        return niftiError(ErrorCode::Truncated, path,
            "The file ends before its voxel data begins: it is truncated. Copy or export it again.");
    std::vector<char> raw(count * type.bytes);
    std::size_t got = 0;
    while (got < raw.size()) {
        const auto chunk = unsigned(std::min<std::size_t>(raw.size() - got, 1u << 30));
        const int n_read = gzread(file.get(), raw.data() + got, chunk);
        if (n_read <= 0)
            break;
        got += std::size_t(n_read);
    }
    if (got < raw.size())
        return niftiError(ErrorCode::Truncated, path,
            "The file ends before all its voxels were read: it is truncated (an interrupted copy or download?). "
            "Copy or export it again.");

    image->SetRegions(region);
    image->SetSpacing(spacing);
    image->SetOrigin(origin);
    image->SetDirection(direction);
    image->Allocate();
    float* out = image->GetBufferPointer();
    double slope = h.at<double>(176);
    const double intercept = h.at<double>(184);
    if (slope == 0.0 || !std::isfinite(slope))
        slope = 1.0; // NIfTI: a zero slope means "no scaling"
    for (std::uint64_t i = 0; i < count; ++i)
        out[i] = float(type.read(raw.data() + i * type.bytes, h.swapped()) * slope + intercept);
    try {
        return canonicalVolume(image);
    } catch (const itk::ExceptionObject& e) {
        return Error{ErrorCode::Internal, path.string(), "The volume could not be reoriented.", e.GetDescription()};
    }
}

} // namespace tr::core::io
