#include "core/augmentationgrid.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace tr::core {

namespace {

// Far beyond any sensible grid (a 0.1 deg step over +-90 deg is 1,801) but small
// enough that counts multiply without overflow.
constexpr int kMaxStepsPerAxis = 100000;
constexpr std::size_t kMaxOffsets = 10000;

std::string formatNumber(double v)
{
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

void checkRange(const char* key, const AngleRange& r, std::vector<std::string>& out)
{
    const std::string name = key;
    if (!std::isfinite(r.from) || !std::isfinite(r.to) || !std::isfinite(r.step))
        out.push_back(name + ": angles must be finite numbers");
    else if (!(r.step > 0.0))
        out.push_back(name + ": the step must be greater than 0 degrees (got " + formatNumber(r.step) + ")");
    else if (r.to < r.from)
        out.push_back(name + ": the range ends (" + formatNumber(r.to) + ") before it starts ("
            + formatNumber(r.from) + ")");
    else if (std::abs(r.from) > 90.0 || std::abs(r.to) > 90.0)
        out.push_back(name + ": angles beyond +-90 degrees would turn the head over");
    else {
        const double steps = (r.to - r.from) / r.step;
        if (std::abs(steps - std::round(steps)) > 1e-6)
            out.push_back(name + ": the step " + formatNumber(r.step) + " does not divide the range "
                + formatNumber(r.from) + ".." + formatNumber(r.to) + " evenly");
        else if (steps + 1 > kMaxStepsPerAxis)
            out.push_back(name + ": more than " + std::to_string(kMaxStepsPerAxis) + " angles");
    }
}

Result<double> parseNumber(std::string_view key, std::string_view text)
{
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) {
        // Built step by step: g++ 12 -O3 warns falsely (-Wrestrict) on "'" + string.
        std::string message = "'";
        message.append(text).append("' is not a number.");
        return Error{ErrorCode::InvalidArgument, std::string(key), message, {}};
    }
    return value;
}

Result<AngleRange> parseRange(std::string_view key, std::string_view text)
{
    const auto first = text.find(':');
    const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
    if (second == std::string_view::npos)
        return Error{ErrorCode::InvalidArgument, std::string(key),
            "expected FROM:TO:STEP in degrees (e.g. -10:10:1), got '" + std::string(text) + "'.", {}};
    auto from = parseNumber(key, text.substr(0, first));
    auto to = parseNumber(key, text.substr(first + 1, second - first - 1));
    auto step = parseNumber(key, text.substr(second + 1));
    for (auto* r : {&from, &to, &step})
        if (!*r)
            return r->error();
    return AngleRange{*from, *to, *step};
}

} // namespace

int AngleRange::count() const
{
    if (!(step > 0.0) || to < from)
        return 0;
    return static_cast<int>(std::lround((to - from) / step)) + 1;
}

std::vector<std::string> AugmentationGrid::problems() const
{
    std::vector<std::string> out;
    checkRange("lr", leftRight, out);
    checkRange("ap", anteriorPosterior, out);
    checkRange("cc", cranioCaudal, out);
    if (offsetsMm.empty())
        out.push_back("offsets: give at least one section offset in mm (e.g. 0)");
    else if (offsetsMm.size() > kMaxOffsets)
        out.push_back("offsets: more than " + std::to_string(kMaxOffsets) + " sections");
    for (double o : offsetsMm)
        if (!std::isfinite(o) || std::abs(o) > 100.0) {
            out.push_back("offsets: " + formatNumber(o) + " mm is not within +-100 mm of the centre");
            break;
        }
    if (matrix < 8 || matrix > 2048)
        out.push_back("matrix: " + std::to_string(matrix) + " pixels is outside 8..2048 (the paper uses 256)");
    if (!(fieldOfViewMm >= 10.0 && fieldOfViewMm <= 500.0))
        out.push_back("fov: " + formatNumber(fieldOfViewMm) + " mm is outside 10..500 mm (the paper's is 240)");
    return out;
}

std::size_t AugmentationGrid::orientationCount() const
{
    return static_cast<std::size_t>(leftRight.count()) * static_cast<std::size_t>(anteriorPosterior.count())
        * static_cast<std::size_t>(cranioCaudal.count());
}

