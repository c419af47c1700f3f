#pragma once
// What the layers above the model layer need from it, as plain functions: the
// study layer never links LibTorch, so the front-ends hand it these
// (model::modelLayer() fills them in; a build without LibTorch leaves them
// empty and says so where they are needed).

#include "core/createdimagesource.h"
#include "core/realismevaluator.h"

namespace tr::core {

struct ModelLayer {
    CreatedImageSourceOpener openGenerator; // "default", a model file, a TorchScript module
    RealismEvaluator evaluateRealism;       // the realism report's observers
};

} // namespace tr::core
