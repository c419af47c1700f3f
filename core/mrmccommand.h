#pragma once
// turing-reader-cli mrmc: the ROC and multi-reader multi-case analysis
// (mrmcanalysis.h) of a ratings file in the MRMC .lrc format, so that any
// study's figures - ours, or one from the OR-DBM MRMC software or RJafroc -
// can be checked against the published ones.

#include "core/clicommand.h"

namespace tr::core {

CliCommand mrmcCliCommand();

} // namespace tr::core
