#include "studies/readingpackage.h"

#include "core/version.h"
#include "studies/readeraccess.h"
#include "studies/sqltext.h"
#include "studies/study.h"
#include "studies/timestamp.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

#include <algorithm>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace tr::studies {

namespace {

constexpr const char* kSealKeySetting = "package_seal_key";
constexpr const char* kProjectIdSetting = "project_id";

// The sitting's columns as the project's reading.sitting has them; all but
// `state` are issued (sealed), `state` moves on at the reader's workstation.
const QStringList& sittingColumns()
{
    static const QStringList columns = QString::fromLatin1(
        "session_id state study_id study reader_id reader_code display_name reader_group years_experience "
        "images_per_reader min_created_share max_created_share training_cases time_limit_s allow_unknown "
        "ask_confidence ask_reasons same_set real_key created_key unknown_key created_at")
                                           .split(QLatin1Char(' '));
    return columns;
}

constexpr const char* kAnswerColumns = "presentation_id, verdict, confidence, reasons, reason_text, onset_ms, "
                                       "response_ms, recorded_at, focus_losses, disturbed";

// The package's tables, and under the names the study engine's reader path
// reads (readeraccess.h), views of them. Issued rows are never changed;
// answers and events are only appended.
const char* const kPackageSchema[] = {
    "CREATE TABLE package (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE sitting (session_id INTEGER PRIMARY KEY, "
    "state TEXT NOT NULL CHECK (state IN ('not_started', 'training', 'main', 'completed', 'abandoned')), "
    "study_id INTEGER NOT NULL, study TEXT NOT NULL, reader_id INTEGER NOT NULL, reader_code TEXT NOT NULL, "
    "display_name TEXT NOT NULL, reader_group TEXT NOT NULL, years_experience INTEGER, "
    "images_per_reader INTEGER NOT NULL, min_created_share REAL NOT NULL, max_created_share REAL NOT NULL, "
    "training_cases INTEGER NOT NULL, time_limit_s INTEGER NOT NULL, allow_unknown INTEGER NOT NULL, "
    "ask_confidence INTEGER NOT NULL, ask_reasons INTEGER NOT NULL, same_set INTEGER NOT NULL, "
    "real_key TEXT NOT NULL, created_key TEXT NOT NULL, unknown_key TEXT NOT NULL, created_at TEXT NOT NULL)",
    // id: the presentation's id in the project. practice_kind: the feedback of
    // a practice case; the main block's images have none.
    "CREATE TABLE item (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL, "
    "block TEXT NOT NULL CHECK (block IN ('training', 'main')), position INTEGER NOT NULL CHECK (position >= 1), "
    "png BLOB NOT NULL, png_sha256 TEXT NOT NULL, practice_kind TEXT CHECK (practice_kind IN ('real', 'created')), "
    "UNIQUE (block, position), CHECK ((block = 'training') = (practice_kind IS NOT NULL)))",
    "CREATE TABLE answer (seq INTEGER PRIMARY KEY, presentation_id INTEGER NOT NULL UNIQUE REFERENCES item(id), "
    "verdict TEXT NOT NULL CHECK (verdict IN ('real', 'created', 'unknown', 'timeout')), confidence INTEGER, "
    "reasons TEXT NOT NULL, reason_text TEXT NOT NULL, onset_ms INTEGER NOT NULL, response_ms INTEGER NOT NULL, "
    "recorded_at TEXT NOT NULL, focus_losses INTEGER NOT NULL, disturbed INTEGER NOT NULL, link TEXT NOT NULL)",
    "CREATE TABLE event (id INTEGER PRIMARY KEY, at TEXT NOT NULL, session_id INTEGER, kind TEXT NOT NULL, "
    "detail TEXT NOT NULL)",
    "CREATE TRIGGER package_is_sealed BEFORE UPDATE ON package BEGIN SELECT RAISE(ABORT, 'the package is sealed'); END",
    "CREATE TRIGGER package_is_kept BEFORE DELETE ON package BEGIN SELECT RAISE(ABORT, 'the package is sealed'); END",
    "CREATE TRIGGER item_is_sealed BEFORE UPDATE ON item BEGIN SELECT RAISE(ABORT, 'the package is sealed'); END",
    "CREATE TRIGGER item_is_kept BEFORE DELETE ON item BEGIN SELECT RAISE(ABORT, 'the package is sealed'); END",
    "CREATE TRIGGER sitting_is_sealed BEFORE UPDATE ON sitting WHEN "
    "NEW.session_id IS NOT OLD.session_id OR NEW.study IS NOT OLD.study OR NEW.reader_code IS NOT OLD.reader_code "
    "OR NEW.images_per_reader IS NOT OLD.images_per_reader OR NEW.time_limit_s IS NOT OLD.time_limit_s "
    "OR NEW.allow_unknown IS NOT OLD.allow_unknown OR NEW.ask_confidence IS NOT OLD.ask_confidence "
    "OR NEW.ask_reasons IS NOT OLD.ask_reasons "
    "BEGIN SELECT RAISE(ABORT, 'the package is sealed; only the state of the sitting moves on'); END",
    "CREATE TRIGGER sitting_is_kept BEFORE DELETE ON sitting BEGIN SELECT RAISE(ABORT, 'the package is sealed'); END",
    "CREATE TRIGGER answer_is_final BEFORE UPDATE ON answer BEGIN SELECT RAISE(ABORT, 'a recorded answer cannot be changed'); END",
    "CREATE TRIGGER answer_is_kept BEFORE DELETE ON answer BEGIN SELECT RAISE(ABORT, 'a recorded answer cannot be deleted'); END",
    "CREATE TRIGGER event_is_append_only BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
    "CREATE TRIGGER event_is_kept BEFORE DELETE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
    "CREATE VIEW presentation AS SELECT i.id, i.session_id, i.block, i.position, i.png, "
    "(a.presentation_id IS NOT NULL) AS answered FROM item i LEFT JOIN answer a ON a.presentation_id = i.id",
    "CREATE VIEW training_answer AS SELECT i.id AS presentation_id, i.practice_kind AS kind FROM item i "
    "JOIN answer a ON a.presentation_id = i.id WHERE i.block = 'training'",
    "CREATE VIEW session_event AS SELECT id, session_id, kind FROM event "
    "WHERE kind IN ('session opened', 'session closed')",
};

core::Error packageError(core::ErrorCode code, const QString& path, const std::string& message)
{
    return core::Error{code, path.toStdString(), message, {}};
}

core::Error sqlFailure(const QString& path, const QString& operation, const QSqlError& error)
{
    return core::Error{core::ErrorCode::Io, path.toStdString(), operation.toStdString() + " failed.",
        error.text().toStdString()};
}

// One connection of its own to a package file (made, checked or merged), removed when it goes.
class PackageConnection {
public:
    PackageConnection(const QString& path, bool readOnly)
        : m_name(QStringLiteral("package-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        if (readOnly)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        m_open = db.open();
        m_error = db.lastError();
    }
    ~PackageConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    PackageConnection(const PackageConnection&) = delete;
    PackageConnection& operator=(const PackageConnection&) = delete;
    bool open() const { return m_open; }
    const QSqlError& openError() const { return m_error; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    bool m_open = false;
    QSqlError m_error;
};

// A value as the seal and the chain see it: NULL apart from every text.
QByteArray canonical(const QVariant& value, bool null)
{
    return null || !value.isValid() || value.isNull() ? QByteArrayLiteral("\\N") : value.toString().toUtf8();
}

QByteArray hexSha256(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// A SHA-256 link over the previous link and one answer's ten values.
QByteArray answerLink(const QByteArray& previous, const std::vector<QByteArray>& fields)
{
    QByteArray message = previous;
    for (const QByteArray& f : fields)
        message += '\x1f' + f;
    return hexSha256(message);
}

// What the project issued, in a canonical form: the package's settings (but
// the seal), the sitting but its state, and each item but its pixels (which
// its SHA-256 stands for, checked against the pixels separately).
core::Result<QByteArray> issuedContent(QSqlDatabase db, const QString& path)
{
    QByteArray message = QByteArrayLiteral("Turing Reader reading package 1");
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT key, value FROM package WHERE key <> 'seal' ORDER BY key")))
        return sqlFailure(path, QStringLiteral("Reading the package"), query.lastError());
    while (query.next())
        message += '\x1e' + query.value(0).toString().toUtf8() + '=' + query.value(1).toString().toUtf8();
    QStringList issued = sittingColumns();
    issued.removeAll(QStringLiteral("state"));
    if (!query.exec(QStringLiteral("SELECT %1 FROM sitting").arg(issued.join(QLatin1String(", ")))))
        return sqlFailure(path, QStringLiteral("Reading the package's sitting"), query.lastError());
    int sittings = 0;
    while (query.next()) {
        ++sittings;
        message += '\x1e';
        for (int i = 0; i < issued.size(); ++i)
            message += '\x1f' + canonical(query.value(i), query.isNull(i));
    }
    if (sittings != 1)
        return packageError(core::ErrorCode::Corrupt, path, "The package holds " + std::to_string(sittings)
                + " sittings instead of one; it was changed or damaged, and is refused.");
    if (!query.exec(QStringLiteral("SELECT id, session_id, block, position, png_sha256, practice_kind FROM item ORDER BY id")))
        return sqlFailure(path, QStringLiteral("Reading the package's images"), query.lastError());
    while (query.next()) {
        message += '\x1e';
        for (int i = 0; i < 6; ++i)
            message += '\x1f' + canonical(query.value(i), query.isNull(i));
    }
    return message;
}

QByteArray seal(const QByteArray& key, const QByteArray& content)
{
    return QMessageAuthenticationCode::hash(content, key, QCryptographicHash::Sha256).toHex();
}

core::Result<QString> settingValue(ProjectDatabase& db, const char* key)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT value FROM setting WHERE key = ?"));
    query.addBindValue(QString::fromLatin1(key));
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the project's settings"), query.lastError());
    return query.next() ? query.value(0).toString() : QString();
}

// The setting, made with `make()` the first time (within the caller's transaction).
core::Result<QString> settingMadeOnce(ProjectDatabase& db, const char* key, const std::function<QString()>& make)
{
    auto value = settingValue(db, key);
    if (!value || !value->isEmpty())
        return value;
    const QString made = make();
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("INSERT INTO setting (key, value) VALUES (?, ?)"));
    query.addBindValue(QString::fromLatin1(key));
    query.addBindValue(made);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Storing the project's %1").arg(QString::fromLatin1(key)), query.lastError());
    return made;
}

struct IssuedPackage {
    QString id;
    qint64 sessionId = 0;
    QString madeAt, fileName, supersededAt, mergedAt;
};

core::Result<std::optional<IssuedPackage>> issuedPackage(ProjectDatabase& db, const QString& where, const QVariant& value)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT id, session_id, made_at, file_name, superseded_at, merged_at FROM "
                                 "reading_package WHERE %1")
                      .arg(where));
    query.addBindValue(value);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the project's reading packages"), query.lastError());
    if (!query.next())
        return std::optional<IssuedPackage>();
    return std::optional<IssuedPackage>(IssuedPackage{query.value(0).toString(), query.value(1).toLongLong(),
        query.value(2).toString(), query.value(3).toString(), query.value(4).toString(), query.value(5).toString()});
}

