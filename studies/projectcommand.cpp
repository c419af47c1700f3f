// turing-reader-cli project: moving a whole project between a file and a
// server (projectcopy.h).
#include "studies/clicommands.h"

#include "studies/projectcopy.h"

#include <iomanip>

namespace tr::studies {

namespace {

int projectCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.size() != 3 || args[0] != "copy") {
        err << "project: write 'project copy FROM TO' (a project file or a postgresql:// URL on each side).\n";
        return core::CliUsage;
    }
    auto report = copyProject(QString::fromStdString(args[1]), QString::fromStdString(args[2]),
        [&](const QString& table, qint64 rows) { err << "copied " << table.toStdString() << ": " << rows << " rows\n"; });
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
        "project copy FROM TO\n"
        "  FROM, TO: a project file (.trproj) or postgresql://[user@]host[:port]/database. TO is created (on a\n"
        "  server: the database, when the role may) or must be an empty project. Every row of every table is\n"
        "  copied in one transaction, then read back on both sides and compared; the source is only read.\n"
        "  Passwords come from PGPASSWORD or ~/.pgpass, never the command line.",
        projectCommand};
}

} // namespace tr::studies
