#include "core/io/volumeheadercheck.h"

#include "core/io/byteorder.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace tr::core::io {

namespace {

Error corrupt(const std::filesystem::path& path, const std::string& field, const std::string& what)
{
    return Error{ErrorCode::Corrupt, path.string(),
        "The header's " + field + " " + what + "; the file is damaged or not what it claims to be. Export it again.", {}};
}

// A header number as people read it ("3.2e+38", "1.2"), not to_string's 39 digits.
std::string shown(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

bool endsWith(const std::string& s, const char* suffix)
{
    const std::size_t n = std::strlen(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// ---- NIfTI-1 --------------------------------------------------------------

struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};

// Bits per voxel of NIfTI-1's datatypes (nifti1.h, DT_*).
int niftiBits(int datatype)
{
    switch (datatype) {
    case 2: case 256: return 8;
    case 4: case 512: return 16;
    case 8: case 16: case 768: return 32;
    case 64: case 1024: case 1280: case 32: return 64;
    case 128: return 24;
    case 1536: case 1792: return 128;
    case 2048: return 256;
    case 2304: return 32;
    default: return 0;
    }
}

Result<void> checkNifti1(const std::filesystem::path& path, const char* h, bool swap)
{
    auto i16 = [&](std::size_t o) { return readValue<std::int16_t>(h + o, swap); };
    auto f32 = [&](std::size_t o) { return readValue<float>(h + o, swap); };
    const int dims = i16(40);
    if (dims < 1 || dims > 7)
        return corrupt(path, "dim[0] (number of dimensions)", "is " + std::to_string(dims) + ", not 1 to 7");
    for (int d = 1; d <= dims; ++d)
        if (i16(40 + 2 * std::size_t(d)) < 1)
            return corrupt(path, "dim[" + std::to_string(d) + "]", "is " + std::to_string(i16(40 + 2 * std::size_t(d))) + ", not a positive length");
    const int datatype = i16(70);
    const int bits = niftiBits(datatype);
    if (bits == 0)
        return corrupt(path, "datatype", "is " + std::to_string(datatype) + ", which NIfTI-1 does not define");
    if (i16(72) != bits)
        return corrupt(path, "bitpix", "is " + std::to_string(i16(72)) + " but datatype " + std::to_string(datatype) + " has " + std::to_string(bits) + " bits");
    for (int d = 0; d <= std::min(dims, 3); ++d) {
        const float v = f32(76 + 4 * std::size_t(d));
        if (!std::isfinite(v))
            return corrupt(path, "pixdim[" + std::to_string(d) + "]", "is not a finite number");
        if (d > 0 && std::abs(v) > 1e5f)
            return corrupt(path, "pixdim[" + std::to_string(d) + "]", "is " + shown(v) + " mm, not a voxel size a scanner makes");
    }
    const float voxOffset = f32(108);
    const bool singleFile = std::memcmp(h + 344, "n+1", 4) == 0;
    if (!std::isfinite(voxOffset) || voxOffset < 0 || (singleFile && voxOffset < 348) || voxOffset > 1e9f)
        return corrupt(path, "vox_offset", "is " + std::to_string(voxOffset) + ", outside the file's possible range");
    // scl_slope/scl_inter are not checked: nifticlib reads a non-finite pair as
    // "no scaling", as the standard's readers do, and real files carry NaN there.
    // Magnitudes too: a finite 3e38 in the sform made VNL's float SVD loop for
    // ever in ITK (found by fuzz_nifti1). A scanner's axes are a few mm long
    // and its origins within metres; quaternion parts lie in [-1, 1].
    constexpr float kMaxMm = 1e5f;
    if (i16(252) > 0)
        for (int k = 0; k < 6; ++k) {
            const float v = f32(256 + 4 * std::size_t(k));
            if (!std::isfinite(v))
                return corrupt(path, "qform (quatern/qoffset)", "holds a value that is not a finite number");
            if (std::abs(v) > (k < 3 ? 1.0f + 1e-4f : kMaxMm))
                return corrupt(path, k < 3 ? "qform (quatern_b/c/d)" : "qform (qoffset)",
                    "holds " + shown(v) + ", outside what a scanner writes");
        }
    if (i16(254) > 0) {
        double m[3][3];
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c) {
                const float v = f32(280 + 16 * std::size_t(r) + 4 * std::size_t(c));
                if (!std::isfinite(v))
                    return corrupt(path, "sform (srow_" + std::string(1, "xyz"[r]) + ")", "holds a value that is not a finite number");
                if (std::abs(v) > kMaxMm)
                    return corrupt(path, "sform (srow_" + std::string(1, "xyz"[r]) + ")",
                        "holds " + shown(v) + ", outside what a scanner writes");
                if (c < 3)
                    m[r][c] = v;
            }
        const double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        if (!(std::abs(det) > 1e-12))
            return corrupt(path, "sform", "is singular (its axes do not span 3D space)");
    }
    return {};
}

// The first 348 bytes, through zlib (which reads plain files too).
std::optional<std::array<char, 348>> leadingBytes(const std::filesystem::path& path)
{
    std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
    std::array<char, 348> bytes{};
    if (!file || gzread(file.get(), bytes.data(), unsigned(bytes.size())) != int(bytes.size()))
        return std::nullopt;
    return bytes;
}

// ---- MetaImage and NRRD: "key = value" / "key: value" text headers ----------

constexpr std::size_t kMaxTextHeader = 1 << 16;

std::vector<std::string> words(const std::string& value)
{
    std::istringstream in(value);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

bool parseInteger(const std::string& w, long long& v)
{
    const char* end = w.data() + w.size();
    const auto r = std::from_chars(w.data(), end, v);
    return r.ec == std::errc{} && r.ptr == end;
}

bool parseFinite(const std::string& w, double& v)
{
    const char* end = w.data() + w.size();
    const auto r = std::from_chars(w.data(), end, v);
    return r.ec == std::errc{} && r.ptr == end && std::isfinite(v);
}

// `expected` values (0: any count >= 1), each an integer within [lo, hi].
Result<void> integers(const std::filesystem::path& path, const std::string& key, const std::string& value,
    std::size_t expected, long long lo, long long hi)
{
    const auto w = words(value);
    if (w.empty() || (expected && w.size() != expected))
        return corrupt(path, key, "has " + std::to_string(w.size()) + " values, not " + std::to_string(expected));
    for (const auto& s : w) {
        long long v = 0;
        if (!parseInteger(s, v) || v < lo || v > hi)
            return corrupt(path, key, "holds '" + s + "', not a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    return {};
}

Result<void> finiteNumbers(const std::filesystem::path& path, const std::string& key, const std::string& value, std::size_t expected)
{
    const auto w = words(value);
    if (w.size() != expected)
        return corrupt(path, key, "has " + std::to_string(w.size()) + " values, not " + std::to_string(expected));
    for (const auto& s : w) {
        double v = 0;
        if (!parseFinite(s, v))
            return corrupt(path, key, "holds '" + s + "', not a finite number");
    }
    return {};
}

// Header lines up to the line that ends it: MetaImage's ElementDataFile, NRRD's blank line.
// For MetaImage, `problem` gets the first line that is not "Key = value" text
// with a new key: MetaIO reads such headers token by token, across lines, and
// a binary or repeated field sent it into a loop (found by fuzz_metaimage).
std::optional<std::vector<std::pair<std::string, std::string>>> textHeader(
    const std::filesystem::path& path, char separator, bool nrrd, std::optional<Error>* problem = nullptr)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t read = 0, lineNumber = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNumber;
        read += line.size() + 1;
        if (read > kMaxTextHeader)
            return std::nullopt;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (nrrd && line.empty())
            break;
        if (nrrd && (line.rfind("NRRD", 0) == 0 || line.rfind("#", 0) == 0))
            continue;
        const auto at = line.find(nrrd ? ":" : std::string(1, separator));
        if (!nrrd && problem && !*problem && !line.empty()) {
            const bool text = std::all_of(line.begin(), line.end(), [](unsigned char c) { return c == '\t' || (c >= 0x20 && c < 0x7f); });
            std::string key = at == std::string::npos ? std::string() : line.substr(0, at);
            key.erase(key.find_last_not_of(" \t") + 1);
            const bool identifier = !key.empty() && !std::isdigit(static_cast<unsigned char>(key[0]))
                && std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
            const bool repeated = std::any_of(fields.begin(), fields.end(), [&](const auto& kv) { return kv.first == key; });
            // MetaIO copies names and values into 255-byte buffers (strcpy: a
            // buffer overflow found by fuzz_metaimage); its own fields are short.
            const bool fits = key.size() <= 64 && line.size() - key.size() <= 250;
            if (!text || !identifier || repeated || !fits)
                *problem = corrupt(path, "line " + std::to_string(lineNumber),
                    !text             ? "is not text"
                        : !fits       ? "is longer than a MetaImage field can be"
                        : !identifier ? "is not 'Key = value'"
                                      : "is a second '" + key + "' field");
        }
        if (at == std::string::npos)
            continue; // MetaIO and teem skip what they do not understand too
        std::string key = line.substr(0, at);
        std::string value = line.substr(at + 1);
        if (nrrd && !value.empty() && value.front() == '=') // "key:=value" is a key/value pair, not a field
            continue;
        auto trim = [](std::string& s) {
            s.erase(0, s.find_first_not_of(" \t"));
            s.erase(s.find_last_not_of(" \t") + 1);
        };
        trim(key);
        trim(value);
        fields.emplace_back(key, value);
        if (!nrrd && key == "ElementDataFile")
            break;
    }
    return fields;
}

const char* const kMetaTypes[] = {"MET_CHAR", "MET_UCHAR", "MET_SHORT", "MET_USHORT", "MET_INT", "MET_UINT",
    "MET_LONG", "MET_ULONG", "MET_LONG_LONG", "MET_ULONG_LONG", "MET_FLOAT", "MET_DOUBLE"};

Result<void> checkMetaImage(const std::filesystem::path& path)
{
    std::optional<Error> problem;
    const auto fields = textHeader(path, '=', false, &problem);
    if (!fields)
        return corrupt(path, "text", "runs past 64 KiB without an ElementDataFile line");
    if (problem)
        return *problem;
    std::map<std::string, std::string> f(fields->begin(), fields->end());
    if (!f.count("NDims"))
        return corrupt(path, "NDims", "is missing");
    if (auto ok = integers(path, "NDims", f["NDims"], 1, 2, 4); !ok)
        return ok;
    const auto n = std::size_t(std::stoll(f["NDims"]));
    if (!f.count("DimSize"))
        return corrupt(path, "DimSize", "is missing");
    if (auto ok = integers(path, "DimSize", f["DimSize"], n, 1, 1 << 20); !ok)
        return ok;
    for (const char* key : {"ElementSpacing", "ElementSize", "Offset", "Position", "Origin", "CenterOfRotation"})
        if (f.count(key))
            if (auto ok = finiteNumbers(path, key, f[key], n); !ok)
                return ok;
    for (const char* key : {"TransformMatrix", "Rotation", "Orientation"})
        if (f.count(key))
            if (auto ok = finiteNumbers(path, key, f[key], n * n); !ok)
                return ok;
    if (f.count("ElementNumberOfChannels"))
        if (auto ok = integers(path, "ElementNumberOfChannels", f["ElementNumberOfChannels"], 1, 1, 64); !ok)
            return ok;
    if (f.count("HeaderSize"))
        if (auto ok = integers(path, "HeaderSize", f["HeaderSize"], 1, -1, 1 << 30); !ok)
            return ok;
    if (f.count("CompressedDataSize"))
        if (auto ok = integers(path, "CompressedDataSize", f["CompressedDataSize"], 1, 0, 1LL << 40); !ok)
            return ok;
    const std::string type = f.count("ElementType") ? f["ElementType"] : std::string();
    if (std::none_of(std::begin(kMetaTypes), std::end(kMetaTypes), [&](const char* t) { return type == t; }))
        return corrupt(path, "ElementType", "is '" + type + "', not a scalar MetaImage type (MET_UCHAR, MET_SHORT, MET_FLOAT, ...)");
    if (!f.count("ElementDataFile"))
        return corrupt(path, "ElementDataFile", "is missing");
    // MetaIO copies the data file's name into fixed buffers and expands LIST
    // and printf patterns (a heap overflow found by fuzz_metaimage): take LOCAL
    // or the name of one existing data file (relative to the header), nothing else.
    const std::string& data = f["ElementDataFile"];
    if (data != "LOCAL") {
        const bool plain = !data.empty() && data.size() <= 200 && data != "LIST"
            && std::all_of(data.begin(), data.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f && c != '%'; });
        if (!plain)
            return corrupt(path, "ElementDataFile", "is neither LOCAL nor the name of one data file");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path.parent_path() / data, ec))
            return corrupt(path, "ElementDataFile", "names '" + data + "', which is not a file next to the header");
    }
    return {};
}