core::Result<std::optional<IssuedPackage>> outstanding(ProjectDatabase& db, qint64 sessionId)
{
    return issuedPackage(db, QStringLiteral("session_id = ? AND superseded_at IS NULL AND merged_at IS NULL"), sessionId);
}

core::Result<void> supersede(ProjectDatabase& db, const QString& packageId)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("UPDATE reading_package SET superseded_at = ? WHERE id = ?"));
    query.addBindValue(utcTimestamp());
    query.addBindValue(packageId);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Replacing the reading package"), query.lastError());
    return {};
}

struct SessionRow {
    StudyRecord study;
    ReaderRecord reader;
    qint64 id = 0;
    QString state;
    int verdicts = 0;
};

core::Result<SessionRow> sessionRow(ProjectDatabase& db, const QString& studyName, const QString& readerCode, bool create,
    const CoordinatorAccess& coordinator)
{
    auto st = study(db, studyName);
    if (!st)
        return st.error();
    auto rd = reader(db, readerCode);
    if (!rd)
        return rd.error();
    SessionRow row;
    row.study = *st;
    row.reader = *rd;
    if (create) {
        auto id = prepareSession(db, coordinator, studyName, readerCode);
        if (!id)
            return id.error();
    }
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT se.id, se.state, (SELECT count(*) FROM presentation p JOIN verdict v ON "
                                 "v.presentation_id = p.id WHERE p.session_id = se.id) FROM session se "
                                 "WHERE se.study_id = ? AND se.reader_id = ?"));
    query.addBindValue(st->id);
    query.addBindValue(rd->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the session of %1").arg(readerCode), query.lastError());
    if (!query.next())
        return core::Error{core::ErrorCode::NotFound, readerCode.toStdString(),
            "This reader has no session in study " + studyName.toStdString() + ".", {}};
    row.id = query.value(0).toLongLong();
    row.state = query.value(1).toString();
    row.verdicts = query.value(2).toInt();
    return row;
}

