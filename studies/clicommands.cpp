#include "studies/clicommands.h"

#include "studies/storagelocations.h"

namespace tr::studies {

namespace {

int pathsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (!args.empty()) {
        err << "paths: takes no arguments.\n";
        return core::CliUsage;
    }
    const StorageLocations locations = storageLocations();
    out << "projects: " << locations.projectsDir.toStdString() << '\n'
        << "data:     " << locations.dataDir.toStdString() << '\n'
        << "settings: " << locations.configDir.toStdString() << '\n';
    return core::CliOk;
}

} // namespace

std::vector<core::CliCommand> cliCommands()
{
    return {
        {"paths", "Show where projects, application data and settings are stored", "paths", pathsCommand},
    };
}

} // namespace tr::studies
