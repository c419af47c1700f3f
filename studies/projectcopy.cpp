#include "studies/projectcopy.h"

#include "studies/coordinatoraccess.h"
#include "studies/projectdatabase.h"
#include "studies/sealedsources.h"
#include "studies/serveraddress.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>
#include <optional>

namespace tr::studies {

namespace {

core::Error copyError(core::ErrorCode code, const QString& subject, const QString& message, const QString& detail = {})
{
    return core::Error{code, subject.toStdString(), message.toStdString(), detail.toStdString()};
}

// Columns in the target's order; both ends are at the same schema version, so
// the source has the same ones.
QStringList columnsOf(ProjectDatabase& db, const QString& table)
{
    const QSqlRecord record = db.db().record(table);
    QStringList columns;
    for (int i = 0; i < record.count(); ++i)
        columns << record.fieldName(i);
    return columns;
}

QByteArray canonical(const QVariant& v)
{
    if (v.isNull())
        return QByteArrayLiteral("\\N");
    switch (v.typeId()) {
    case QMetaType::QByteArray:
        return "x" + v.toByteArray().toHex();
    case QMetaType::Double:
    case QMetaType::Float:
        return QByteArray::number(v.toDouble(), 'g', 17);
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Bool:
        return QByteArray::number(v.toLongLong());
    default:
        // Text, with the separators escaped so that no two rows read alike.
        return v.toString().toUtf8().replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n");
    }
}

// A real column can come back as an integer from SQLite when its value has no
// fraction (3.0 stored as 3 by older writers): compare by the declared type.
QByteArray canonicalAs(const QVariant& v, QMetaType::Type declared)
{
    if (!v.isNull() && declared == QMetaType::Double)
        return QByteArray::number(v.toDouble(), 'g', 17);
    return canonical(v);
}

core::Result<void> checkEmpty(ProjectDatabase& target)
{
    QSqlQuery query(target.db());
    QStringList holding;
    for (const char* table : projectTables()) {
        if (!query.exec(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))) || !query.next())
            return target.sqlError(QStringLiteral("Reading the target's table %1").arg(QLatin1String(table)), query.lastError());
        if (query.value(0).toLongLong() > 0)
            holding << QStringLiteral("%1 %2").arg(query.value(0).toLongLong()).arg(QLatin1String(table));
    }
    if (!holding.isEmpty())
        return copyError(core::ErrorCode::AlreadyExists, target.path(),
            QStringLiteral("The target holds a project already (%1). Copy into a new file or database, or an empty "
                           "project; nothing was changed.")
                .arg(holding.mid(0, 4).join(QLatin1String(", "))));
    return {};
}

core::Result<ProjectDatabase> openTarget(const QString& to)
{
    if (isServerLocation(to)) {
        auto opened = ProjectDatabase::open(to);
        if (opened || opened.error().code != core::ErrorCode::NotFound)
            return opened;
        return ProjectDatabase::create(to);
    }
    return QFileInfo::exists(to) ? ProjectDatabase::open(to) : ProjectDatabase::create(to);
}

} // namespace

qint64 CopyReport::rows() const
{
    qint64 n = 0;
    for (const auto& t : tables)
        n += t.rows;
    return n;
}

const std::vector<const char*>& projectTables()
{
    static const std::vector<const char*> tables{"setting", "volume", "landmark", "model", "image_pool", "image",
        "image_discard", "realism_report", "study", "blinding_check", "reader", "session", "reading_package", "presentation", "verdict",
        "verdict_correction", "event"};
    return tables;
}

