// turing-reader-cli project: moving a whole project between a file and a
// server (projectcopy.h).
#include "studies/clicommands.h"

#include "studies/projectcopy.h"

#include <QFile>

#include <iomanip>
#include <optional>

namespace tr::studies {

namespace {

// A sealed file goes to a server with the coordinator passphrase: from
// --passphrase-file, else TURING_READER_PASSPHRASE (never the command line).
std::optional<QString> copyPassphrase(const std::vector<std::string>& args, std::ostream& err)
{
    if (args.size() == 5) {
        QFile file(QString::fromStdString(args[4]));
        if (!file.open(QIODevice::ReadOnly)) {
            err << "error: " << args[4] << ": the passphrase file cannot be read.\n";
            return std::nullopt;
        }
        return QString::fromUtf8(file.readLine()).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
    }
    return QString::fromUtf8(qgetenv("TURING_READER_PASSPHRASE"));
}

int projectCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (!(args.size() == 3 || (args.size() == 5 && args[3] == "--passphrase-file")) || args[0] != "copy") {
        err << "project: write 'project copy FROM TO [--passphrase-file FILE]' (a project file or a "
               "postgresql:// URL on each side).\n";
        return core::CliUsage;
    }
    const auto passphrase = copyPassphrase(args, err);
    if (!passphrase)
        return core::CliFailed;
    auto report = copyProject(QString::fromStdString(args[1]), QString::fromStdString(args[2]),
        [&](const QString& table, qint64 rows) { err << "copied " << table.toStdString() << ": " << rows << " rows\n"; },
        *passphrase);
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
        "  sealed ('seal') goes to a server only with the coordinator passphrase (--passphrase-file FILE or\n"
        "  TURING_READER_PASSPHRASE): a server keeps them open behind its roles. A server's project copied to a\n"
        "  file keeps sealed what was sealed.",
        projectCommand};
}

} // namespace tr::studies
