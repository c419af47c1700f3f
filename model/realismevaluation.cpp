#include "model/realismevaluation.h"

#include "core/singlecueobservers.h"
#include "core/subjectsplit.h"
#include "core/splitmix64.h"
#include "model/computedevice.h"

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
    core::SubjectSplit real = core::splitBySubject(input.real, s.testShare, s.validationShare, random);
    core::SubjectSplit created = core::splitBySubject(input.created, s.testShare, s.validationShare, random);
    core::balanceParts(real.train, created.train);
    core::balanceParts(real.validation, created.validation);
    core::balanceParts(real.test, created.test);
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
    Part fit = train;
    fit.images.insert(fit.images.end(), validation.images.begin(), validation.images.end());
    fit.created.insert(fit.created.end(), validation.created.begin(), validation.created.end());
    r.cues = core::singleCueObservers({fit.images, fit.created}, {test.images, test.created}, input.side);
    if (stop)
        return stoppedError();
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
    core::seededShuffle(baseline, random);
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
    core::seededShuffle(checked, random);
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

core::Result<core::RealismReport> evaluateRealism(const core::RealismInput& input, const core::RealismOptions& options,
    const core::RealismStageProgress& progress, const std::atomic<bool>& stop)
{
    auto device = resolveDevice(options.device);
    if (!device)
        return device.error();
    RealismSettings settings;
    settings.seed = options.seed;
    settings.observer.seed = options.seed;
    settings.observer.device = *device;
    settings.runObserver = options.observer;
    return evaluateRealism(input, settings, [&](const RealismProgress& p) {
        if (progress)
            progress(p.stage, p.fraction);
    }, stop);
}

} // namespace tr::model