core::Result<std::vector<QByteArray>> canonicalRows(ProjectDatabase& db, const QString& table)
{
    const QSqlRecord record = db.db().record(table);
    if (record.isEmpty())
        return copyError(core::ErrorCode::Corrupt, db.path(),
            QStringLiteral("The project has no table %1; it is damaged or not a Turing Reader project.").arg(table));
    QStringList columns;
    std::vector<QMetaType::Type> types;
    for (int i = 0; i < record.count(); ++i) {
        columns << record.fieldName(i);
        types.push_back(QMetaType::Type(record.field(i).metaType().id()));
    }
    QSqlQuery query(db.db());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1 FROM %2").arg(columns.join(QLatin1String(", ")), table)))
        return db.sqlError(QStringLiteral("Reading the table %1").arg(table), query.lastError());
    // A sealed image row compares by its seal: a file keeps it sealed, a
    // server open beside the seal (sealedsources.h).
    const qsizetype sealIndex = table == QLatin1String("image") ? columns.indexOf(QStringLiteral("sealed_source")) : -1;
    const QStringList sealedColumns = sealedImageColumns();
    std::vector<QByteArray> rows;
    while (query.next()) {
        const bool sealed = sealIndex >= 0 && !query.value(int(sealIndex)).isNull();
        QByteArray row;
        for (int i = 0; i < columns.size(); ++i) {
            if (i > 0)
                row += '\t';
            row += sealed && sealedColumns.contains(columns[i]) ? canonical(QVariant())
                                                               : canonicalAs(query.value(i), types[std::size_t(i)]);
        }
        rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

core::Result<CopyReport> copyProject(const QString& from, const QString& to,
    const std::function<void(const QString&, qint64)>& progress, const QString& passphrase)
{
    return copyProject(from, to, progress, [&]() -> std::optional<QString> {
        if (passphrase.isEmpty())
            return std::nullopt;
        return passphrase;
    });
}

core::Result<CopyReport> copyProject(const QString& from, const QString& to,
    const std::function<void(const QString&, qint64)>& progress, const PassphraseSource& passphraseSource)
{
    if (from == to)
        return copyError(core::ErrorCode::InvalidArgument, to, QStringLiteral("A project cannot be copied onto itself."));
    auto source = ProjectDatabase::open(from);
    if (!source)
        return source.error();
    // A server holds image sources open (its roles keep them from readers),
    // so a sealed file's are opened for it, and only read.
    auto sealedSource = hasSealedSources(*source);
    if (!sealedSource)
        return sealedSource.error();
    if (*sealedSource && isServerLocation(to)) {
        const auto passphrase = passphraseSource ? passphraseSource() : std::nullopt;
        if (!passphrase || passphrase->isEmpty())
            return copyError(core::ErrorCode::PermissionDenied, from,
                QStringLiteral("Its image sources are sealed under the coordinator passphrase, and a project server "
                               "keeps them open: give the passphrase to copy it there (--passphrase-file FILE or "
                               "TURING_READER_PASSPHRASE)."));
        if (auto opened = openSealedSourcesWith(*source, *passphrase); !opened)
            return opened.error();
    }
    const bool targetFileExisted = !isServerLocation(to) && QFileInfo::exists(to);
    auto opened = openTarget(to);
    if (!opened)
        return opened.error();
    std::optional<ProjectDatabase> target(std::move(*opened));
    // A file this copy made goes again when the copy fails; an empty project
    // there before, or a server's database, is left empty for the next try.
    const auto removeNewFile = [&] {
        if (!targetFileExisted && !target->onServer()) {
            const QString path = target->path();
            target.reset(); // closes the connection and releases the lock first
            QFile::remove(path);
        }
    };
    if (auto empty = checkEmpty(*target); !empty)
        return empty.error();

    CopyReport report{source->path(), target->path(), {}};
    // The rows, in one transaction that rolls back on any failure (before a
    // new file is removed).
    const auto copied = [&]() -> core::Result<void> {
        Transaction transaction(target->db());
        if (!transaction.begun())
            return target->sqlError(QStringLiteral("Starting the copy"), target->db().lastError());
        for (const char* name : projectTables()) {
            const QString table = QLatin1String(name);
            const QStringList columns = columnsOf(*target, table);
            QSqlQuery read(source->db()), write(target->db());
            read.setForwardOnly(true);
            if (!read.exec(QStringLiteral("SELECT %1 FROM %2").arg(columns.join(QLatin1String(", ")), table)))
                return source->sqlError(QStringLiteral("Reading the table %1").arg(table), read.lastError());
            QStringList marks;
            for (qsizetype i = 0; i < columns.size(); ++i)
                marks << QStringLiteral("?");
            if (!write.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                                   .arg(table, columns.join(QLatin1String(", ")), marks.join(QLatin1String(", ")))))
                return target->sqlError(QStringLiteral("Writing the table %1").arg(table), write.lastError());
            // A file keeps a sealed image sealed, whatever the source showed.
            const qsizetype sealIndex = table == QLatin1String("image") && !target->onServer()
                ? columns.indexOf(QStringLiteral("sealed_source"))
                : -1;
            const QStringList sealedColumns = sealedImageColumns();
            qint64 rows = 0;
            while (read.next()) {
                const bool sealed = sealIndex >= 0 && !read.value(int(sealIndex)).isNull();
                for (int i = 0; i < columns.size(); ++i)
                    write.bindValue(i, sealed && sealedColumns.contains(columns[i]) ? QVariant() : read.value(i));
                if (!write.exec())
                    return target->sqlError(
                        QStringLiteral("Writing row %1 of the table %2").arg(rows + 1).arg(table), write.lastError());
                ++rows;
            }
            if (progress)
                progress(table, rows);
        }
        // A server numbers new rows from a sequence: start each after the copied ids.
        if (target->onServer()) {
            QSqlQuery query(target->db());
            for (const char* name : projectTables()) {
                if (!columnsOf(*target, QLatin1String(name)).contains(QStringLiteral("id")))
                    continue;
                // Only numbered ids have a sequence (a reading package is known by its UUID).
                if (target->db().record(QLatin1String(name)).field(QStringLiteral("id")).metaType().id() == QMetaType::QString)
                    continue;
                if (!query.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), coalesce(max(id), 0) + 1, "
                                               "false) FROM %1")
                                    .arg(QLatin1String(name))))
                    return target->sqlError(QStringLiteral("Setting the numbering of %1").arg(QLatin1String(name)),
                        query.lastError());
            }
        }
        if (!transaction.commit())
            return target->sqlError(QStringLiteral("Committing the copy"), target->db().lastError());
        return {};
    }();
    if (!copied) {
        removeNewFile();
        return copied.error();
    }

    // Read back on both sides and compare.
    for (const char* name : projectTables()) {
        const QString table = QLatin1String(name);
        auto there = canonicalRows(*target, table);
        if (!there)
            return there.error();
        auto here = canonicalRows(*source, table);
        if (!here)
            return here.error();
        QCryptographicHash hash(QCryptographicHash::Sha256), theirs(QCryptographicHash::Sha256);
        for (const auto& row : *here)
            hash.addData(row + '\n');
        for (const auto& row : *there)
            theirs.addData(row + '\n');
        if (here->size() != there->size() || hash.result() != theirs.result())
            return copyError(core::ErrorCode::Corrupt, target->path(),
                QStringLiteral("The copy of the table %1 differs from the source (%2 rows there, %3 here). Do not "
                               "use the copy; the source is unchanged.")
                    .arg(table)
                    .arg(there->size())
                    .arg(here->size()));
        report.tables.push_back({table, qint64(here->size()), QString::fromLatin1(hash.result().toHex())});
    }
    return report;
}

} // namespace tr::studies
