#pragma once
// turing-reader-cli commands that need only core's I/O.

#include "core/clicommand.h"

#include <vector>

namespace tr::core::io {

std::vector<CliCommand> cliCommands();

} // namespace tr::core::io
