#pragma once
// turing-reader-cli commands of the study layer.

#include "core/clicommand.h"
#include "studies/imagepool.h"

#include <vector>

namespace tr::studies {

// `generator` makes created images for 'pool created'; without one that
// command says it needs the full turing-reader-cli.
std::vector<core::CliCommand> cliCommands(ImageGenerator generator = {});

// The reader-study commands: passphrase, pool, study, reader, session, results, events.
std::vector<core::CliCommand> studyCliCommands(ImageGenerator generator);

} // namespace tr::studies
