#pragma once
// turing-reader-cli commands of the model layer. They exist in the full build
// and in the LibTorch-only build (TR_MODEL_ONLY) for GPU servers.

#include "core/clicommand.h"

#include <vector>

namespace tr::model {

std::vector<core::CliCommand> cliCommands();

} // namespace tr::model
