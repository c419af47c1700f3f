#include "core/clidispatcher.h"

#include "core/guarded.h"

#include <algorithm>
#include <iomanip>

namespace tr::core {

CliDispatcher::CliDispatcher(std::string program, std::string versionText)
    : m_program(std::move(program))
    , m_versionText(std::move(versionText))
{
}

void CliDispatcher::add(CliCommand command)
{
    m_commands.push_back(std::move(command));
}

void CliDispatcher::add(std::vector<CliCommand> commands)
{
    for (auto& command : commands)
        add(std::move(command));
}

const CliCommand* CliDispatcher::find(const std::string& name) const
{
    const auto it = std::find_if(m_commands.begin(), m_commands.end(),
        [&](const CliCommand& c) { return c.name == name; });
    return it == m_commands.end() ? nullptr : &*it;
}

void CliDispatcher::printHelp(std::ostream& out) const
{
    out << "Usage: " << m_program << " COMMAND [ARGUMENTS]\n"
        << "       " << m_program << " --help | --version | help COMMAND\n\n"
        << "Commands:\n";
    std::size_t width = 0;
    for (const auto& c : m_commands)
        width = std::max(width, c.name.size());
    for (const auto& c : m_commands)
        out << "  " << std::left << std::setw(static_cast<int>(width) + 2) << c.name << c.summary << '\n';
    out << "\nExit status: 0 success, 1 the command failed (the message says why), "
           "2 wrong usage.\n";
}

int CliDispatcher::run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) const
{
    if (args.empty()) {
        printHelp(err);
        return CliUsage;
    }
    const std::string& first = args.front();
    if (first == "--help" || first == "-h") {
        printHelp(out);
        return CliOk;
    }
    if (first == "--version" || first == "-V") {
        out << m_versionText;
        return CliOk;
    }
    if (first == "help") {
        if (args.size() == 1) {
            printHelp(out);
            return CliOk;
        }
        if (const CliCommand* c = find(args[1])) {
            out << "Usage: " << m_program << ' ' << c->usage << '\n';
            return CliOk;
        }
        err << m_program << ": no command '" << args[1] << "'; run '" << m_program
            << " --help' for the list.\n";
        return CliUsage;
    }
    const CliCommand* command = find(first);
    if (!command) {
        err << m_program << ": unknown command '" << first << "'; run '" << m_program
            << " --help' for the list.\n";
        return CliUsage;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
        out << "Usage: " << m_program << ' ' << command->usage << '\n';
        return CliOk;
    }
    // The exit contract (0, 1, 2) holds whatever a command throws: LibTorch's
    // c10::Error (memory, device), std::bad_alloc, a programming error.
    try {
        return command->run(rest, out, err);
    } catch (...) {
        err << m_program << ' ' << first << ": " << escapedError({}, std::current_exception()).message << '\n';
    }
    return CliFailed;
}

} // namespace tr::core