const char* const kNrrdTypes[] = {"signed char", "int8", "int8_t", "uchar", "unsigned char", "uint8", "uint8_t",
    "short", "short int", "signed short", "signed short int", "int16", "int16_t", "ushort", "unsigned short",
    "unsigned short int", "uint16", "uint16_t", "int", "signed int", "int32", "int32_t", "uint", "unsigned int",
    "uint32", "uint32_t", "longlong", "long long", "long long int", "signed long long", "signed long long int",
    "int64", "int64_t", "ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t",
    "float", "double"};

// "(1,0,0) (0,1.2,0) none": each vector's numbers finite.
Result<void> checkNrrdVectors(const std::filesystem::path& path, const std::string& key, const std::string& value,
    std::size_t count, std::size_t length)
{
    std::size_t vectors = 0;
    for (std::size_t at = 0; at < value.size();) {
        at = value.find_first_not_of(" \t", at);
        if (at == std::string::npos)
            break;
        if (value.compare(at, 4, "none") == 0) {
            ++vectors;
            at += 4;
            continue;
        }
        const auto close = value.find(')', at);
        if (value[at] != '(' || close == std::string::npos)
            return corrupt(path, key, "is not a list of (x,y,z) vectors");
        std::string inside = value.substr(at + 1, close - at - 1);
        std::replace(inside.begin(), inside.end(), ',', ' ');
        if (auto ok = finiteNumbers(path, key, inside, length); !ok)
            return ok;
        ++vectors;
        at = close + 1;
    }
    if (count && vectors != count)
        return corrupt(path, key, "has " + std::to_string(vectors) + " vectors, not " + std::to_string(count));
    return {};
}

