// turing-reader-cli project: moving a whole project between a file and a
// server (projectcopy.h).
#include "studies/clicommands.h"

#include "studies/clipassphrase.h"
#include "studies/projectcopy.h"

#include <iomanip>
#include <optional>

namespace tr::studies {

namespace {

int projectCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const auto usage = [&] {
        err << "project: write 'project copy FROM TO [--passphrase-file FILE]' (a project file or a "
               "postgresql:// URL on each side).\n";
        return core::CliUsage;
    };
    if (args.empty() || args[0] != "copy")
        return usage();
    const auto parsed = core::parseCliArguments(
        std::vector<std::string>(args.begin() + 1, args.end()), {"passphrase-file"}, "project copy", err);
    if (!parsed)
        return core::CliUsage;
    if (parsed->positional.size() != 2)
        return usage();
    // Asked for only when the copy needs it: a sealed file going to a server.
    const auto passphrase = [&] { return readPassphrase(*parsed, "passphrase-file", "Coordinator passphrase: ", err); };
    auto report = copyProject(QString::fromStdString(parsed->positional[0]), QString::fromStdString(parsed->positional[1]),
        [&](const QString& table, qint64 rows) { err << "copied " << table.toStdString() << ": " << rows << " rows\n"; },
        PassphraseSource(passphrase));
    if (!report) {
        err << "error: " << report.error().toString() << '\n';
        if (!report.error().detail.empty())
            err << "  " << report.error().detail << '\n';
        return core::CliFailed;
    }
    out << "copied " << report->from.toStdString() << " to " << report->to.toStdString() << ": " << report->rows()
        << " rows in " << report->tables.size() << " tables, each read back and identical\n";
    for (const auto& t : report->tables)
        out << "  " << std::left << std::setw(20) << t.name.toStdString() << std::right << std::setw(9) << t.rows
            << "  sha256 " << t.sha256.left(16).toStdString() << '\n';
    return core::CliOk;
}

} // namespace

core::CliCommand projectCliCommand()
{
    return {"project", "Copy a whole project between a file and a PostgreSQL server (either way), verified",
        "project copy FROM TO [--passphrase-file FILE]\n"
        "  FROM, TO: a project file (.trproj) or postgresql://[user@]host[:port]/database. TO is created (on a\n"
        "  server: the database, when the role may) or must be an empty project. Every row of every table is\n"
        "  copied in one transaction, then read back on both sides and compared; the source is only read.\n"
        "  Passwords come from PGPASSWORD or ~/.pgpass, never the command line. A file whose image sources are\n"
        "  sealed (every project file with a passphrase) goes to a server only with the coordinator passphrase\n"
        "  (--passphrase-file FILE, TURING_READER_PASSPHRASE, or asked on a terminal): a server keeps them\n"
        "  open behind its roles. A server's project copied to a\n"
        "  file keeps sealed what was sealed.",
        projectCommand};
}

} // namespace tr::studies