// Writes the package file at `path` (a new file) from the project's session.
core::Result<PackageMade> writePackage(ProjectDatabase& db, const SessionRow& row, const QString& path,
    const QString& packageId, const QString& projectId, const QByteArray& key, const QString& madeAt)
{
    PackageMade made;
    made.packageId = packageId;
    PackageConnection package(path, false);
    if (!package.open())
        return sqlFailure(path, QStringLiteral("Creating the reading package"), package.openError());
    QSqlDatabase out = package.db();
    QSqlQuery write(out);
    for (const QString& pragma : {QStringLiteral("PRAGMA application_id = %1").arg(kReadingPackageApplicationId),
             QStringLiteral("PRAGMA user_version = %1").arg(kReadingPackageFormat), QStringLiteral("PRAGMA journal_mode=DELETE")})
        if (!write.exec(pragma))
            return sqlFailure(path, QStringLiteral("Creating the reading package"), write.lastError());
    if (!out.transaction())
        return sqlFailure(path, QStringLiteral("Creating the reading package"), out.lastError());
    for (const char* statement : kPackageSchema)
        if (!write.exec(QString::fromLatin1(statement)))
            return sqlFailure(path, QStringLiteral("Creating the reading package's tables"), write.lastError());
    const std::pair<const char*, QString> settings[] = {{"format", QString::number(kReadingPackageFormat)},
        {"package_id", packageId}, {"project_id", projectId}, {"study", row.study.name}, {"reader_code", row.reader.code},
        {"made_at", madeAt}, {"made_by", QStringLiteral("Turing Reader ") + QString::fromLatin1(core::kVersion)}};
    write.prepare(QStringLiteral("INSERT INTO package (key, value) VALUES (?, ?)"));
    for (const auto& [k, v] : settings) {
        write.addBindValue(QString::fromLatin1(k));
        write.addBindValue(v);
        if (!write.exec())
            return sqlFailure(path, QStringLiteral("Writing the reading package"), write.lastError());
    }
    QSqlQuery read(db.db());
    read.prepare(QStringLiteral(TR_SITTING_SELECT "WHERE se.id = ?"));
    read.addBindValue(row.id);
    if (!read.exec() || !read.next())
        return db.sqlError(QStringLiteral("Reading the sitting of %1").arg(row.reader.code), read.lastError());
    QStringList marks;
    for (int i = 0; i < sittingColumns().size(); ++i)
        marks << QStringLiteral("?");
    write.prepare(QStringLiteral("INSERT INTO sitting (%1) VALUES (%2)")
                      .arg(sittingColumns().join(QLatin1String(", ")), marks.join(QLatin1String(", "))));
    for (const QString& column : sittingColumns())
        write.addBindValue(read.value(column));
    if (!write.exec())
        return sqlFailure(path, QStringLiteral("Writing the reading package's sitting"), write.lastError());
    // The pixels and, for practice cases only, the feedback; nothing else of the image.
    read.prepare(QStringLiteral("SELECT p.id, p.block, p.position, i.png, i.png_sha256, pl.kind FROM presentation p "
                                "JOIN image i ON i.id = p.image_id JOIN image_pool pl ON pl.id = i.pool_id "
                                "WHERE p.session_id = ? ORDER BY p.id"));
    read.addBindValue(row.id);
    if (!read.exec())
        return db.sqlError(QStringLiteral("Reading the images of %1").arg(row.reader.code), read.lastError());
    write.prepare(QStringLiteral(
        "INSERT INTO item (id, session_id, block, position, png, png_sha256, practice_kind) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    while (read.next()) {
        const bool training = read.value(1).toString() == QLatin1String("training");
        (training ? made.trainingCount : made.mainCount)++;
        for (const QVariant& v : {read.value(0), QVariant(row.id), read.value(1), read.value(2), read.value(3),
                 read.value(4), training ? read.value(5) : QVariant()})
            write.addBindValue(v);
        if (!write.exec())
            return sqlFailure(path, QStringLiteral("Writing the reading package's images"), write.lastError());
    }
    if (made.mainCount == 0)
        return packageError(core::ErrorCode::Internal, row.reader.code, "The session has no images to package.");
    auto content = issuedContent(out, path);
    if (!content)
        return content.error();
    write.prepare(QStringLiteral("INSERT INTO package (key, value) VALUES ('seal', ?)"));
    write.addBindValue(QString::fromLatin1(seal(key, *content)));
    if (!write.exec() || !out.commit())
        return sqlFailure(path, QStringLiteral("Sealing the reading package"), write.lastError());
    return made;
}

std::optional<SessionState> stateFrom(const QString& key)
{
    for (SessionState s : {SessionState::NotStarted, SessionState::Training, SessionState::Main, SessionState::Completed,
             SessionState::Abandoned})
        if (stateKey(s) == key)
            return s;
    return std::nullopt;
}

QString packageValue(QSqlDatabase db, const char* key)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT value FROM package WHERE key = ?"));
    query.addBindValue(QString::fromLatin1(key));
    return query.exec() && query.next() ? query.value(0).toString() : QString();
}

} // namespace

