#pragma once
// A whole training run: epochs over every image index of the prepared volumes
// (core/trainingdata.h) in a seeded random order, batches drawn through the
// slice sampler, progress through a callback, a sample grid per epoch,
// checkpoints at a step interval and at each epoch end, stop on request between
// steps, and exact resumption from a checkpoint.

#include "core/result.h"
#include "core/trainingdata.h"
#include "model/dcgantrainer.h"
#include "model/modelfile.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

namespace tr::model {

struct TrainingSettings {
    DcganOptions options;
    int epochs = 35;                     // the paper's
    std::int64_t imagesPerEpoch = 0;     // 0: every index (48,510 x volumes); else a cap, for quick runs
    std::uint64_t seed = 1;
    std::string device = "cpu";
    std::filesystem::path checkpoint;    // written here (required), at every interval and epoch end
    // Also keep each epoch's end as its own file (epochCheckpointPath), so a run
    // can go back to an epoch before a collapse or for comparison. 31 MB each
    // at 64 px (measured); ~105 MB at 256 px (8.7 M parameters, each with two
    // Adam moments, 4 bytes apiece).
    bool keepEpochCheckpoints = true;
    std::int64_t checkpointEverySteps = 200;
    std::filesystem::path samplesDir;    // a sample grid per epoch when set
    // A budget of training time in seconds (0: none). When it is spent the run
    // ends as if its epochs were done (checkpoint written, outcome not
    // "stopped"), so that recipes can be compared at equal CPU time and a
    // coordinator can train "for as long as the night allows".
    double maxSeconds = 0.0;
};

struct TrainingProgress {
    int epoch = 0; // 1-based
    int epochs = 0;
    std::int64_t stepInEpoch = 0, stepsPerEpoch = 0, step = 0;
    double imagesPerSecond = 0.0;
    double etaSeconds = 0.0;
    TrainStep last;
};

struct TrainingOutcome {
    std::unique_ptr<DcganTrainer> trainer;
    RunState state;
    bool stopped = false;
    bool budgetSpent = false;    // ended by maxSeconds before its last epoch
    std::int64_t imagesSeen = 0; // in this run (not counting a resumed run's earlier part)
    double seconds = 0.0;
};

// Where the checkpoint of the end of `epoch` (1-based) is kept:
// "g.trmodel.checkpoint" -> "g.trmodel.epoch-003.checkpoint".
std::filesystem::path epochCheckpointPath(const std::filesystem::path& checkpoint, std::int64_t epoch);

// The order of image indices in one epoch: a permutation of all indices drawn
// from (seed, epoch), cut to imagesPerEpoch. Depends on nothing else, so a
// resumed run recreates it exactly.
std::vector<std::int64_t> epochOrder(std::int64_t images, std::uint64_t seed, std::int64_t epoch, std::int64_t cap);

// What the model file of a finished run records, for the CLI and the GUI alike.
// A run ended by its time budget records the epochs it completed.
ModelInfo modelInfoOf(const core::TrainingData& data, const TrainingSettings& settings, const TrainingOutcome& outcome);

core::Result<TrainingOutcome> runTraining(const core::TrainingData& data, const TrainingSettings& settings,
    const std::optional<std::filesystem::path>& resumeFrom,
    const std::function<void(const TrainingProgress&)>& progress, const std::atomic<bool>& stop);

} // namespace tr::model