AugmentationSample AugmentationGrid::sample(std::size_t index) const
{
    AugmentationSample s;
    s.flipped = flip && (index % 2 == 1);
    index /= flipCount();
    s.offsetStep = static_cast<int>(index % offsetsMm.size());
    index /= offsetsMm.size();
    const auto nCc = static_cast<std::size_t>(cranioCaudal.count());
    const auto nAp = static_cast<std::size_t>(anteriorPosterior.count());
    s.cranioCaudalStep = static_cast<int>(index % nCc);
    index /= nCc;
    s.anteriorPosteriorStep = static_cast<int>(index % nAp);
    s.leftRightStep = static_cast<int>(index / nAp);
    s.leftRightDeg = leftRight.at(s.leftRightStep);
    s.anteriorPosteriorDeg = anteriorPosterior.at(s.anteriorPosteriorStep);
    s.cranioCaudalDeg = cranioCaudal.at(s.cranioCaudalStep);
    s.offsetMm = offsetsMm[static_cast<std::size_t>(s.offsetStep)];
    return s;
}

std::size_t AugmentationGrid::index(int lr, int ap, int cc, int offset, bool flipped) const
{
    std::size_t i = static_cast<std::size_t>(lr);
    i = i * static_cast<std::size_t>(anteriorPosterior.count()) + static_cast<std::size_t>(ap);
    i = i * static_cast<std::size_t>(cranioCaudal.count()) + static_cast<std::size_t>(cc);
    i = i * offsetsMm.size() + static_cast<std::size_t>(offset);
    return i * flipCount() + (flip && flipped ? 1 : 0);
}

std::string AugmentationGrid::toString() const
{
    auto range = [](const AngleRange& r) {
        return formatNumber(r.from) + ":" + formatNumber(r.to) + ":" + formatNumber(r.step);
    };
    std::string offsets;
    for (std::size_t i = 0; i < offsetsMm.size(); ++i) {
        if (i > 0)
            offsets += ',';
        offsets += formatNumber(offsetsMm[i]);
    }
    return "lr=" + range(leftRight) + " ap=" + range(anteriorPosterior) + " cc=" + range(cranioCaudal)
        + " offsets=" + offsets + " flip=" + (flip ? "1" : "0") + " matrix=" + std::to_string(matrix)
        + " fov=" + formatNumber(fieldOfViewMm);
}

Result<AugmentationGrid> AugmentationGrid::fromString(std::string_view text)
{
    AugmentationGrid grid;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n'))
            ++pos;
        if (pos >= text.size())
            break;
        auto end = text.find_first_of(" \t\n", pos);
        if (end == std::string_view::npos)
            end = text.size();
        const auto item = text.substr(pos, end - pos);
        pos = end;
        const auto eq = item.find('=');
        if (eq == std::string_view::npos)
            return Error{ErrorCode::InvalidArgument, std::string(item),
                "expected KEY=VALUE (keys: lr, ap, cc, offsets, flip, matrix, fov).", {}};
        const auto key = item.substr(0, eq);
        const auto value = item.substr(eq + 1);
        if (key == "lr" || key == "ap" || key == "cc") {
            auto range = parseRange(key, value);
            if (!range)
                return range.error();
            (key == "lr" ? grid.leftRight : key == "ap" ? grid.anteriorPosterior : grid.cranioCaudal) = *range;
        } else if (key == "offsets") {
            grid.offsetsMm.clear();
            std::size_t p = 0;
            while (p <= value.size()) {
                auto comma = value.find(',', p);
                if (comma == std::string_view::npos)
                    comma = value.size();
                auto number = parseNumber(key, value.substr(p, comma - p));
                if (!number)
                    return number.error();
                grid.offsetsMm.push_back(*number);
                p = comma + 1;
            }
        } else if (key == "flip") {
            if (value != "0" && value != "1")
                return Error{ErrorCode::InvalidArgument, "flip", "expected 0 or 1, got '" + std::string(value) + "'.", {}};
            grid.flip = value == "1";
        } else if (key == "matrix") {
            auto number = parseNumber(key, value);
            if (!number)
                return number.error();
            if (*number != std::floor(*number) || *number < 1 || *number > 1e6)
                return Error{ErrorCode::InvalidArgument, "matrix",
                    "expected a whole number of pixels, got '" + std::string(value) + "'.", {}};
            grid.matrix = static_cast<int>(*number);
        } else if (key == "fov") {
            auto number = parseNumber(key, value);
            if (!number)
                return number.error();
            grid.fieldOfViewMm = *number;
        } else {
            return Error{ErrorCode::InvalidArgument, std::string(key),
                "unknown key (known: lr, ap, cc, offsets, flip, matrix, fov).", {}};
        }
    }
    if (const auto p = grid.problems(); !p.empty()) {
        std::string all;
        for (const auto& line : p) {
            if (!all.empty())
                all += "; ";
            all += line;
        }
        return Error{ErrorCode::InvalidArgument, "augmentation grid", all + ".", {}};
    }
    return grid;
}

} // namespace tr::core