bool isReadingPackage(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = file.read(100);
    if (header.size() < 100 || !header.startsWith(QByteArrayLiteral("SQLite format 3")))
        return false;
    const auto byte = [&](int i) { return quint32(quint8(header[i])); };
    return (byte(68) << 24 | byte(69) << 16 | byte(70) << 8 | byte(71)) == quint32(kReadingPackageApplicationId);
}

core::Result<void> checkReadingPackage(const QString& path)
{
    if (!isReadingPackage(path))
        return packageError(core::ErrorCode::UnsupportedFormat, path,
            "This is not a Turing Reader reading package. The coordinator makes one with 'session package'.");
    PackageConnection package(path, true);
    if (!package.open())
        return sqlFailure(path, QStringLiteral("Opening the reading package"), package.openError());
    QSqlQuery query(package.db());
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return sqlFailure(path, QStringLiteral("Reading the package's format"), query.lastError());
    const int format = query.value(0).toInt();
    if (format != kReadingPackageFormat)
        return packageError(core::ErrorCode::UnsupportedFormat, path,
            "This reading package has format " + std::to_string(format) + "; this Turing Reader reads format "
                + std::to_string(kReadingPackageFormat) + ". Use the Turing Reader version the coordinator uses.");
    for (const char* table : {"package", "sitting", "item", "answer", "event", "presentation", "training_answer",
             "session_event"})
        if (package.db().record(QString::fromLatin1(table)).isEmpty())
            return packageError(core::ErrorCode::Corrupt, path,
                std::string("The reading package has no ") + table + " table; it is damaged. Ask the coordinator for a new one.");
    return {};
}

