#include "studies/projectdatabase.h"

#include "studies/postgresschema.h"
#include "studies/readeraccess.h"
#include "studies/readingpackage.h"
#include "studies/sealedsources.h"
#include "studies/serveraddress.h"

#include <QDir>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QUuid>

#include <algorithm>
#include <utility>

namespace tr::studies {

namespace {

core::Error fileError(core::ErrorCode code, const QString& path, const QString& message, const QString& detail = {})
{
    return core::Error{code, path.toStdString(), message.toStdString(), detail.toStdString()};
}

// Splits a migration script into statements at semicolons outside string
// literals; a CREATE TRIGGER runs on to the semicolon after its END. Comments
// ("--" to the end of the line, outside literals) are dropped.
QStringList statements(const QString& script)
{
    QStringList out;
    QString current;
    bool inLiteral = false;
    for (qsizetype i = 0; i < script.size(); ++i) {
        const QChar c = script[i];
        if (!inLiteral && c == QLatin1Char('-') && i + 1 < script.size() && script[i + 1] == QLatin1Char('-')) {
            while (i < script.size() && script[i] != QLatin1Char('\n'))
                ++i;
            current += QLatin1Char('\n');
            continue;
        }
        if (c == QLatin1Char('\''))
            inLiteral = !inLiteral;
        if (c == QLatin1Char(';') && !inLiteral) {
            const QString statement = current.trimmed();
            const bool trigger = statement.startsWith(QLatin1String("CREATE TRIGGER"), Qt::CaseInsensitive);
            if (!trigger || statement.endsWith(QLatin1String("END"), Qt::CaseInsensitive)) {
                if (!statement.isEmpty())
                    out << statement;
                current.clear();
                continue;
            }
        }
        current += c;
    }
    if (!current.trimmed().isEmpty())
        out << current.trimmed();
    return out;
}

// SQLite's primary result codes (sqlite3.h) that say what is really wrong.
enum SqliteCode { kReadOnly = 8, kIoError = 10, kCorrupt = 11, kFull = 13, kCantOpen = 14, kNotADb = 26 };

int primaryCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    if (ok)
        return code & 0xff;
    // Qt's driver drops the code of a failed COMMIT and keeps SQLite's text
    // (sqlite3_errstr): the disk filling up shows there first.
    const QString text = error.databaseText();
    for (const auto& [words, primary] : {std::pair{"database or disk is full", int(kFull)},
             std::pair{"attempt to write a readonly database", int(kReadOnly)},
             std::pair{"database disk image is malformed", int(kCorrupt)},
             std::pair{"file is not a database", int(kNotADb)}})
        if (text.contains(QLatin1String(words)))
            return primary;
    return -1;
}

// The sentence for a failed operation, from what SQLite said went wrong.
core::Error classified(const QString& path, const QString& operation, const QSqlError& error)
{
    const QString detail = error.text();
    switch (primaryCode(error)) {
    case kCorrupt:
    case kNotADb:
        return fileError(core::ErrorCode::Corrupt, path,
            operation + QStringLiteral(" failed: the project file is damaged (SQLite: \"database disk image is "
                                       "malformed\"). Restore it from a backup copy; nothing more was written to it."),
            detail);
    case kFull:
        return fileError(core::ErrorCode::Io, path,
            operation + QStringLiteral(" failed: the disk is full. Free space on it and retry; what was stored "
                                       "before is kept."),
            detail);
    case kReadOnly:
        return fileError(core::ErrorCode::PermissionDenied, path,
            operation + QStringLiteral(" failed: the project file or its folder is read-only. Copy the project to "
                                       "a writable folder to work on it."),
            detail);
    default:
        return fileError(core::ErrorCode::Io, path,
            operation + QStringLiteral(" failed in the project file. If the disk is full or the file is on a "
                                       "read-only or network drive, move the project to a local disk and retry."),
            detail);
    }
}

// The sentence for a failed operation on a project server, from PostgreSQL's
// SQLSTATE (Qt's QPSQL driver gives it as the native code) or, for a
// connection that never came up, libpq's text.
bool unreachable(const QSqlError& error)
{
    const QString state = error.nativeErrorCode();
    const QString text = error.text();
    const auto words = {"could not connect", "Connection refused", "server closed the connection",
        "no connection to the server", "terminating connection", "could not translate host name", "timeout expired",
        "Connection timed out", "could not send data", "could not receive data"};
    return state.startsWith(QLatin1String("08")) || state == QLatin1String("57P01")
        || std::any_of(words.begin(), words.end(), [&](const char* w) { return text.contains(QLatin1String(w)); });
}

core::Error serverClassified(const QString& url, const QString& operation, const QSqlError& error)
{
    const QString state = error.nativeErrorCode();
    const QString text = error.text();
    if (unreachable(error))
        return fileError(core::ErrorCode::Io, url,
            operation + QStringLiteral(" failed: the project server cannot be reached. Check that it is running and "
                                       "that this computer reaches it; what the server acknowledged is kept there."),
            text);
    if (state == QLatin1String("28P01") || state == QLatin1String("28000") || text.contains(QLatin1String("authentication failed"))
        || text.contains(QLatin1String("no password supplied"))
        || (text.contains(QLatin1String("role \"")) && text.contains(QLatin1String("does not exist"))))
        return fileError(core::ErrorCode::PermissionDenied, url,
            operation + QStringLiteral(" failed: the server refused the login. Check the user in the URL and its "
                                       "password (PGPASSWORD or ~/.pgpass); the coordinator creates the roles."),
            text);
    if (state == QLatin1String("42501"))
        return fileError(core::ErrorCode::PermissionDenied, url,
            operation + QStringLiteral(" was refused by the server: this role may not do it. Connect as the study's "
                                       "coordinator role for coordinator work."),
            text);
    if (state == QLatin1String("3D000") || text.contains(QLatin1String("does not exist")))
        return fileError(core::ErrorCode::NotFound, url,
            operation + QStringLiteral(" failed: no such database on the server. Check the URL's database name, or "
                                       "create the project there first."),
            text);
    return fileError(core::ErrorCode::Io, url, operation + QStringLiteral(" failed on the project server."), text);
}

// CREATE DATABASE, from the server's maintenance database: it cannot run in
// the database it makes, nor in a transaction.
core::Result<void> createServerDatabase(const ServerAddress& address)
{
    const QString connection = QStringLiteral("create-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    core::Result<void> outcome;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        address.withDatabase(QStringLiteral("postgres")).applyTo(db);
        if (!db.open()) {
            outcome = serverClassified(address.display(), QStringLiteral("Connecting to the server to create the project"),
                db.lastError());
        } else {
            QSqlQuery query(db);
            // The name passed ServerAddress::parse's identifier check.
            if (!query.exec(QStringLiteral("CREATE DATABASE \"%1\" ENCODING 'UTF8'").arg(address.database)))
                outcome = serverClassified(address.display(),
                    QStringLiteral("Creating the database (the role needs CREATEDB, or an administrator creates "
                                   "the empty database first)"),
                    query.lastError());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return outcome;
}

// What a read-only look at an existing file finds, before anything writes to it.
core::Result<void> inspectReadOnly(const QString& path)
{
    const QString connection = QStringLiteral("inspect-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    core::Result<void> verdict;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        verdict = [&]() -> core::Result<void> {
            if (!db.open())
                return classified(path, QStringLiteral("Opening the project"), db.lastError());
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("PRAGMA quick_check")))
                return classified(path, QStringLiteral("Checking the project file"), query.lastError());
            QStringList problems;
            while (query.next())
                problems << query.value(0).toString();
            if (problems != QStringList{QStringLiteral("ok")})
                return fileError(core::ErrorCode::Corrupt, path,
                    QStringLiteral("The project file is damaged (SQLite's check found %1 problem(s)). Restore it "
                                   "from a backup copy; nothing was written to it.")
                        .arg(problems.size()),
                    problems.mid(0, 5).join(QLatin1String("; ")));
            QStringList tables;
            if (!query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")))
                return classified(path, QStringLiteral("Reading the project's tables"), query.lastError());
            while (query.next())
                tables << query.value(0).toString();
            if (tables.isEmpty())
                return {}; // an empty database: becomes a project
            if (!tables.contains(QStringLiteral("schema_version")))
                return fileError(core::ErrorCode::UnsupportedFormat, path,
                    QStringLiteral("This SQLite database is not a Turing Reader project (it has tables %1 and no "
                                   "schema version). Choose the project's .trproj file; this one was not changed.")
                        .arg(tables.mid(0, 5).join(QLatin1String(", "))));
            if (!query.exec(QStringLiteral("SELECT version FROM schema_version")))
                return classified(path, QStringLiteral("Reading the schema version"), query.lastError());
            const int version = query.next() ? query.value(0).toInt() : 0;
            if (version > ProjectDatabase::kSchemaVersion)
                return fileError(core::ErrorCode::UnsupportedFormat, path,
                    QStringLiteral("This project was written by a newer Turing Reader (schema %1; this one knows %2). "
                                   "Update Turing Reader to open it; the file was not changed.")
                        .arg(version)
                        .arg(ProjectDatabase::kSchemaVersion));
            return {};
        }();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return verdict;
}

// The truth key of each project file this program holds unlocked, for the
// further connections its worker threads open (openSecondConnection).
QMutex g_keysMutex;
QHash<QString, QByteArray>& unlockedKeys()
{
    static QHash<QString, QByteArray> keys;
    return keys;
}

QString keyOf(const QString& path) { return QFileInfo(path).absoluteFilePath(); }

// Schema 11 on a project file: the image table again, with pool and position
// allowed empty (a sealed image keeps them in sealed_source). SQLite cannot
// drop a NOT NULL, so the table is made anew and the old one dropped, with
// foreign keys off for the connection (migrate() does that) and checked
// before the commit.
const char* const kImageRebuild[] = {
    ("CREATE TABLE image_v11 ("
    " id INTEGER PRIMARY KEY,"
    " pool_id INTEGER REFERENCES image_pool(id) ON DELETE CASCADE,"
    " position INTEGER CHECK (position >= 0),"
    " png BLOB NOT NULL,"
    " png_sha256 TEXT NOT NULL,"
    " volume_id INTEGER REFERENCES volume(id),"
    " grid_index INTEGER,"
    " lr_deg REAL, ap_deg REAL, cc_deg REAL, offset_mm REAL, flipped INTEGER,"
    " image_seed TEXT,"
    " latent BLOB,"
    " source_file TEXT,"
    " source_sha256 TEXT,"
    " subject TEXT,"
    " sealed_source BLOB,"
    " UNIQUE (pool_id, position))"),
    ("INSERT INTO image_v11 SELECT id, pool_id, position, png, png_sha256, volume_id, grid_index, lr_deg, ap_deg, "
    "cc_deg, offset_mm, flipped, image_seed, latent, source_file, source_sha256, subject, sealed_source FROM image"),
    "DROP TABLE image",
    "ALTER TABLE image_v11 RENAME TO image",
    "CREATE INDEX image_by_pool ON image(pool_id, position)",
};

} // namespace

ProjectDatabase::ProjectDatabase(QSqlDatabase db, QString path, std::unique_ptr<QLockFile> lock, Backend backend)
    : m_db(std::move(db)), m_path(std::move(path)), m_backend(backend), m_connection(m_db.connectionName()),
      m_lock(std::move(lock))
{
}

ProjectDatabase::ProjectDatabase(ProjectDatabase&& other) noexcept
    : m_db(std::move(other.m_db)), m_path(std::move(other.m_path)), m_backend(other.m_backend),
      m_readerLogin(other.m_readerLogin), m_truthKey(std::move(other.m_truthKey)),
      m_connection(std::move(other.m_connection)), m_lock(std::move(other.m_lock))
{
    other.m_db = QSqlDatabase();
    other.m_connection.clear();
}

ProjectDatabase::~ProjectDatabase()
{
    if (m_connection.isEmpty())
        return;
    if (m_lock && !m_truthKey.isEmpty()) {
        QMutexLocker locked(&g_keysMutex);
        unlockedKeys().remove(keyOf(m_path));
    }
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

core::Result<void> ProjectDatabase::setTruthKey(const QByteArray& key)
{
    m_truthKey = key;
    if (m_backend != Backend::File)
        return {};
    if (m_lock) {
        QMutexLocker locked(&g_keysMutex);
        unlockedKeys().insert(keyOf(m_path), key);
    }
    return openSealedSources(*this);
}

core::Error ProjectDatabase::sqlError(const QString& operation, const QSqlError& error) const
{
    m_unreachable = onServer() && unreachable(error);
    return onServer() ? serverClassified(m_path, operation, error) : classified(m_path, operation, error);
}

core::Result<void> ProjectDatabase::reconnect()
{
    if (!onServer())
        return {};
    m_db.close();
    if (!m_db.open())
        return serverClassified(m_path, QStringLiteral("Connecting to the project server again"), m_db.lastError());
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SET client_min_messages = warning")))
        return sqlError(QStringLiteral("Setting up the connection"), query.lastError());
    return {};
}

core::Result<ProjectDatabase> ProjectDatabase::create(const QString& path)
{
    if (isServerLocation(path))
        return openServer(path, Opening::Create);
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
    if (isServerLocation(path))
        return openServer(path, Opening::Open);
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
    file.close();
    if (isReadingPackage(path))
        return openPackage(path);
    return openConnection(path, false);
}

// One program at a time holds a project file (or a reading package): the lock
// beside it says who, and a dead holder's lock is taken over.
namespace {
core::Result<std::unique_ptr<QLockFile>> takeFileLock(const QString& path, const QString& what)
{
    auto lock = std::make_unique<QLockFile>(path + QLatin1String(ProjectDatabase::kLockSuffix));
    lock->setStaleLockTime(0); // stale only when its process is gone, however long a session lasts
    if (!lock->tryLock(0)) {
        if (lock->error() == QLockFile::LockFailedError) {
            qint64 pid = 0;
            QString host, program;
            lock->getLockInfo(&pid, &host, &program);
            return fileError(core::ErrorCode::Busy, path,
                QStringLiteral("This %1 is open in another program (%2, process %3 on %4). Close it there "
                               "first; nothing was changed.")
                    .arg(what)
                    .arg(program.isEmpty() ? QStringLiteral("Turing Reader") : program)
                    .arg(pid)
                    .arg(host));
        }
        if (QStorageInfo(QFileInfo(path).absolutePath()).isReadOnly())
            return fileError(core::ErrorCode::PermissionDenied, path,
                QStringLiteral("The %1 is on a read-only medium: one in use needs its lock file (%2) "
                               "and its journal beside it. Copy it to a writable folder to use it.")
                    .arg(what, lock->fileName()));
        return fileError(core::ErrorCode::PermissionDenied, path,
            QStringLiteral("The lock file %1 cannot be written. The %2's folder must be writable; copy the "
                           "%2 to a writable folder.")
                .arg(lock->fileName(), what));
    }
    return lock;
}

} // namespace

core::Result<ProjectDatabase> ProjectDatabase::openConnection(const QString& path, bool creating)
{
    auto lock = takeFileLock(path, QStringLiteral("project"));
    if (!lock)
        return lock.error();
    // Open read-only, check, then migrate: a damaged file, a foreign database or
    // one of a newer version is refused before WAL mode or a table is written.
    if (!creating)
        if (auto inspected = inspectReadOnly(path); !inspected)
            return inspected.error();
    const QString connection = QStringLiteral("project-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(path);
    if (!creating)
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    ProjectDatabase project(db, path, std::move(*lock));
    if (auto configured = project.configure(creating); !configured)
        return configured.error();
    if (auto migrated = project.migrate(); !migrated) {
        if (creating) {
            project.m_db.close();
            QFile::remove(path);
        }
        return migrated.error();
    }
    return project;
}

core::Result<void> ProjectDatabase::configure(bool creating)
{
    if (!m_db.open())
        return fileError(core::ErrorCode::Io, m_path,
            QStringLiteral("The project file cannot be opened. Check that its folder is writable."),
            m_db.lastError().text());
    QSqlQuery query(m_db);
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"})
        if (!query.exec(QString::fromLatin1(pragma))) {
            const auto error = sqlError(QStringLiteral("Setting up the connection"), query.lastError());
            if (creating) {
                m_db.close();
                QFile::remove(m_path);
            }
            return error;
        }
    return {};
}

core::Result<ProjectDatabase> ProjectDatabase::openServer(const QString& url, Opening how)
{
    auto address = ServerAddress::parse(url);
    if (!address)
        return address.error();
    const QString shown = address->display();
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return fileError(core::ErrorCode::UnsupportedFormat, shown,
            QStringLiteral("This Turing Reader has no PostgreSQL driver (Qt's QPSQL plugin, Debian package "
                           "libqt6sql6-psql). Install it to use a project server."));
    const QString connection = QStringLiteral("project-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    // No QSqlDatabase copy outlives `project`: its destructor removes the connection.
    ProjectDatabase project(QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection), shown, nullptr, Backend::Server);
    address->applyTo(project.m_db);
    if (!project.m_db.open()) {
        const auto refused = serverClassified(shown, QStringLiteral("Connecting to the project server"), project.m_db.lastError());
        if (how != Opening::Create || refused.code != core::ErrorCode::NotFound)
            return refused;
        if (auto made = createServerDatabase(*address); !made)
            return made.error();
        if (!project.m_db.open())
            return serverClassified(shown, QStringLiteral("Connecting to the new project database"), project.m_db.lastError());
    }
    QSqlQuery query(project.m_db);
    // The server's NOTICEs ("already exists, skipping") are not for a user's terminal.
    if (!query.exec(QStringLiteral("SET client_min_messages = warning")))
        return project.sqlError(QStringLiteral("Setting up the connection"), query.lastError());
    if (how == Opening::Second)
        return project;
    // Only the tables of the schema in use (public unless the role says otherwise).
    if (!query.exec(QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")))
        return project.sqlError(QStringLiteral("Reading the project's tables"), query.lastError());
    QStringList tables;
    while (query.next())
        tables << query.value(0).toString();
    if (how == Opening::Create && tables.contains(QStringLiteral("schema_version")))
        return fileError(core::ErrorCode::AlreadyExists, shown,
            QStringLiteral("This database holds a Turing Reader project already; open it instead, or name another "
                           "database in the URL."));
    if (!tables.isEmpty() && !tables.contains(QStringLiteral("schema_version")))
        return fileError(core::ErrorCode::UnsupportedFormat, shown,
            QStringLiteral("This database is not a Turing Reader project (it has tables %1 and no schema version). "
                           "Name an empty database or a project's; nothing was changed.")
                .arg(tables.mid(0, 5).join(QLatin1String(", "))));
    if (tables.contains(QStringLiteral("image_pool"))) {
        if (!query.exec(QStringLiteral("SELECT has_table_privilege(current_user, 'image_pool', 'SELECT')")) || !query.next())
            return project.sqlError(QStringLiteral("Reading this role's privileges"), query.lastError());
        project.m_readerLogin = !query.value(0).toBool();
    }
    if (project.m_readerLogin) {
        // A reader's login neither migrates nor installs anything.
        auto version = project.storedVersion();
        if (!version)
            return version.error();
        if (*version != kSchemaVersion)
            return fileError(core::ErrorCode::UnsupportedFormat, shown,
                QStringLiteral("The project on the server is at schema %1 and this Turing Reader at %2. %3")
                    .arg(*version)
                    .arg(kSchemaVersion)
                    .arg(*version > kSchemaVersion ? QStringLiteral("Update Turing Reader on this workstation.")
                                                   : QStringLiteral("The coordinator opens it once with this version "
                                                                    "to bring it forward.")));
        return project;
    }
    if (auto migrated = project.migrate(); !migrated)
        return migrated.error();
    if (auto installed = installReaderAccess(project); !installed)
        return installed.error();
    return project;
}

core::Result<ProjectDatabase> ProjectDatabase::openPackage(const QString& path)
{
    auto lock = takeFileLock(path, QStringLiteral("reading package"));
    if (!lock)
        return lock.error();
    if (auto format = checkReadingPackage(path); !format)
        return format.error();
    const QString connection = QStringLiteral("package-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    // An empty main database with the package attached as `reading`: the
    // study engine's reader path finds reading.sitting, reading.presentation...
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(QStringLiteral(":memory:"));
    ProjectDatabase package(db, path, std::move(*lock), Backend::Package);
    package.m_readerLogin = true;
    if (!package.m_db.open())
        return fileError(core::ErrorCode::Io, path, QStringLiteral("The reading package cannot be opened."),
            package.m_db.lastError().text());
    QSqlQuery query(package.m_db);
    query.prepare(QStringLiteral("ATTACH DATABASE ? AS reading"));
    query.addBindValue(path);
    if (!query.exec())
        return package.sqlError(QStringLiteral("Opening the reading package"), query.lastError());
    // A verdict committed is on the medium (a USB stick pulled next loses nothing);
    // a rollback journal rather than a write-ahead log keeps the package one file.
    for (const char* pragma : {"PRAGMA reading.journal_mode=DELETE", "PRAGMA reading.synchronous=FULL",
             "PRAGMA foreign_keys=ON"})
        if (!query.exec(QString::fromLatin1(pragma)))
            return package.sqlError(QStringLiteral("Setting up the reading package"), query.lastError());
    return package;
}

core::Result<ProjectDatabase> ProjectDatabase::openSecondConnection(const QString& path)
{
    if (isServerLocation(path))
        return openServer(path, Opening::Second);
    QLockFile probe(path + QLatin1String(kLockSuffix));
    qint64 pid = 0;
    QString host, program;
    if (!probe.getLockInfo(&pid, &host, &program) || pid != QCoreApplication::applicationPid())
        return fileError(core::ErrorCode::InvalidArgument, path,
            QStringLiteral("A second connection is only for a project this program has open; open the project "
                           "first."));
    const QString connection = QStringLiteral("project-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    ProjectDatabase second(db, path, nullptr);
    if (auto configured = second.configure(false); !configured)
        return configured.error();
    QByteArray key;
    {
        QMutexLocker locked(&g_keysMutex);
        key = unlockedKeys().value(keyOf(path));
    }
    if (!key.isEmpty())
        if (auto opened = second.setTruthKey(key); !opened)
            return opened.error();
    return second;
}

core::Result<int> ProjectDatabase::storedVersion()
{
    QSqlQuery query(m_db);
    const QString table = onServer()
        ? QStringLiteral("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_version'")
        : QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
    if (!query.exec(table) || !query.next())
        return sqlError(QStringLiteral("Reading the schema version"), query.lastError());
    if (query.value(0).toInt() == 0)
        return 0;
    if (!query.exec(QStringLiteral("SELECT version FROM schema_version")))
        return sqlError(QStringLiteral("Reading the schema version"), query.lastError());
    return query.next() ? query.value(0).toInt() : 0;
}

core::Result<void> ProjectDatabase::migrate()
{
    const auto newer = [this](int version) {
        return fileError(core::ErrorCode::UnsupportedFormat, m_path,
            QStringLiteral("This project was written by a newer Turing Reader (schema %1; this one knows %2). "
                           "Update Turing Reader to open it; the %3 was not changed.")
                .arg(version)
                .arg(kSchemaVersion)
                .arg(onServer() ? QStringLiteral("database") : QStringLiteral("file")));
    };
    auto version = storedVersion();
    if (!version)
        return version.error();
    if (*version > kSchemaVersion)
        return newer(*version);
    QSqlQuery query(m_db);
    // A table made anew (schema 11 on a file) needs foreign keys off, which
    // SQLite only changes outside a transaction; they are checked before each
    // commit and on again afterwards, whatever happens.
    const bool rebuilds = !onServer() && *version < 11;
    if (rebuilds && !query.exec(QStringLiteral("PRAGMA foreign_keys=OFF")))
        return sqlError(QStringLiteral("Preparing the upgrade"), query.lastError());
    struct KeysBackOn {
        QSqlDatabase& db;
        bool on;
        ~KeysBackOn()
        {
            if (on)
                QSqlQuery(db).exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        }
    } keysBackOn{m_db, rebuilds};
    while (*version < kSchemaVersion) {
        Transaction transaction(m_db);
        if (!transaction.begun())
            return sqlError(QStringLiteral("Starting a transaction"), m_db.lastError());
        if (onServer()) {
            // Another workstation may be migrating the same database: wait for
            // it, then read again what it left (the lock ends with the transaction).
            if (!query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7310585)")))
                return sqlError(QStringLiteral("Waiting for another program's upgrade"), query.lastError());
            version = storedVersion();
            if (!version)
                return version.error();
            if (*version >= kSchemaVersion)
                return *version > kSchemaVersion ? core::Result<void>(newer(*version)) : core::Result<void>{};
        }
        const int next = *version + 1;
        const QString failing = QStringLiteral("Upgrading the project to schema %1").arg(next);
        QFile script(QStringLiteral(":/schema/%1.sql").arg(next, 3, 10, QLatin1Char('0')));
        if (!script.open(QIODevice::ReadOnly))
            return core::Error{core::ErrorCode::Internal, script.fileName().toStdString(),
                "The schema migration is missing from the program; reinstall Turing Reader.", {}};
        QStringList run;
        if (next == 1) {
            run << QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            if (onServer())
                run << QString::fromLatin1(kPostgresRefuseFunction);
        }
        for (const QString& statement : statements(QString::fromUtf8(script.readAll()))) {
            if (!onServer()) {
                run << statement;
                continue;
            }
            auto translated = postgresStatement(statement);
            if (!translated)
                return translated.error();
            run << *translated;
        }
        if (next == 11 && !onServer())
            for (const char* statement : kImageRebuild)
                run << QString::fromLatin1(statement);
        for (const QString& statement : run)
            if (!query.exec(statement))
                return sqlError(failing, query.lastError());
        if (next == 11 && !onServer()) {
            if (!query.exec(QStringLiteral("PRAGMA foreign_key_check")))
                return sqlError(failing, query.lastError());
            if (query.next())
                return fileError(core::ErrorCode::Corrupt, m_path,
                    QStringLiteral("%1 failed: table %2 refers to a row that is not there (row %3). The file was "
                                   "not changed; restore it from a backup copy.")
                        .arg(failing, query.value(0).toString(), query.value(1).toString()));
        }
        query.exec(QStringLiteral("DELETE FROM schema_version"));
        query.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"));
        query.addBindValue(next);
        if (!query.exec() || !transaction.commit())
            return sqlError(failing, query.lastError());
        *version = next;
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
