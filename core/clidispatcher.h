#pragma once
// Command-line front of turing-reader-cli: --help, --version, "help COMMAND" and
// dispatch to a CliCommand. Plain C++ so that the LibTorch-only build (no Qt)
// shares it.

#include "core/clicommand.h"

#include <ostream>
#include <string>
#include <vector>

namespace tr::core {

class CliDispatcher {
public:
    CliDispatcher(std::string program, std::string versionText);

    void add(CliCommand command);
    void add(std::vector<CliCommand> commands);

    // Runs the command line (argv[0] excluded); returns the process exit code.
    int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) const;

    void printHelp(std::ostream& out) const;

private:
    const CliCommand* find(const std::string& name) const;

    std::string m_program;
    std::string m_versionText;
    std::vector<CliCommand> m_commands;
};

} // namespace tr::core
