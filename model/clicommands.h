#pragma once
// turing-reader-cli commands of the model layer. They exist in the full build
// and in the LibTorch-only build (TR_MODEL_ONLY) for GPU servers.

#include "core/clicommand.h"
#include "core/result.h"
#include "core/trainingdata.h"

#include <functional>
#include <string>
#include <vector>

namespace tr::model {

// Turns a project file into training data on the given grid. The full build
// passes one (studies reads projects); the LibTorch-only build has none and
// trains from files written by 'prepare'.
using ProjectDataSource
    = std::function<core::Result<core::TrainingData>(const std::string& project, const core::AugmentationGrid& grid)>;

std::vector<core::CliCommand> cliCommands(ProjectDataSource projects = {});

} // namespace tr::model
