#include "model/realismevaluation.h"

#include "core/imagecues.h"
#include "core/splitmix64.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>

namespace tr::model {

namespace {

using core::RealismImage;

core::Error fieldError(const std::string& field, const std::string& message)
{
    return core::Error{core::ErrorCode::InvalidArgument, field, message, {}};
}

core::Error stoppedError()
{
    return core::Error{core::ErrorCode::InvalidArgument, "stopped", "The evaluation was stopped; nothing was kept.", {}};
}

template <typename T>
void shuffle(std::vector<T>& v, core::SplitMix64& random)
{
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[std::size_t(random.below(i))]);
}

// Indices of one source's images into test, validation and training parts,
// whole groups at a time: no subject is in two parts. Images of group -1 are
// groups of their own.
struct Split {
    std::vector<std::size_t> train, validation, test;
    int trainGroups = 0, testGroups = 0;
};

Split splitByGroup(const std::vector<RealismImage>& images, const RealismSettings& s, core::SplitMix64& random)
{
    std::map<long long, std::vector<std::size_t>> byGroup;
    for (std::size_t i = 0; i < images.size(); ++i)
        byGroup[images[i].group >= 0 ? images[i].group : -1 - static_cast<long long>(i)].push_back(i);
    std::vector<const std::vector<std::size_t>*> groups;
    for (const auto& [key, members] : byGroup)
        groups.push_back(&members);
    shuffle(groups, random);
    const std::size_t g = groups.size();
    const std::size_t test = std::clamp<std::size_t>(std::size_t(double(g) * s.testShare + 0.5), 1, g - 2);
    const std::size_t validation
        = std::clamp<std::size_t>(std::size_t(double(g - test) * s.validationShare + 0.5), 1, g - test - 1);
    Split split;
    for (std::size_t k = 0; k < g; ++k) {
        auto& part = k < test ? split.test : (k < test + validation ? split.validation : split.train);
        part.insert(part.end(), groups[k]->begin(), groups[k]->end());
    }
    split.testGroups = int(test);
    split.trainGroups = int(g - test);
    shuffle(split.train, random);
    shuffle(split.validation, random);
    shuffle(split.test, random);
    return split;
}

// Both sources the same size in each part, so that 0.5 is chance.
void balance(std::vector<std::size_t>& a, std::vector<std::size_t>& b)
{
    const std::size_t n = std::min(a.size(), b.size());
    a.resize(n);
    b.resize(n);
}

struct Part {
    std::vector<const RealismImage*> images;
    std::vector<bool> created;
    void add(const std::vector<RealismImage>& from, const std::vector<std::size_t>& which, bool isCreated)
    {
        for (std::size_t i : which) {
            images.push_back(&from[i]);
            created.push_back(isCreated);
        }
    }
    LabelledImages labelled() const
    {
        LabelledImages l;
        for (const auto* image : images)
            l.images.push_back(&image->pixels);
        l.created = created;
        return l;
    }
};

struct Cue {
    const char* name;
    double (*value)(const core::ImageCues&);
};

constexpr Cue kOneNumberCues[] = {
    {"air: fraction above 0", [](const core::ImageCues& c) { return c.airAboveZero; }},
    {"air: mean grey level", [](const core::ImageCues& c) { return c.airMean; }},
    {"high-frequency energy in the head", [](const core::ImageCues& c) { return c.highFrequency; }},
    {"left-right asymmetry", [](const core::ImageCues& c) { return c.asymmetry; }},
    {"PNG file size", [](const core::ImageCues& c) { return c.pngBytes; }},
};

double mean(const std::vector<double>& v)
{
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    const double at = q * double(v.size() - 1);
    const auto low = std::size_t(at);
    const auto high = std::min(low + 1, v.size() - 1);
    return v[low] + (at - double(low)) * (v[high] - v[low]);
}

} // namespace

