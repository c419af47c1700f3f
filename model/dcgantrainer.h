#pragma once
// Training and generation with the paper's DCGAN. No LibTorch in this header
// (pimpl): the CLI and, later, the GUI use it without LibTorch's headers.
//
// Images cross this boundary as the training-set sampler makes them: S x S
// floats in [0, 1], row-major (core/slicesampler.h); created images leave as
// 8-bit grey in the same layout, mapped exactly as the PNG export maps real ones.

#include "core/result.h"
#include "core/createdimage.h"
#include "model/dcganoptions.h"
#include "model/savedweights.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace torch::serialize {
class OutputArchive;
}

namespace tr::model {

struct TrainStep {
    double discriminatorLoss = 0.0; // BCE on real (label 1) plus fake (label 0)
    double generatorLoss = 0.0;     // BCE of D(G(z)) against label 1, plus the mode-seeking term if set
    double realScore = 0.0;         // mean D(x), as a probability
    double fakeScore = 0.0;         // mean D(G(z)) before the generator's update
    // Mean absolute difference between the batch's two halves of created images,
    // in grey levels (0..255). Real slices of the grid differ by about 20 at 64 px;
    // a value falling towards 0 is mode collapse, visible long before the samples.
    double createdSpread = 0.0;
};

// Where a training run stands and what it trains on, kept in each checkpoint
// beside the networks, so that a resumed run continues exactly.
struct RunState {
    std::uint64_t seed = 0;           // the run's seed (data order, latent noise)
    std::int64_t epoch = 0;           // 0-based epoch in progress
    std::int64_t positionInEpoch = 0; // images of that epoch already used
    std::string data;                 // description: volume pseudonyms and grid, never names
};

class DcganTrainer {
public:
    // device: "cpu" or "cuda". Options must be valid (problems() empty).
    DcganTrainer(const DcganOptions& options, std::uint64_t seed, const std::string& device = "cpu");
    ~DcganTrainer();
    DcganTrainer(const DcganTrainer&) = delete;
    DcganTrainer& operator=(const DcganTrainer&) = delete;

    const DcganOptions& options() const;
    std::int64_t steps() const;

    // One step on a batch of `count` real images (count * S * S floats in [0, 1]).
    TrainStep step(std::span<const float> real, int count);

    // `count` images from the generator (evaluation mode), see generateImages().
    std::vector<core::CreatedImage> generate(std::uint64_t seed, int count);

    // Checkpoint: both networks (with batch-norm statistics), both optimisers,
    // the step count, the latent noise generator's state, the options and `state`.
    // Written to a temporary file and renamed, so a crash never leaves half a file.
    core::Result<void> saveCheckpoint(const std::filesystem::path& path, const RunState& state) const;
    // Errors name the file: missing, not a checkpoint, damaged, or a newer format.
    static core::Result<std::unique_ptr<DcganTrainer>> loadCheckpoint(
        const std::filesystem::path& path, RunState& state, const std::string& device = "cpu");

    // The generator's weights into an archive (for the model file).
    void saveGenerator(torch::serialize::OutputArchive& archive, SavedWeights which = SavedWeights::Output) const;

    // Every parameter and buffer of both networks, flattened: for tests that
    // compare two runs bit for bit.
    std::vector<float> weights() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace tr::model