core::Result<ReadingPackageInfo> readingPackageInfo(const QString& path)
{
    if (auto ok = checkReadingPackage(path); !ok)
        return ok.error();
    PackageConnection package(path, true);
    if (!package.open())
        return sqlFailure(path, QStringLiteral("Opening the reading package"), package.openError());
    ReadingPackageInfo info;
    info.packageId = packageValue(package.db(), "package_id");
    info.study = packageValue(package.db(), "study");
    info.readerCode = packageValue(package.db(), "reader_code");
    info.madeAt = packageValue(package.db(), "made_at");
    QSqlQuery query(package.db());
    if (!query.exec(QStringLiteral("SELECT state FROM sitting")) || !query.next())
        return sqlFailure(path, QStringLiteral("Reading the package's sitting"), query.lastError());
    const auto state = stateFrom(query.value(0).toString());
    if (!state)
        return packageError(core::ErrorCode::Corrupt, path, "The package's sitting has an unknown state; it is damaged.");
    info.state = *state;
    if (!query.exec(QStringLiteral("SELECT block, count(*), sum(answered) FROM presentation "
                                   "GROUP BY block")))
        return sqlFailure(path, QStringLiteral("Reading the package's images"), query.lastError());
    while (query.next()) {
        const bool training = query.value(0).toString() == QLatin1String("training");
        (training ? info.trainingCount : info.mainCount) = query.value(1).toInt();
        (training ? info.trainingAnswered : info.mainAnswered) = query.value(2).toInt();
    }
    return info;
}

core::Result<std::optional<PackageOut>> packageOut(ProjectDatabase& db, qint64 sessionId)
{
    if (db.readerLogin())
        return std::optional<PackageOut>(); // a reader's login cannot read the table, and needs no refusal from it
    auto out = outstanding(db, sessionId);
    if (!out)
        return out.error();
    if (!*out)
        return std::optional<PackageOut>();
    return std::optional<PackageOut>(PackageOut{(*out)->id, (*out)->fileName, (*out)->madeAt});
}

