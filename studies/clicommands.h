#pragma once
// turing-reader-cli commands of the study layer.

#include "core/clicommand.h"

#include <vector>

namespace tr::studies {

std::vector<core::CliCommand> cliCommands();

} // namespace tr::studies