Result<void> checkNrrd(const std::filesystem::path& path)
{
    const auto fields = textHeader(path, ':', true);
    if (!fields)
        return corrupt(path, "text", "runs past 64 KiB without the blank line that ends it");
    std::map<std::string, std::string> f;
    for (const auto& [key, value] : *fields)
        f[lower(key)] = value;
    if (!f.count("dimension"))
        return corrupt(path, "dimension", "is missing");
    if (auto ok = integers(path, "dimension", f["dimension"], 1, 1, 16); !ok)
        return ok;
    const auto n = std::size_t(std::stoll(f["dimension"]));
    if (!f.count("sizes"))
        return corrupt(path, "sizes", "is missing");
    if (auto ok = integers(path, "sizes", f["sizes"], n, 1, 1 << 20); !ok)
        return ok;
    const std::string type = lower(f["type"]);
    if (std::none_of(std::begin(kNrrdTypes), std::end(kNrrdTypes), [&](const char* t) { return type == t; }))
        return corrupt(path, "type", "is '" + f["type"] + "', not a scalar NRRD type (uchar, short, float, ...)");
    for (const char* key : {"byte skip", "line skip"})
        if (f.count(key))
            if (auto ok = integers(path, key, f[key], 1, -1, 1 << 30); !ok)
                return ok;
    std::size_t spaceDims = 0;
    if (f.count("space dimension")) {
        if (auto ok = integers(path, "space dimension", f["space dimension"], 1, 1, 16); !ok)
            return ok;
        spaceDims = std::size_t(std::stoll(f["space dimension"]));
    } else if (f.count("space")) {
        spaceDims = 3; // the named spaces a T1 uses are all 3D
    }
    if (f.count("space directions")) {
        if (spaceDims == 0)
            return corrupt(path, "space directions", "is given without a space");
        if (auto ok = checkNrrdVectors(path, "space directions", f["space directions"], n, spaceDims); !ok)
            return ok;
    }
    if (f.count("space origin")) {
        if (spaceDims == 0)
            return corrupt(path, "space origin", "is given without a space");
        if (auto ok = checkNrrdVectors(path, "space origin", f["space origin"], 1, spaceDims); !ok)
            return ok;
    }
    return {};
}

} // namespace