core::Result<PackageMade> makeReadingPackage(ProjectDatabase& db, const CoordinatorAccess& coordinator,
    const QString& studyName, const QString& readerCode, const QString& outPath, bool replace)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    if (QFileInfo::exists(outPath))
        return packageError(core::ErrorCode::AlreadyExists, outPath,
            "A file of this name exists already; name a new file for the package.");
    if (!QFileInfo(outPath).dir().exists())
        return packageError(core::ErrorCode::NotFound, outPath,
            "The folder " + QFileInfo(outPath).dir().path().toStdString() + " does not exist; create it first.");
    auto row = sessionRow(db, studyName, readerCode, true, coordinator);
    if (!row)
        return row.error();
    if (row->state != QLatin1String("not_started") || row->verdicts > 0)
        return packageError(core::ErrorCode::InvalidArgument, readerCode,
            "The session of this reader in study " + studyName.toStdString() + " has begun here ("
                + row->state.toStdString() + ", " + std::to_string(row->verdicts)
                + " answers); a package is for a sitting that has not begun. The reader goes on where they are.");
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    auto previous = outstanding(db, row->id);
    if (!previous)
        return previous.error();
    QString replacedMadeAt;
    if (*previous) {
        if (!replace)
            return packageError(core::ErrorCode::AlreadyExists, readerCode,
                "A package of this sitting is out already (" + (*previous)->fileName.toStdString() + ", made "
                    + (*previous)->madeAt.toStdString()
                    + "). Merge it with 'session merge', or make a new one with --replace (the old one can then no "
                      "longer be merged).");
        if (auto replaced = supersede(db, (*previous)->id); !replaced)
            return replaced.error();
        replacedMadeAt = (*previous)->madeAt;
    }
    auto projectId = settingMadeOnce(db, kProjectIdSetting, [] { return QUuid::createUuid().toString(QUuid::WithoutBraces); });
    if (!projectId)
        return projectId.error();
    auto keyHex = settingMadeOnce(db, kSealKeySetting, [] {
        QByteArray key(32, '\0');
        QRandomGenerator::system()->generate(key.begin(), key.end());
        return QString::fromLatin1(key.toHex());
    });
    if (!keyHex)
        return keyHex.error();
    const QString packageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString madeAt = utcTimestamp();
    const QString fileName = QFileInfo(outPath).fileName();
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("INSERT INTO reading_package (id, session_id, made_at, file_name) VALUES (?, ?, ?, ?)"));
    for (const QVariant& v : {QVariant(packageId), QVariant(row->id), QVariant(madeAt), QVariant(fileName)})
        query.addBindValue(v);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Recording the reading package"), query.lastError());
    // Written beside the target and renamed when whole: a half-written package never has the name.
    const QString part = outPath + QStringLiteral(".part");
    QFile::remove(part);
    auto made = writePackage(db, *row, part, packageId, *projectId, QByteArray::fromHex(keyHex->toLatin1()), madeAt);
    if (!made) {
        QFile::remove(part);
        return made.error();
    }
    made->replacedMadeAt = replacedMadeAt;
    if (auto logged = logEvent(db, QStringLiteral("session packaged"),
            QStringLiteral("package %1 (%2): %3 training + %4 main images%5")
                .arg(packageId, fileName)
                .arg(made->trainingCount)
                .arg(made->mainCount)
                .arg(replacedMadeAt.isEmpty() ? QString() : QStringLiteral("; replaces the package made ") + replacedMadeAt),
            row->study.id, row->id);
        !logged) {
        QFile::remove(part);
        return logged.error();
    }
    if (!QFile::rename(part, outPath)) {
        QFile::remove(part);
        return packageError(core::ErrorCode::Io, outPath, "The package cannot be written here; check the folder.");
    }
    if (!transaction.commit()) {
        QFile::remove(outPath);
        return db.sqlError(QStringLiteral("Recording the reading package"), db.db().lastError());
    }
    return *made;
}

core::Result<void> recallReadingPackage(ProjectDatabase& db, const CoordinatorAccess& coordinator,
    const QString& studyName, const QString& readerCode, const QString& reason)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed;
    if (reason.trimmed().isEmpty())
        return core::Error{core::ErrorCode::InvalidArgument, "reason", "Say why the package is recalled; it goes into the event log.", {}};
    auto row = sessionRow(db, studyName, readerCode, false, coordinator);
    if (!row)
        return row.error();
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    auto out = outstanding(db, row->id);
    if (!out)
        return out.error();
    if (!*out)
        return packageError(core::ErrorCode::NotFound, readerCode,
            "No package of this reader's sitting in study " + studyName.toStdString() + " is out.");
    if (auto done = supersede(db, (*out)->id); !done)
        return done;
    if (auto logged = logEvent(db, QStringLiteral("package recalled"),
            QStringLiteral("package %1 (%2): %3").arg((*out)->id, (*out)->fileName, reason), row->study.id, row->id);
        !logged)
        return logged;
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Recalling the reading package"), db.db().lastError());
    return {};
}

