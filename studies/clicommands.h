#pragma once
// turing-reader-cli commands of the study layer.

#include "core/clicommand.h"
#include "studies/generatorrealism.h"
#include "studies/imagepool.h"

#include <vector>

namespace tr::studies {

// `generator` makes created images for 'pool created' and 'evaluate', and
// `evaluator` runs the realism report's observers (both from the model layer,
// through gui/modelbridge); without them those commands say they need the
// full turing-reader-cli.
std::vector<core::CliCommand> cliCommands(ImageGenerator generator = {}, RealismEvaluator evaluator = {});

// evaluate: the realism report of a generator on a project's real slices.
core::CliCommand evaluateCliCommand(ImageGenerator generator, RealismEvaluator evaluator);

// The reader-study commands: passphrase, pool, study, reader, session, results, events.
std::vector<core::CliCommand> studyCliCommands(ImageGenerator generator);

} // namespace tr::studies
