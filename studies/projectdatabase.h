#pragma once
// The project file: one SQLite database per project, which a coordinator copies
// and archives as a single file. Opens it with the settings a reader study needs
// (write-ahead log, synchronous=FULL so a committed verdict survives a power cut,
// foreign keys on) and brings its schema up to date through the ordered,
// forward-only migrations in studies/schema/ (qBittorrent and Orthanc do the same).
//
// One program at a time: a lock file next to the project (PROJECT.lock, with the
// holder's process id and host) makes a second Turing Reader, GUI or CLI, say
// plainly who has the project open instead of interleaving with a running
// session. A lock left by a killed process is taken over (QLockFile checks
// that its process is gone), so a crash never locks a project for good.
//
// Or a project on a PostgreSQL server (serveraddress.h): wherever a file path
// is accepted, a postgresql:// URL is too. The same numbered migrations bring
// it forward (translated, postgresschema.h, under an advisory lock so that two
// workstations opening a new server at once do not both migrate); many
// programs hold it at once, which is what a server is for, so no lock file.
//
// Or a reader's sealed reading package (readingpackage.h), opened where a
// project is: the quiz runs on it as on a reader's server login, through a
// `reading` schema (the package file, attached under that name), and nothing
// else of a project is there.

#include "core/result.h"

#include <QByteArray>
#include <QLockFile>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace tr::studies {

class ProjectDatabase {
public:
    static constexpr int kSchemaVersion = 11;
    static constexpr const char* kLockSuffix = ".lock";

    enum class Backend { File, Server, Package };

    // Creates a new project file; fails if one exists at `path` already. On a
    // server: creates the database when it is not there (the role needs
    // CREATEDB for that) and refuses one that holds a project already.
    static core::Result<ProjectDatabase> create(const QString& path);
    // Opens an existing project file and migrates it to kSchemaVersion. Refuses a
    // file written by a newer Turing Reader instead of damaging it.
    static core::Result<ProjectDatabase> open(const QString& path);
    // A further connection to a project this program holds open already, for a
    // worker thread (an import, a pool): call it in the thread that uses it,
    // and close it before the holder. It takes no lock of its own and refuses a
    // project that this process does not hold. SQLite's write-ahead log lets
    // the two connections read at once; writes wait their turn (5 s timeout).
    static core::Result<ProjectDatabase> openSecondConnection(const QString& path);

    ProjectDatabase(ProjectDatabase&& other) noexcept;
    ProjectDatabase& operator=(ProjectDatabase&&) = delete;
    ProjectDatabase(const ProjectDatabase&) = delete;
    ~ProjectDatabase();

    QSqlDatabase& db() { return m_db; }
    // The file's path, or the server's URL without its password.
    const QString& path() const { return m_path; }
    Backend backend() const { return m_backend; }
    bool onServer() const { return m_backend == Backend::Server; }
    // A reader's login on a server (readeraccess.h): the study engine reads
    // and writes through the `reading` schema, never the tables.
    bool readerLogin() const { return m_readerLogin; }
    // A reading package: a reader's login too, whose `reading` schema is the
    // package's tables (written with plain statements, not the server's functions).
    bool readingPackage() const { return m_backend == Backend::Package; }

    // A server connection that broke (the server restarted, the network
    // went): closes it and connects again. Fails while the server is down.
    core::Result<void> reconnect();
    // The last sqlError() was a server out of reach (not a refusal): what
    // the study engine keeps an answer in hand for.
    bool lastErrorUnreachable() const { return m_unreachable; }

    // An error for a failed query, naming the project file and the operation.
    core::Error sqlError(const QString& operation, const QSqlError& error) const;

    // The project's truth key (truthkey.h), once the coordinator unlocked it in
    // this program: empty before. With it, a project file's sealed image
    // sources read as open ones on this connection and on the further
    // connections this program opens to the same file (sealedsources.h).
    const QByteArray& truthKey() const { return m_truthKey; }
    core::Result<void> setTruthKey(const QByteArray& key);

private:
    enum class Opening { Create, Open, Second };
    ProjectDatabase(QSqlDatabase db, QString path, std::unique_ptr<QLockFile> lock, Backend backend = Backend::File);
    static core::Result<ProjectDatabase> openConnection(const QString& path, bool creating);
    static core::Result<ProjectDatabase> openServer(const QString& url, Opening how);
    static core::Result<ProjectDatabase> openPackage(const QString& path);
    core::Result<void> configure(bool creating);
    core::Result<int> storedVersion();
    core::Result<void> migrate();

    QSqlDatabase m_db;
    QString m_path;
    Backend m_backend = Backend::File;
    bool m_readerLogin = false;
    QByteArray m_truthKey;
    mutable bool m_unreachable = false; // set by sqlError()
    QString m_connection;
    std::unique_ptr<QLockFile> m_lock; // released after the connection closes
};

// Commits on commit(); rolls back when destroyed without one, so an error return
// or an exception leaves the file as it was.
class Transaction {
public:
    explicit Transaction(QSqlDatabase& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    bool begun() const { return m_begun; }
    bool commit();

private:
    QSqlDatabase& m_db;
    bool m_begun = false;
    bool m_done = false;
};

} // namespace tr::studies
