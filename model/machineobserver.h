#pragma once
// The machine observer of the realism report: a small CNN trained to tell real
// from created images, and scored on images it never saw (a classifier two-
// sample test, Lopez-Paz & Oquab 2017). Made strong on purpose (four
// convolutional blocks, trained until its validation loss stops improving): a
// weak observer flatters every generator. No LibTorch in this header.

#include "core/imagedistances.h"
#include "core/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tr::model {

struct MachineObserverSettings {
    int width = 16;            // channels of the first block; then 2x, 4x, 8x
    int maxEpochs = 60;
    int patience = 6;          // epochs without a better validation loss before stopping
    int batchSize = 64;
    double learningRate = 1e-3;
    double weightDecay = 1e-4;
    std::uint64_t seed = 1;
    std::string device = "cpu"; // as resolveDevice() returns it
};

struct LabelledImages {
    std::vector<const core::GreyImage*> images; // side x side each
    std::vector<bool> created;                  // one label per image
};

struct MachineObserverOutcome {
    std::vector<double> testProbabilityCreated; // one per test image
    int epochs = 0;                // run
    int bestEpoch = 0;             // whose weights score the test images
    double validationAccuracy = 0.0;
    double trainingAccuracy = 0.0; // of the best epoch's weights
    bool stopped = false;          // on request; the outcome is then empty
    std::string architecture;      // one line
};

struct MachineObserverProgress {
    int epoch = 0, maxEpochs = 0;
    double validationLoss = 0.0, validationAccuracy = 0.0;
};

core::Result<MachineObserverOutcome> runMachineObserver(int side, const LabelledImages& train,
    const LabelledImages& validation, const LabelledImages& test, const MachineObserverSettings& settings,
    const std::function<void(const MachineObserverProgress&)>& progress, const std::atomic<bool>& stop);

} // namespace tr::model
