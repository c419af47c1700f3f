#pragma once
// turing-reader-cli commands of the study layer.

#include "core/clicommand.h"
#include "studies/createdimagesources.h"
#include "studies/generatorrealism.h"
#include "studies/imagepool.h"

#include <vector>

namespace tr::studies {

// `model` opens generators for 'pool created' and 'evaluate' and runs the
// realism report's observers (the model layer's, wired in by app/); without
// it those commands take image folders only and say what they need.
std::vector<core::CliCommand> cliCommands(ModelLayer model = {});

// evaluate: the realism report of a source of created images on a project's real slices.
core::CliCommand evaluateCliCommand(ModelLayer model);

// project copy: a whole project between a file and a server, verified.
core::CliCommand projectCliCommand();

// The reader-study commands: passphrase, pool, study, reader, session, results, events.
std::vector<core::CliCommand> studyCliCommands(const ModelLayer& model);

} // namespace tr::studies
