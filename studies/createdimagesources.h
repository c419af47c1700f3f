#pragma once
// The sources of created images a coordinator can name, and what the study
// layer needs from the model layer to use them. The study layer never links
// LibTorch: the front-ends (app/, gui/) hand it the model layer's opener and
// evaluator (model/generatorsource.h, model/realismevaluation.h), and a
// folder of images is the study layer's own (imagefolder.h).

#include "core/createdimagesource.h"
#include "core/modellayer.h"
#include "core/result.h"

#include <QString>

#include <memory>
#include <string>

namespace tr::studies {

using ModelLayer = core::ModelLayer;

// A folder (ImageFolderSource, at `resolution`, 0: its images' own) or
// whatever `generators` opens. Errors name the source; without `generators`
// a generator is refused with a message saying this build has none.
core::Result<std::unique_ptr<core::CreatedImageSource>> openCreatedImageSource(const QString& source,
    const std::string& device, const core::CreatedImageSourceOpener& generators, int resolution = 0);

} // namespace tr::studies
