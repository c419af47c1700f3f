#pragma once
// Between the model layer (LibTorch, no Qt) and the studies layer (Qt, no
// LibTorch): a generator's images in the form the studies layer stores as a
// pool, with the model's identity and provenance. Neither layer may see the
// other, so both front-ends (the workspace and the CLI's 'pool created') call
// this; it builds as its own small library, without widgets.

#include "core/result.h"
#include "model/createdimage.h"
#include "model/modelfile.h"
#include "studies/generatorrealism.h"
#include "studies/imagepool.h"

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace tr::gui {

// One line of what made the model: data, epochs, images seen, seed, device, libraries.
QString modelDescription(const model::ModelInfo& info);

studies::GeneratedBatch toBatch(const model::ModelInfo& info, std::vector<model::CreatedImage> images);

// `model`: "default" (the shipped generator) or a model file's path.
core::Result<studies::GeneratedBatch> generateBatch(
    const std::string& model, int count, std::uint64_t seed, const std::string& device);

// The realism report's evaluation (model/realismevaluation.h) for the studies
// layer's evaluateGenerator(): the request's seed, device and CNN choice.
core::Result<core::RealismReport> evaluateRealism(const core::RealismInput& input,
    const studies::RealismRequest& request, const studies::RealismProgress& progress, const std::atomic<bool>& stop);

} // namespace tr::gui
