#include "core/singlecueobservers.h"

#include "core/imagecues.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace tr::core {
namespace {

struct Cue {
    const char* name;
    double (*value)(const ImageCues&);
    bool needsPngSize;
};

constexpr Cue kOneNumberCues[] = {
    {"air: fraction above 0", [](const ImageCues& c) { return c.airAboveZero; }, false},
    {"air: mean grey level", [](const ImageCues& c) { return c.airMean; }, false},
    {"high-frequency energy in the head", [](const ImageCues& c) { return c.highFrequency; }, false},
    {"left-right asymmetry", [](const ImageCues& c) { return c.asymmetry; }, false},
    {"PNG file size", [](const ImageCues& c) { return c.pngBytes; }, true},
};

double mean(const std::vector<double>& v)
{
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

std::vector<ImageCues> cuesOf(const LabelledSet& set, int side)
{
    std::vector<ImageCues> cues;
    cues.reserve(set.images.size());
    for (const auto* image : set.images)
        cues.push_back(imageCues(image->pixels, side, image->pngBytes));
    return cues;
}

} // namespace

std::vector<ObserverResult> singleCueObservers(const LabelledSet& fit, const LabelledSet& test, int side)
{
    std::vector<ObserverResult> results;
    const auto fitCues = cuesOf(fit, side), testCues = cuesOf(test, side);
    {
        std::vector<std::vector<double>> rows, testRows;
        for (const auto& c : fitCues)
            rows.emplace_back(c.histogram.begin(), c.histogram.end());
        for (const auto& c : testCues)
            testRows.emplace_back(c.histogram.begin(), c.histogram.end());
        LogisticRegression histogram;
        histogram.fit(rows, fit.created);
        int correct = 0;
        for (std::size_t i = 0; i < testRows.size(); ++i)
            correct += (histogram.probabilityCreated(testRows[i]) > 0.5) == test.created[i] ? 1 : 0;
        results.push_back({"grey-level histogram (256 bins)", heldOutAccuracy(correct, int(testRows.size()))});
    }
    const auto encoded = [](const LabelledSet& s) {
        return std::all_of(s.images.begin(), s.images.end(), [](const RealismImage* i) { return i->pngBytes > 0; });
    };
    const bool sized = encoded(fit) && encoded(test);
    for (const Cue& cue : kOneNumberCues) {
        if (cue.needsPngSize && !sized)
            continue;
        std::vector<double> values, realValues, createdValues;
        for (const auto& c : fitCues)
            values.push_back(cue.value(c));
        const auto rule = fitThreshold(values, fit.created);
        int correct = 0;
        for (std::size_t i = 0; i < testCues.size(); ++i) {
            const double v = cue.value(testCues[i]);
            correct += rule.callsCreated(v) == test.created[i] ? 1 : 0;
            (test.created[i] ? createdValues : realValues).push_back(v);
        }
        ObserverResult o{cue.name, heldOutAccuracy(correct, int(testCues.size()))};
        o.oneNumber = true;
        o.realMean = mean(realValues);
        o.createdMean = mean(createdValues);
        results.push_back(o);
    }
    return results;
}

} // namespace tr::core
