#pragma once
// The coordinator passphrase as turing-reader-cli reads it: from a file named
// by an option, else the environment, else asked on the terminal without echo.
// Never a command-line value: those end up in shell histories and process lists.
#include "core/clioptions.h"

#include <QString>

#include <optional>
#include <ostream>

namespace tr::studies {

// The variable a script sets instead of a file: TURING_READER_PASSPHRASE.
inline constexpr const char* kPassphraseVariable = "TURING_READER_PASSPHRASE";

// `fileOption` names the option (passphrase-file, current-file); the
// environment stands in for --passphrase-file only. nullopt after an error
// printed to `err` that says which of the three to give.
std::optional<QString> readPassphrase(
    const core::CliArguments& a, const char* fileOption, const char* prompt, std::ostream& err);

} // namespace tr::studies