Result<void> checkHeaderBeforeItk(const std::filesystem::path& path)
{
    const std::string name = lower(path.filename().string());
    if (endsWith(name, ".mha") || endsWith(name, ".mhd"))
        return checkMetaImage(path);
    if (endsWith(name, ".nrrd") || endsWith(name, ".nhdr"))
        return checkNrrd(path);
    if (const auto bytes = leadingBytes(path)) {
        const auto size = readValue<std::int32_t>(bytes->data(), false);
        if (size == 348)
            return checkNifti1(path, bytes->data(), false);
        if (readValue<std::int32_t>(bytes->data(), true) == 348)
            return checkNifti1(path, bytes->data(), true);
        // ITK's NIfTI reader goes by the magic (nifticlib's NIFTI_VERSION: "ni" or
        // "n+", a digit, a NUL) and reads on whatever sizeof_hdr says (found by
        // fuzz_nifti1): a magic at the NIfTI-1 place needs a NIfTI-1 header.
        const char* magic = bytes->data() + 344;
        if (magic[0] == 'n' && (magic[1] == 'i' || magic[1] == '+') && magic[2] >= '1' && magic[2] <= '9' && magic[3] == '\0')
            return corrupt(path, "sizeof_hdr", "is " + std::to_string(size) + ", but a header with the NIfTI magic \""
                + std::string(magic, 3) + "\" at byte 344 is a NIfTI-1 header of 348 bytes");
    }
    return {};
}

