#include "core/trainingdata.h"

#include <charconv>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace tr::core {

namespace {

constexpr char kMagic[8] = {'T', 'R', 'D', 'A', 'T', 'A', '1', '\n'};
constexpr std::uint32_t kMaxHeaderBytes = 16u << 20;

Error dataError(ErrorCode code, const std::filesystem::path& path, std::string message)
{
    return Error{code, path.string(), std::move(message), {}};
}

template <std::size_t N>
std::string joined(const std::array<double, N>& values)
{
    std::ostringstream s;
    s.precision(17);
    for (std::size_t i = 0; i < N; ++i)
        s << (i ? "," : "") << values[i];
    return s.str();
}

template <std::size_t N>
bool parsed(const std::string& text, std::array<double, N>& out)
{
    std::istringstream s(text);
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0 && s.get() != ',')
            return false;
        if (!(s >> out[i]))
            return false;
    }
    return s.peek() == std::char_traits<char>::eof();
}

} // namespace

std::string TrainingData::description() const
{
    std::string names;
    for (const auto& v : volumes)
        names += (names.empty() ? "" : " ") + v.pseudonym;
    return names + "; " + grid.toString();
}

Result<void> writeTrainingData(const std::filesystem::path& path, const TrainingData& data)
{
    std::ostringstream header;
    header.precision(17);
    header << "grid=" << data.grid.toString() << '\n' << "volumes=" << data.volumes.size() << '\n';
    for (const auto& p : data.volumes) {
        const Volume& v = p.volume;
        header << "volume=" << p.pseudonym << '\n'
               << "size=" << v.size[0] << ',' << v.size[1] << ',' << v.size[2] << '\n'
               << "spacing=" << joined(v.spacing) << '\n'
               << "origin=" << joined(v.origin) << '\n'
               << "direction=" << joined(v.direction) << '\n'
               << "frame.origin=" << joined(p.frame.origin) << '\n'
               << "frame.axes=" << joined(p.frame.axes) << '\n';
    }
    const std::string text = header.str();
    const std::filesystem::path part = path.string() + ".part";
    {
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        if (!out)
            return dataError(ErrorCode::Io, part, "cannot be created; check the folder and its permissions.");
        const auto length = static_cast<std::uint32_t>(text.size());
        out.write(kMagic, sizeof kMagic);
        out.write(reinterpret_cast<const char*>(&length), sizeof length);
        out.write(text.data(), std::streamsize(text.size()));
        for (const auto& p : data.volumes)
            out.write(reinterpret_cast<const char*>(p.volume.voxels.data()),
                std::streamsize(p.volume.voxels.size() * sizeof(float)));
        out.flush();
        if (!out)
            return dataError(ErrorCode::Io, part, "could not be written completely; is the disk full?");
    }
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec)
        return dataError(ErrorCode::Io, path, "could not be put in place: " + ec.message());
    return {};
}

Result<TrainingData> readTrainingData(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return dataError(ErrorCode::NotFound, path,
            "No training data here. Make it with 'turing-reader-cli prepare PROJECT --out FILE'.");
    char magic[8] = {};
    std::uint32_t length = 0;
    if (!in.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0)
        return dataError(ErrorCode::UnsupportedFormat, path,
            "This is not Turing Reader training data (made by 'turing-reader-cli prepare').");
    if (!in.read(reinterpret_cast<char*>(&length), sizeof length) || length > kMaxHeaderBytes)
        return dataError(ErrorCode::Corrupt, path, "The file's header is damaged; prepare the data again.");
    std::string text(length, '\0');
    if (!in.read(text.data(), std::streamsize(length)))
        return dataError(ErrorCode::Truncated, path, "The file ends inside its header: it is truncated. Prepare or copy it again.");

    TrainingData data;
    std::istringstream lines(text);
    std::string line;
    std::size_t declared = 0;
    auto bad = [&](const std::string& what) {
        return dataError(ErrorCode::Corrupt, path, "The header is damaged (" + what + "); prepare the data again.");
    };
    while (std::getline(lines, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            return bad("a line without '='");
        const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "grid") {
            auto grid = AugmentationGrid::fromString(value);
            if (!grid)
                return bad("grid: " + grid.error().message);
            data.grid = *grid;
        } else if (key == "volumes") {
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), declared);
            if (ec != std::errc{} || end != value.data() + value.size())
                return bad("volumes");
        } else if (key == "volume") {
            data.volumes.push_back({value, {}, {}});
        } else if (data.volumes.empty()) {
            return bad("'" + key + "' before any volume");
        } else {
            auto& p = data.volumes.back();
            bool ok = true;
            if (key == "size") {
                std::array<double, 3> size{};
                ok = parsed(value, size);
                for (int d = 0; d < 3 && ok; ++d) {
                    // Whole numbers in range only, checked before the conversion
                    // (converting 1e79 to size_t is undefined; found by fuzz_training_data).
                    const double n = size[std::size_t(d)];
                    ok = n >= 1 && n <= 4096 && n == std::floor(n);
                    if (ok)
                        p.volume.size[std::size_t(d)] = static_cast<std::size_t>(n);
                }
            } else if (key == "spacing")
                ok = parsed(value, p.volume.spacing);
            else if (key == "origin")
                ok = parsed(value, p.volume.origin);
            else if (key == "direction")
                ok = parsed(value, p.volume.direction);
            else if (key == "frame.origin")
                ok = parsed(value, p.frame.origin);
            else if (key == "frame.axes")
                ok = parsed(value, p.frame.axes);
            else
                return bad("unknown key '" + key + "'");
            if (!ok)
                return bad(key + " of " + p.pseudonym);
        }
    }
    if (declared != data.volumes.size() || data.volumes.empty())
        return bad("the number of volumes");
    for (auto& p : data.volumes) {
        p.volume.voxels.resize(p.volume.voxelCount());
        if (!in.read(reinterpret_cast<char*>(p.volume.voxels.data()), std::streamsize(p.volume.voxels.size() * sizeof(float))))
            return dataError(ErrorCode::Truncated, path,
                "The file ends inside the voxels of " + p.pseudonym + ": it is truncated. Prepare or copy it again.");
    }
    if (in.peek() != std::char_traits<char>::eof())
        return bad("bytes after the last volume");
    return data;
}

} // namespace tr::core
