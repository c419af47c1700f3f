#include "studies/projectdatabase.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <utility>

namespace tr::studies {

namespace {

core::Error fileError(core::ErrorCode code, const QString& path, const QString& message, const QString& detail = {})
{
    return core::Error{code, path.toStdString(), message.toStdString(), detail.toStdString()};
}

// Splits a migration script into statements. Our scripts contain no semicolons
// inside literals or triggers, which keeps this simple; comments are dropped.
QStringList statements(const QString& script)
{
    QString code;
    for (const QString& line : script.split(QLatin1Char('\n'))) {
        const auto comment = line.indexOf(QLatin1String("--"));
        code += (comment >= 0 ? line.left(comment) : line) + QLatin1Char('\n');
    }
    QStringList out;
    for (const QString& part : code.split(QLatin1Char(';')))
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    return out;
}

} // namespace

ProjectDatabase::ProjectDatabase(QSqlDatabase db, QString path)
    : m_db(std::move(db)), m_path(std::move(path)), m_connection(m_db.connectionName())
{
}

ProjectDatabase::ProjectDatabase(ProjectDatabase&& other) noexcept
    : m_db(std::move(other.m_db)), m_path(std::move(other.m_path)), m_connection(std::move(other.m_connection))
{
    other.m_db = QSqlDatabase();
    other.m_connection.clear();
}

ProjectDatabase::~ProjectDatabase()
{
    if (m_connection.isEmpty())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

core::Error ProjectDatabase::sqlError(const QString& operation, const QSqlError& error) const
{
    return fileError(core::ErrorCode::Io, m_path,
        operation + QStringLiteral(" failed in the project file. If the disk is full or the file is on a "
                                   "read-only or network drive, move the project to a local disk and retry."),
        error.text());
}

core::Result<ProjectDatabase> ProjectDatabase::create(const QString& path)
{
    if (QFileInfo::exists(path))
        return fileError(core::ErrorCode::InvalidArgument, path,
            QStringLiteral("A file of this name exists already; choose another name, or open it as a project."));
    const QFileInfo info(path);
    if (!info.dir().exists())
        return fileError(core::ErrorCode::NotFound, path,
            QStringLiteral("The folder %1 does not exist; create it first.").arg(info.dir().path()));
    return openConnection(path, true);
}

core::Result<ProjectDatabase> ProjectDatabase::open(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return fileError(core::ErrorCode::NotFound, path,
            QStringLiteral("No project file here. Check the path, or create the project with 'import'."));
    if (!info.isFile() || !info.isReadable())
        return fileError(core::ErrorCode::PermissionDenied, path,
            QStringLiteral("This is not a readable file. Check the path and its permissions."));
    // SQLite would happily treat any file as a database until the first query;
    // check the header so a wrong file is named as such and never written to.
    QFile file(path);
    if (file.open(QIODevice::ReadOnly) && file.size() > 0
        && !file.read(16).startsWith(QByteArrayLiteral("SQLite format 3")))
        return fileError(core::ErrorCode::UnsupportedFormat, path,
            QStringLiteral("This is not a Turing Reader project (not an SQLite database). Choose the project's "
                           ".trproj file."));
    return openConnection(path, false);
}

core::Result<ProjectDatabase> ProjectDatabase::openConnection(const QString& path, bool creating)
{
    const QString connection = QStringLiteral("project-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(path);
    if (!creating)
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    ProjectDatabase project(db, path);
    if (!project.m_db.open())
        return fileError(core::ErrorCode::Io, path,
            QStringLiteral("The project file cannot be opened. Check that its folder is writable."),
            project.m_db.lastError().text());
    QSqlQuery query(project.m_db);
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"})
        if (!query.exec(QString::fromLatin1(pragma))) {
            const auto error = project.sqlError(QStringLiteral("Setting up the connection"), query.lastError());
            if (creating) {
                project.m_db.close();
                QFile::remove(path);
            }
            return error;
        }
    if (auto migrated = project.migrate(); !migrated) {
        if (creating) {
            project.m_db.close();
            QFile::remove(path);
        }
        return migrated.error();
    }
    return project;
}

core::Result<void> ProjectDatabase::migrate()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")))
        return sqlError(QStringLiteral("Reading the schema version"), query.lastError());
    int version = 0;
    if (query.exec(QStringLiteral("SELECT version FROM schema_version")) && query.next())
        version = query.value(0).toInt();
    if (version > kSchemaVersion)
        return fileError(core::ErrorCode::UnsupportedFormat, m_path,
            QStringLiteral("This project was written by a newer Turing Reader (schema %1; this one knows %2). "
                           "Update Turing Reader to open it; the file was not changed.")
                .arg(version)
                .arg(kSchemaVersion));
    while (version < kSchemaVersion) {
        const int next = version + 1;
        QFile script(QStringLiteral(":/schema/%1.sql").arg(next, 3, 10, QLatin1Char('0')));
        if (!script.open(QIODevice::ReadOnly))
            return core::Error{core::ErrorCode::Internal, script.fileName().toStdString(),
                "The schema migration is missing from the program; reinstall Turing Reader.", {}};
        Transaction transaction(m_db);
        for (const QString& statement : statements(QString::fromUtf8(script.readAll())))
            if (!query.exec(statement))
                return sqlError(QStringLiteral("Upgrading the project to schema %1").arg(next), query.lastError());
        query.exec(QStringLiteral("DELETE FROM schema_version"));
        query.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"));
        query.addBindValue(next);
        if (!query.exec() || !transaction.commit())
            return sqlError(QStringLiteral("Upgrading the project to schema %1").arg(next), query.lastError());
        version = next;
    }
    return {};
}

Transaction::Transaction(QSqlDatabase& db) : m_db(db), m_begun(db.transaction()) {}

Transaction::~Transaction()
{
    if (m_begun && !m_done)
        m_db.rollback();
}

bool Transaction::commit()
{
    if (!m_begun || m_done)
        return false;
    m_done = m_db.commit();
    return m_done;
}

} // namespace tr::studies
