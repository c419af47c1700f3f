#pragma once
// One sub-command of turing-reader-cli. Each layer contributes its own commands
// (core/io: volume info, model: device, ...) and app/cli_main.cpp only wires
// them together, so the LibTorch-only build gets the model commands alone.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace tr::core {

// Exit codes shared by every command, as in sysexits-style tools: scripts can tell
// "you called me wrongly" from "the input was bad".
enum CliExit : int { CliOk = 0, CliFailed = 1, CliUsage = 2 };

struct CliCommand {
    std::string name;
    std::string summary; // one line for the command list
    std::string usage;   // "NAME ARGS" plus an explanation of each argument
    std::function<int(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)> run;
};

} // namespace tr::core
