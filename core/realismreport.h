#pragma once
// How realistic a generator's images are, measured before any reader sits
// down (issue 14): a machine observer (a CNN two-sample test, Lopez-Paz &
// Oquab 2017) on subjects it never saw, single-cue observers that name what
// gives the images away, memorisation against the training subjects, and
// diversity. Plain data: the model layer computes it, the studies layer stores
// it with the generator, the CLI and the workspace show it.

#include "core/cueobservers.h"
#include "core/imagedistances.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tr::core {

// One image handed to the evaluation. `group`: the subject (volume) a real
// image comes from, so that no subject is in both training and test; created
// images of a generator each form their own group (-1). pngBytes: the size of
// the PNG the product would store for it (0: not encoded, the cue is left out).
struct RealismImage {
    GreyImage pixels; // side x side, row-major
    int group = -1;
    std::size_t pngBytes = 0;
};

struct RealismInput {
    int side = 0;
    std::vector<RealismImage> real, created;
    std::vector<std::string> groupNames; // real groups' names (volume pseudonyms), by group index
};

struct ObserverResult {
    std::string name;  // "CNN observer", "air: fraction above 0", ...
    HeldOutAccuracy accuracy;
    // For one-number cues: the cue's mean over the held-out real and created images.
    double realMean = 0.0, createdMean = 0.0;
    bool oneNumber = false;
};

struct MemorisedImage {
    std::size_t created = 0;   // index into RealismInput::created
    std::size_t reference = 0; // index into RealismInput::real
    double rms = 0.0, ssim = 0.0;
};

struct MemorisationResult {
    int checked = 0;                     // created images compared
    double realThresholdRms = 0.0;       // 1st percentile of real-to-real nearest distances
    double realMedianRms = 0.0;          // median nearest distance of real images to other subjects
    double createdMedianRms = 0.0;       // median nearest distance of created images to the real ones
    double createdMedianSsim = 0.0;      // SSIM of each created image with its nearest real one, median
    int flagged = 0;                     // created images nearer than realThresholdRms
    std::vector<MemorisedImage> nearest; // the flagged ones, nearest first (at most 16)
};

// The threshold is the real images' 1st percentile, so 1 % of created images
// fall below it by chance even from a generator that copies nothing. What
// counts is whether more do: the one-sided binomial p of `flagged` or more in
// `checked` at 1 %, and memorisation is suspected below p = 0.001.
inline constexpr double kMemorisationChanceRate = 0.01;
inline constexpr double kMemorisationAlpha = 0.001;
double memorisationP(const MemorisationResult& m);
bool memorisationSuspected(const MemorisationResult& m);

struct DiversityResult {
    double real = 0.0, created = 0.0; // mean pairwise RMS within each source, grey levels
    double ratio() const { return real > 0.0 ? created / real : 0.0; }
};

struct RealismReport {
    int side = 0;
    int realSubjects = 0, trainSubjects = 0, testSubjects = 0;
    int trainReal = 0, trainCreated = 0, testReal = 0, testCreated = 0;
    ObserverResult machine;            // the CNN
    std::string machineDetail;         // architecture, epochs, validation accuracy
    std::vector<ObserverResult> cues;  // single-cue observers
    MemorisationResult memorisation;
    DiversityResult diversity;
    std::uint64_t seed = 0;
    double seconds = 0.0;
    bool machineRun = false;           // false when the CNN was left out on request
};

// The report as a person reads it: one line per observer, then memorisation
// and diversity, each with what it means.
std::string formatRealismReport(const RealismReport& report);

} // namespace tr::core