Result<void> checkGeometryNumbers(const std::filesystem::path& path, const std::array<double, 3>& spacing,
    const std::array<double, 3>& origin, const std::array<double, 9>& d)
{
    for (int a = 0; a < 3; ++a) {
        if (!std::isfinite(spacing[std::size_t(a)]) || !(spacing[std::size_t(a)] > 0) || spacing[std::size_t(a)] > 1e4)
            return corrupt(path, "voxel size along axis " + std::to_string(a + 1),
                "is " + std::to_string(spacing[std::size_t(a)]) + " mm, not a positive size a scanner makes");
        if (!std::isfinite(origin[std::size_t(a)]) || std::abs(origin[std::size_t(a)]) > 1e7)
            return corrupt(path, "origin", "is not a finite position");
    }
    if (std::any_of(d.begin(), d.end(), [](double v) { return !std::isfinite(v); }))
        return corrupt(path, "orientation", "holds a value that is not a finite number");
    const double det = d[0] * (d[4] * d[8] - d[5] * d[7]) - d[1] * (d[3] * d[8] - d[5] * d[6]) + d[2] * (d[3] * d[7] - d[4] * d[6]);
    if (!(std::abs(det) > 1e-6))
        return corrupt(path, "orientation", "is singular (its axes do not span 3D space)");
    return {};
}

} // namespace tr::core::io