core::Result<core::RealismReport> evaluateRealism(const core::RealismInput& input, const RealismSettings& s,
    const std::function<void(const RealismProgress&)>& progress, const std::atomic<bool>& stop)
{
    const auto started = std::chrono::steady_clock::now();
    const auto report = [&](const char* stage, double fraction) {
        if (progress)
            progress({stage, fraction});
    };
    const std::size_t pixels = std::size_t(input.side) * std::size_t(input.side);
    if (input.side < 16)
        return fieldError("resolution", "Images must be at least 16 x 16 pixels.");
    for (const auto* source : {&input.real, &input.created})
        for (const auto& image : *source)
            if (image.pixels.size() != pixels)
                return fieldError("images", "Every image must be " + std::to_string(input.side) + " x "
                        + std::to_string(input.side) + " pixels; this is a bug, please report it.");
    std::map<int, int> realGroups;
    for (const auto& image : input.real)
        if (image.group < 0)
            return fieldError("real images", "Every real image must name its subject; this is a bug, please report it.");
        else
            ++realGroups[image.group];
    if (realGroups.size() < 3)
        return fieldError("volumes", "The realism report needs real images of at least 3 subjects (volumes), so that "
                                     "it can hold whole subjects out; " + std::to_string(realGroups.size()) + " given.");
    if (input.created.size() < 6)
        return fieldError("created images", "The realism report needs at least 6 created images.");
    std::map<int, int> createdGroups;
    for (const auto& image : input.created)
        if (image.group >= 0)
            ++createdGroups[image.group];
    if (!createdGroups.empty() && createdGroups.size() < 3)
        return fieldError("created images", "Created images that name subjects must come from at least 3 of them.");

    core::SplitMix64 random(s.seed);
    Split real = splitByGroup(input.real, s, random);
    Split created = splitByGroup(input.created, s, random);
    balance(real.train, created.train);
    balance(real.validation, created.validation);
    balance(real.test, created.test);
    if (real.test.empty() || real.train.empty() || real.validation.empty())
        return fieldError("real images", "Too few images to hold some out for testing; give more real and created images.");

    core::RealismReport r;
    r.side = input.side;
    r.seed = s.seed;
    r.realSubjects = int(realGroups.size());
    r.trainSubjects = real.trainGroups;
    r.testSubjects = real.testGroups;
    r.trainReal = int(real.train.size() + real.validation.size());
    r.trainCreated = int(created.train.size() + created.validation.size());
    r.testReal = int(real.test.size());
    r.testCreated = int(created.test.size());

    Part train, validation, test;
    train.add(input.real, real.train, false);
    train.add(input.created, created.train, true);
    validation.add(input.real, real.validation, false);
    validation.add(input.created, created.validation, true);
    test.add(input.real, real.test, false);
    test.add(input.created, created.test, true);

    // Single cues: fitted on training and validation images, scored on the test.
    report("cues", 0.0);
    const auto cuesOf = [&](const Part& part) {
        std::vector<core::ImageCues> cues;
        for (const auto* image : part.images)
            cues.push_back(core::imageCues(image->pixels, input.side, image->pngBytes));
        return cues;
    };
    Part fit = train;
    fit.images.insert(fit.images.end(), validation.images.begin(), validation.images.end());
    fit.created.insert(fit.created.end(), validation.created.begin(), validation.created.end());
    const auto fitCues = cuesOf(fit), testCues = cuesOf(test);
    if (stop)
        return stoppedError();
    {
        std::vector<std::vector<double>> rows, testRows;
        for (const auto& c : fitCues)
            rows.emplace_back(c.histogram.begin(), c.histogram.end());
        for (const auto& c : testCues)
            testRows.emplace_back(c.histogram.begin(), c.histogram.end());
        core::LogisticRegression histogram;
        histogram.fit(rows, fit.created);
        int correct = 0;
        for (std::size_t i = 0; i < testRows.size(); ++i)
            correct += (histogram.probabilityCreated(testRows[i]) > 0.5) == test.created[i] ? 1 : 0;
        r.cues.push_back({"grey-level histogram (256 bins)", core::heldOutAccuracy(correct, int(testRows.size()))});
    }
    const bool encoded = std::all_of(input.real.begin(), input.real.end(), [](const auto& i) { return i.pngBytes > 0; })
        && std::all_of(input.created.begin(), input.created.end(), [](const auto& i) { return i.pngBytes > 0; });
    for (const Cue& cue : kOneNumberCues) {
        if (std::string(cue.name) == "PNG file size" && !encoded)
            continue;
        std::vector<double> values, testValues, realValues, createdValues;
        for (const auto& c : fitCues)
            values.push_back(cue.value(c));
        const auto rule = core::fitThreshold(values, fit.created);
        int correct = 0;
        for (std::size_t i = 0; i < testCues.size(); ++i) {
            const double v = cue.value(testCues[i]);
            correct += rule.callsCreated(v) == test.created[i] ? 1 : 0;
            (test.created[i] ? createdValues : realValues).push_back(v);
        }
        core::ObserverResult o{cue.name, core::heldOutAccuracy(correct, int(testCues.size()))};
        o.oneNumber = true;
        o.realMean = mean(realValues);
        o.createdMean = mean(createdValues);
        r.cues.push_back(o);
    }
    report("cues", 1.0);

    if (s.runObserver) {
        auto outcome = runMachineObserver(input.side, train.labelled(), validation.labelled(), test.labelled(),
            s.observer, [&](const MachineObserverProgress& p) {
                report("CNN observer", double(p.epoch) / double(std::max(1, p.maxEpochs)));
            }, stop);
        if (!outcome)
            return outcome.error();
        if (outcome->stopped)
            return stoppedError();
        int correct = 0;
        for (std::size_t i = 0; i < test.images.size(); ++i)
            correct += (outcome->testProbabilityCreated[i] > 0.5) == test.created[i] ? 1 : 0;
        r.machine = {"CNN observer", core::heldOutAccuracy(correct, int(test.images.size()))};
        r.machineRun = true;
        char detail[160];
        std::snprintf(detail, sizeof detail, "%d epochs, weights of epoch %d (validation accuracy %.3f, training %.3f)",
            outcome->epochs, outcome->bestEpoch, outcome->validationAccuracy, outcome->trainingAccuracy);
        r.machineDetail = outcome->architecture + "; " + detail;
    }

    // Memorisation: each created image's nearest real image, against the
    // nearest other-subject image of real ones (what "as near as a different
    // person's scan" looks like).
    report("memorisation", 0.0);
    std::vector<const core::GreyImage*> references;
    for (const auto& image : input.real)
        references.push_back(&image.pixels);
    std::vector<std::size_t> baseline(input.real.size());
    std::iota(baseline.begin(), baseline.end(), std::size_t(0));
    shuffle(baseline, random);
    baseline.resize(std::min<std::size_t>(baseline.size(), std::size_t(std::max(1, s.realBaseline))));
    std::vector<const core::GreyImage*> baselineImages;
    for (std::size_t i : baseline)
        baselineImages.push_back(&input.real[i].pixels);
    const auto realNearest = core::nearestByRms(baselineImages, references,
        [&](std::size_t q, std::size_t ref) { return input.real[ref].group == input.real[baseline[q]].group; });
    if (stop)
        return stoppedError();
    report("memorisation", 0.5);
    std::vector<double> realDistances;
    for (const auto& n : realNearest)
        realDistances.push_back(n.rms);
    std::vector<std::size_t> checked(input.created.size());
    std::iota(checked.begin(), checked.end(), std::size_t(0));
    shuffle(checked, random);
    checked.resize(std::min<std::size_t>(checked.size(), std::size_t(std::max(1, s.memorisationChecked))));
    std::sort(checked.begin(), checked.end());
    std::vector<const core::GreyImage*> checkedImages;
    for (std::size_t i : checked)
        checkedImages.push_back(&input.created[i].pixels);
    const auto createdNearest = core::nearestByRms(checkedImages, references, [](std::size_t, std::size_t) { return false; });
    auto& m = r.memorisation;
    m.checked = int(checked.size());
    m.realThresholdRms = quantile(realDistances, 0.01);
    m.realMedianRms = quantile(realDistances, 0.5);
    std::vector<double> createdDistances, createdSsim;
    for (std::size_t k = 0; k < checked.size(); ++k) {
        const auto& n = createdNearest[k];
        const double similarity = core::ssim(input.created[checked[k]].pixels, input.real[n.index].pixels, input.side);
        createdDistances.push_back(n.rms);
        createdSsim.push_back(similarity);
        if (n.rms < m.realThresholdRms) {
            ++m.flagged;
            m.nearest.push_back({checked[k], n.index, n.rms, similarity});
        }
    }
    std::sort(m.nearest.begin(), m.nearest.end(), [](const auto& a, const auto& b) { return a.rms < b.rms; });
    if (m.nearest.size() > 16)
        m.nearest.resize(16);
    m.createdMedianRms = quantile(createdDistances, 0.5);
    m.createdMedianSsim = quantile(createdSsim, 0.5);
    report("memorisation", 1.0);

    report("diversity", 0.0);
    std::vector<const core::GreyImage*> realImages, createdImages;
    for (const auto& image : input.real)
        realImages.push_back(&image.pixels);
    for (const auto& image : input.created)
        createdImages.push_back(&image.pixels);
    r.diversity.real = core::meanPairwiseRms(realImages, s.diversityPairs, s.seed);
    r.diversity.created = core::meanPairwiseRms(createdImages, s.diversityPairs, s.seed + 1);
    report("diversity", 1.0);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

} // namespace tr::model
