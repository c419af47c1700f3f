#pragma once
// `project copy FROM TO`: a whole project, every row of every table, from a
// file to a server or back (or file to file, server to server), for a study
// that outgrows one workstation and for the archive copy after it. The target
// is a new project (created) or an empty one (a copy that failed before); it is
// written in one transaction, so a failed copy leaves it empty, and the source
// is only read. After the copy each table is read back on both sides and
// compared (row count and a SHA-256 over the rows in a canonical form), so a
// copy that is not lossless is reported, never assumed.

#include "core/result.h"

#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace tr::studies {

class ProjectDatabase;

struct CopiedTable {
    QString name;
    qint64 rows = 0;
    QString sha256; // of the sorted canonical rows, the same on both sides
};

struct CopyReport {
    QString from, to;
    std::vector<CopiedTable> tables;
    qint64 rows() const;
};

// The tables of a project in an order that satisfies their foreign keys.
const std::vector<const char*>& projectTables();

// One table's rows in a canonical form: each value as text (integers in
// decimal, reals to 17 digits, bytes in hex, NULL as \N), tab-separated, the
// rows sorted, so that SQLite's and PostgreSQL's own orders and types compare.
core::Result<std::vector<QByteArray>> canonicalRows(ProjectDatabase& db, const QString& table);

// The coordinator passphrase, asked for only when the copy needs it: a file
// whose image sources are sealed (sealedsources.h) going to a server, which
// keeps them open. nullopt: none given (the copy is refused, naming why).
using PassphraseSource = std::function<std::optional<QString>()>;

// progress(table, rowsCopied) after each table.
core::Result<CopyReport> copyProject(const QString& from, const QString& to,
    const std::function<void(const QString&, qint64)>& progress, const PassphraseSource& passphrase);
// The same with the passphrase at hand (empty: none).
core::Result<CopyReport> copyProject(const QString& from, const QString& to,
    const std::function<void(const QString&, qint64)>& progress = {}, const QString& passphrase = {});

} // namespace tr::studies
