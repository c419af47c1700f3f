#pragma once
// The product's model file: the generator's weights and what one needs to trust
// and reproduce them (resolution, widths, intensity mapping, training data by
// pseudonym, epochs, images seen, seed, device, library versions, SHA-256 of the
// weights). Loading checks all of it; a damaged or foreign file is an error that
// names the file, never a crash.

#include "core/result.h"
#include "core/createdimage.h"
#include "model/dcganoptions.h"
#include "model/savedweights.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tr::model {

class DcganTrainer;

struct ModelInfo {
    DcganOptions options;
    std::string trainingData;   // pseudonyms and grid (TrainingData::description)
    std::int64_t epochs = 0;
    std::int64_t imagesSeen = 0;
    std::uint64_t seed = 0;
    std::string device;         // where it was trained
    std::string libraries;      // e.g. "LibTorch 1.13.1"
    // The training-only settings (batch, Adam, mode-seeking weight, real label,
    // the discriminator's variant) in one line; written by saveModel from the
    // trainer, empty in files written before it was kept.
    std::string training;
    // How output becomes grey. Files written before the presentation window say
    // "tanh output mapped [-1, 1] -> 0..255, as real slices map [0, 1] -> 0..255";
    // their images now pass through the window too (core/presentation.h).
    std::string intensity = "tanh output mapped [-1, 1] -> [0, 1], then to 0..255 through the presentation window "
                            "real slices pass through (below 2.5/255: 0; above 252.5/255: 255)";
    std::string weightsSha256;  // filled in by saveModel
    // Format 2 on: SHA-256 over every field above and the weights, checked on
    // loading. It proves the file is as it was written (integrity), not who
    // wrote it (that would need a signature). Empty for format 1 files, whose
    // digest covers the weights alone.
    std::string contentSha256;
    std::int64_t formatVersion = 0; // of the file loaded or written
};

// What the digests of a loaded model prove, in one line for people.
std::string integrityStatement(const ModelInfo& info);

// Writes the trainer's generator with `info` (PATH.part, then renamed).
// With SavedWeights::Raw from a run that keeps a moving average, the file's
// training line says so.
core::Result<void> saveModel(const std::filesystem::path& path, const DcganTrainer& trainer, ModelInfo info,
    SavedWeights which = SavedWeights::Output);

class GeneratorModel {
public:
    static core::Result<GeneratorModel> load(const std::filesystem::path& path, const std::string& device = "cpu");
    GeneratorModel(GeneratorModel&&) noexcept;
    GeneratorModel& operator=(GeneratorModel&&) noexcept;
    ~GeneratorModel();

    const ModelInfo& info() const;
    std::vector<core::CreatedImage> generate(std::uint64_t seed, int count);
    // The images with these image seeds (as a manifest records them), made again.
    std::vector<core::CreatedImage> regenerate(const std::vector<std::uint64_t>& imageSeeds);

private:
    GeneratorModel();
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace tr::model