core::Result<void> recordPackageAnswer(ProjectDatabase& db, const QVariantList& values)
{
    QSqlQuery query(db.db());
    if (!query.exec(QStringLiteral("SELECT link FROM reading.answer ORDER BY seq DESC LIMIT 1")))
        return db.sqlError(QStringLiteral("Reading the package's answers"), query.lastError());
    QByteArray previous;
    if (query.next()) {
        previous = query.value(0).toString().toLatin1();
    } else {
        if (!query.exec(QStringLiteral("SELECT value FROM reading.package WHERE key = 'seal'")) || !query.next())
            return db.sqlError(QStringLiteral("Reading the package's seal"), query.lastError());
        previous = query.value(0).toString().toLatin1();
    }
    std::vector<QByteArray> fields;
    for (const QVariant& v : values)
        fields.push_back(canonical(v, false));
    query.prepare(QStringLiteral("INSERT INTO reading.answer (%1, link) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(QLatin1String(kAnswerColumns)));
    for (const QVariant& v : values)
        query.addBindValue(v);
    query.addBindValue(QString::fromLatin1(answerLink(previous, fields)));
    if (!query.exec())
        return db.sqlError(QStringLiteral("Recording the answer in the reading package"), query.lastError());
    return {};
}

core::Result<PackageMerged> mergeReadingPackage(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& path)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    if (auto ok = checkReadingPackage(path); !ok)
        return ok.error();
    PackageConnection package(path, true);
    if (!package.open())
        return sqlFailure(path, QStringLiteral("Opening the reading package"), package.openError());
    QSqlDatabase pkg = package.db();
    const auto refused = [&](const std::string& why) {
        return packageError(core::ErrorCode::PermissionDenied, path, why + " The package is refused; nothing was merged.");
    };

    // Foreign, replaced or merged already: what the project remembers of it.
    const QString packageId = packageValue(pkg, "package_id");
    auto projectId = settingValue(db, kProjectIdSetting);
    if (!projectId)
        return projectId.error();
    if (packageValue(pkg, "project_id") != *projectId || projectId->isEmpty())
        return refused("It was made by another project (" + packageValue(pkg, "study").toStdString() + ", reader "
            + packageValue(pkg, "reader_code").toStdString() + ", made " + packageValue(pkg, "made_at").toStdString()
            + "), not by " + db.path().toStdString() + ".");
    auto issued = issuedPackage(db, QStringLiteral("id = ?"), packageId);
    if (!issued)
        return issued.error();
    if (!*issued)
        return refused("This project never issued a package with its id " + packageId.toStdString() + ".");
    const IssuedPackage& record = **issued;
    if (!record.mergedAt.isEmpty())
        return refused("It was merged already, at " + record.mergedAt.toStdString() + ".");
    if (!record.supersededAt.isEmpty())
        return refused("It was replaced or recalled at " + record.supersededAt.toStdString()
            + "; only the newest package of a sitting is merged.");

    // The seal over what was issued, and the pixels against their hashes.
    auto keyHex = settingValue(db, kSealKeySetting);
    if (!keyHex)
        return keyHex.error();
    auto content = issuedContent(pkg, path);
    if (!content)
        return content.error();
    const QByteArray sealed = packageValue(pkg, "seal").toLatin1();
    if (!constantTimeEqual(seal(QByteArray::fromHex(keyHex->toLatin1()), *content), sealed))
        return refused("It was changed after it was made: its design, images or their order are not what this "
                       "project issued (the seal does not match).");
    QSqlQuery read(pkg);
    if (!read.exec(QStringLiteral("SELECT id, block, position, png, png_sha256 FROM item ORDER BY block = 'main', position")))
        return sqlFailure(path, QStringLiteral("Reading the package's images"), read.lastError());
    struct Item {
        qint64 id;
        Block block;
        int position;
    };
    std::vector<Item> items;
    std::map<qint64, std::size_t> itemIndex;
    while (read.next()) {
        if (hexSha256(read.value(3).toByteArray()) != read.value(4).toString().toLatin1())
            return refused("The pixels of " + read.value(1).toString().toStdString() + " image "
                + read.value(2).toString().toStdString() + " were changed after it was made.");
        itemIndex[read.value(0).toLongLong()] = items.size();
        items.push_back({read.value(0).toLongLong(),
            read.value(1).toString() == QLatin1String("training") ? Block::Training : Block::Main, read.value(2).toInt()});
    }
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT p.id, p.block, p.position, i.png_sha256 FROM presentation p JOIN image i ON "
                                 "i.id = p.image_id WHERE p.session_id = ? ORDER BY p.id"));
    query.addBindValue(record.sessionId);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the session's presentations"), query.lastError());
    int matched = 0;
    read.prepare(QStringLiteral("SELECT block, position, png_sha256 FROM item WHERE id = ?"));
    while (query.next()) {
        read.addBindValue(query.value(0));
        if (!read.exec() || !read.next() || read.value(0).toString() != query.value(1).toString() || read.value(1).toInt() != query.value(2).toInt()
            || read.value(2).toString() != query.value(3).toString())
            return refused("Its images are not those of the session it names.");
        ++matched;
    }
    if (matched != int(items.size()))
        return refused("Its images are not those of the session it names.");

    // The session's design, for the answers' check.
    QSqlQuery sitting(pkg);
    if (!sitting.exec(QStringLiteral("SELECT state, study, reader_code FROM sitting")) || !sitting.next())
        return sqlFailure(path, QStringLiteral("Reading the package's sitting"), sitting.lastError());
    const auto packageState = stateFrom(sitting.value(0).toString());
    if (!packageState)
        return refused("Its sitting has the state '" + sitting.value(0).toString().toStdString() + "', which is unknown.");
    auto st = study(db, sitting.value(1).toString());
    if (!st)
        return st.error();
    PackageMerged merged;
    merged.study = st->name;
    merged.readerCode = sitting.value(2).toString();

    // The answers: the chain from the seal, in presentation order, each as the design allows.
    if (!read.exec(QStringLiteral("SELECT %1, link FROM answer ORDER BY seq").arg(QLatin1String(kAnswerColumns))))
        return sqlFailure(path, QStringLiteral("Reading the package's answers"), read.lastError());
    QByteArray previous = sealed;
    std::vector<QVariantList> answers;
    int lastTraining = 0, lastMain = 0;
    while (read.next()) {
        const int n = int(answers.size()) + 1;
        std::vector<QByteArray> fields;
        QVariantList values;
        for (int i = 0; i < 10; ++i) {
            fields.push_back(canonical(read.value(i), read.isNull(i)));
            values << (read.isNull(i) ? QVariant() : read.value(i));
        }
        const QByteArray link = answerLink(previous, fields);
        if (link != read.value(10).toString().toLatin1())
            return refused("Answer " + std::to_string(n)
                + " was changed, or an answer before it removed, after it was given (the answers' chain breaks there).");
        previous = link;
        const auto found = itemIndex.find(values[0].toLongLong());
        if (found == itemIndex.end())
            return refused("Answer " + std::to_string(n) + " is for an image the package does not hold.");
        const Item& item = items[found->second];
        int& last = item.block == Block::Training ? lastTraining : lastMain;
        if (item.position != last + 1 || (item.block == Block::Training && lastMain > 0))
            return refused("Answer " + std::to_string(n) + " is out of the presentation order.");
        last = item.position;
        Answer a;
        const auto call = parseCall(values[1].toString());
        if (!call)
            return refused("Answer " + std::to_string(n) + " has the verdict '" + values[1].toString().toStdString() + "'.");
        a.call = *call;
        if (!values[2].isNull())
            a.confidence = values[2].toInt();
        a.reasons = values[3].toString().isEmpty() ? QStringList() : values[3].toString().split(QLatin1Char(','));
        a.reasonText = values[4].toString();
        a.onsetMs = values[5].toLongLong();
        a.responseMs = values[6].toLongLong();
        a.focusLosses = values[8].toInt();
        if (auto problem = answerProblem(st->design, a))
            return refused("Answer " + std::to_string(n) + ": " + problem->subject + ": " + problem->message);
        answers.push_back(values);
    }
    merged.trainingAnswered = lastTraining;
    merged.mainAnswered = lastMain;
    merged.mainCount = int(std::count_if(items.begin(), items.end(), [](const Item& i) { return i.block == Block::Main; }));
    if ((*packageState == SessionState::Completed) != (lastMain == merged.mainCount))
        return refused("Its sitting says " + stateKey(*packageState).toStdString() + " with " + std::to_string(lastMain)
            + " of " + std::to_string(merged.mainCount) + " images answered.");

    // All checked: one transaction in the project.
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    query.prepare(QStringLiteral("INSERT INTO verdict (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(QLatin1String(kAnswerColumns)));
    for (const QVariantList& values : answers) {
        for (const QVariant& v : values)
            query.addBindValue(v);
        if (!query.exec())
            return db.sqlError(QStringLiteral("Recording the package's answers"), query.lastError());
    }
    QSqlQuery events(pkg);
    if (!events.exec(QStringLiteral("SELECT at, kind, detail FROM event ORDER BY id")))
        return sqlFailure(path, QStringLiteral("Reading the package's event log"), events.lastError());
    query.prepare(QStringLiteral("INSERT INTO event (at, study_id, session_id, kind, detail) VALUES (?, ?, ?, ?, ?)"));
    while (events.next()) {
        for (const QVariant& v : {events.value(0), QVariant(st->id), QVariant(record.sessionId), events.value(1),
                 QVariant(sqlText(events.value(2).toString()) + QStringLiteral(" [reading package]"))})
            query.addBindValue(v);
        if (!query.exec())
            return db.sqlError(QStringLiteral("Recording the package's event log"), query.lastError());
        ++merged.events;
    }
    // An abandoned session stays abandoned; its answers are kept all the same.
    query.prepare(QStringLiteral("UPDATE session SET state = ? WHERE id = ? AND state <> 'abandoned'"));
    query.addBindValue(stateKey(*packageState));
    query.addBindValue(record.sessionId);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Updating the session"), query.lastError());
    query.prepare(QStringLiteral("UPDATE reading_package SET merged_at = ? WHERE id = ?"));
    query.addBindValue(utcTimestamp());
    query.addBindValue(packageId);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Recording the merge"), query.lastError());
    if (auto logged = logEvent(db, QStringLiteral("session merged"),
            QStringLiteral("package %1: %2 training + %3 main answers, %4 events").arg(packageId)
                .arg(merged.trainingAnswered).arg(merged.mainAnswered).arg(merged.events),
            st->id, record.sessionId);
        !logged)
        return logged.error();
    query.prepare(QStringLiteral("SELECT state FROM session WHERE id = ?"));
    query.addBindValue(record.sessionId);
    if (!query.exec() || !query.next())
        return db.sqlError(QStringLiteral("Reading the session"), query.lastError());
    merged.state = stateFrom(query.value(0).toString()).value_or(SessionState::Abandoned);
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Merging the reading package"), db.db().lastError());
    return merged;
}

} // namespace tr::studies
