#include "model/clicommands.h"

#include "model/runtimeinfo.h"

namespace tr::model {

namespace {

// "Can this machine train?" is the first question on a GPU server.
int deviceCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (!args.empty()) {
        err << "device: takes no arguments.\n";
        return core::CliUsage;
    }
    configureCpuThreads();
    const RuntimeInfo info = runtimeInfo();
    out << "LibTorch:    " << info.torchVersion << '\n'
        << "CPU threads: " << info.cpuThreads << '\n'
        << "CUDA:        "
        << (info.cudaAvailable ? "available, " + std::to_string(info.cudaDeviceCount) + " device(s)"
                               : std::string("not available (CPU training only)"))
        << '\n';
    return core::CliOk;
}

} // namespace

std::vector<core::CliCommand> cliCommands()
{
    return {
        {"device", "Show the LibTorch version, CPU threads and CUDA devices available for training",
            "device", deviceCommand},
    };
}

} // namespace tr::model
