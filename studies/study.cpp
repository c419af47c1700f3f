#include "studies/study.h"

#include "studies/blindingcheck.h"

#include "studies/imagepool.h"
#include "studies/readersession.h"
#include "studies/sealedsources.h"
#include "studies/sqltext.h"
#include "studies/timestamp.h"

#include <QKeySequence>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <limits>

namespace tr::studies {

namespace {

core::Error fieldError(const std::string& field, const std::string& message)
{
    return core::Error{core::ErrorCode::InvalidArgument, field, message, {}};
}

constexpr const char* kStudyColumns
    = "s.id, s.name, r.name, c.name, s.real_pool_id, s.created_pool_id, s.seed, s.images_per_reader, "
      "s.min_created_share, s.max_created_share, s.training_cases, s.time_limit_s, s.allow_unknown, "
      "s.ask_confidence, s.ask_reasons, s.same_set, s.created_at, "
      "r.image_count - r.discarded_count, c.image_count - c.discarded_count, "
      "s.real_key, s.created_key, s.unknown_key, r.discarded_count, c.discarded_count "
      "FROM study s JOIN image_pool r ON r.id = s.real_pool_id JOIN image_pool c ON c.id = s.created_pool_id";

// The seed reads 0 where it is sealed and the passphrase is not at hand: only
// the coordinator's work (draws, checks, results) uses it.
core::Result<StudyRecord> studyFrom(const ProjectDatabase& db, const QSqlQuery& q)
{
    StudyRecord s;
    s.id = q.value(0).toLongLong();
    s.name = q.value(1).toString();
    s.realPool = q.value(2).toString();
    s.createdPool = q.value(3).toString();
    s.realPoolId = q.value(4).toLongLong();
    s.createdPoolId = q.value(5).toLongLong();
    auto seed = seedFrom(db, q.value(6).toString(), studySeedContext(q.value(1).toString()));
    if (!seed)
        return seed.error();
    s.seed = seed->value_or(0);
    s.design.draw.imagesPerReader = q.value(7).toInt();
    s.design.draw.minimumCreatedShare = q.value(8).toDouble();
    s.design.draw.maximumCreatedShare = q.value(9).toDouble();
    s.design.draw.trainingCases = q.value(10).toInt();
    s.design.timeLimitSeconds = q.value(11).toInt();
    s.design.allowUnknown = q.value(12).toBool();
    s.design.askConfidence = q.value(13).toBool();
    s.design.askReasons = q.value(14).toBool();
    s.design.draw.sameSetForEveryReader = q.value(15).toBool();
    s.createdAt = q.value(16).toString();
    s.realPoolSize = q.value(17).toInt();
    s.createdPoolSize = q.value(18).toInt();
    s.design.keys = {q.value(19).toString(), q.value(20).toString(), q.value(21).toString()};
    s.realDiscarded = q.value(22).toInt();
    s.createdDiscarded = q.value(23).toInt();
    return s;
}

ReaderRecord readerFrom(const QSqlQuery& q)
{
    ReaderRecord r;
    r.id = q.value(0).toLongLong();
    r.code = q.value(1).toString();
    r.displayName = q.value(2).toString();
    r.group = q.value(3).toString();
    if (!q.value(4).isNull())
        r.yearsOfExperience = q.value(4).toInt();
    return r;
}

} // namespace

QString canonicalKeyName(const QString& name)
{
    const QKeySequence sequence = QKeySequence::fromString(name.trimmed(), QKeySequence::PortableText);
    if (sequence.count() != 1 || sequence[0].keyboardModifiers() != Qt::NoModifier)
        return {};
    const Qt::Key key = sequence[0].key();
    const bool allowed = (key >= Qt::Key_A && key <= Qt::Key_Z) || (key >= Qt::Key_0 && key <= Qt::Key_9)
        || key == Qt::Key_Left || key == Qt::Key_Right || key == Qt::Key_Up || key == Qt::Key_Down;
    return allowed ? sequence.toString(QKeySequence::PortableText) : QString();
}

QString answerKeysProblem(const StudyDesign& design)
{
    const AnswerKeys& k = design.keys;
    const std::pair<const char*, const QString*> named[] = {{"real", &k.real}, {"created", &k.created}, {"unknown", &k.unknown}};
    QStringList seen;
    for (const auto& [what, name] : named) {
        const QString key = canonicalKeyName(*name);
        if (key.isEmpty())
            return QStringLiteral("The %1 key '%2' is not one plain key; use a letter, a digit or an arrow (Left, "
                                  "Right, Up, Down), without Ctrl, Alt or Shift.")
                .arg(QLatin1String(what), *name);
        if (design.askConfidence && key.size() == 1 && key[0] >= QLatin1Char('1') && key[0] <= QLatin1Char('5'))
            return QStringLiteral("The %1 key '%2' is also a confidence rating (1-5) in this study; choose another "
                                  "key, so that a doubled key press cannot rate an image.")
                .arg(QLatin1String(what), key);
        if (seen.contains(key))
            return QStringLiteral("The %1 key '%2' answers something else already; each answer needs its own key.")
                .arg(QLatin1String(what), key);
        seen << key;
    }
    return {};
}

core::Result<StudyRecord> createStudy(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& name,
    const QString& realPool, const QString& createdPool, quint64 seed, const StudyDesign& design)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    if (const QString problem = poolNameProblem(name); !problem.isEmpty())
        return fieldError("name", QString(problem).replace(QLatin1String("pool name"), QLatin1String("study name")).toStdString());
    if (design.timeLimitSeconds < 0 || design.timeLimitSeconds > 3600)
        return fieldError("time limit", "must be 0 (none) to 3600 seconds; the paper used 10.");
    if (const QString problem = answerKeysProblem(design); !problem.isEmpty())
        return fieldError("keys", problem.toStdString());
    StudyDesign stored = design;
    stored.keys = {canonicalKeyName(design.keys.real), canonicalKeyName(design.keys.created),
        canonicalKeyName(design.keys.unknown)};
    auto real = pool(db, realPool);
    if (!real)
        return real.error();
    auto created = pool(db, createdPool);
    if (!created)
        return created.error();
    if (real->created)
        return fieldError("real pool", "'" + realPool.toStdString() + "' holds created images; name a pool of real slices.");
    if (!created->created)
        return fieldError("created pool", "'" + createdPool.toStdString() + "' holds real slices; name a pool of created images.");
    if (real->resolution != created->resolution)
        return fieldError("created pool",
            "Its images are " + std::to_string(created->resolution) + " px, the real ones "
                + std::to_string(real->resolution) + " px. A reader would tell them apart by size alone; "
                  "use pools of the same resolution.");
    // Every reader's draw fits when one does: the counts depend on the design only.
    if (auto draw = drawForReader(design.draw, real->size, created->size, seed, 0); !draw)
        return draw.error();
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT 1 FROM study WHERE name = ?"));
    query.addBindValue(name);
    if (query.exec() && query.next())
        return core::Error{core::ErrorCode::AlreadyExists, name.toStdString(),
            "A study of this name exists in " + db.path().toStdString() + " already; choose another name.", {}};
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    query.prepare(QStringLiteral(
        "INSERT INTO study (name, real_pool_id, created_pool_id, seed, images_per_reader, min_created_share, "
        "max_created_share, training_cases, time_limit_s, allow_unknown, ask_confidence, ask_reasons, same_set, "
        "created_at, real_key, created_key, unknown_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    auto storedAs = storedSeed(db, seed, studySeedContext(name));
    if (!storedAs)
        return storedAs.error();
    for (const QVariant& v : {QVariant(name), QVariant(real->id), QVariant(created->id), QVariant(*storedAs),
             QVariant(design.draw.imagesPerReader), QVariant(design.draw.minimumCreatedShare),
             QVariant(design.draw.maximumCreatedShare), QVariant(design.draw.trainingCases),
             QVariant(design.timeLimitSeconds), QVariant(int(design.allowUnknown)), QVariant(int(design.askConfidence)),
             QVariant(int(design.askReasons)), QVariant(int(design.draw.sameSetForEveryReader)),
             QVariant(utcTimestamp()), QVariant(stored.keys.real), QVariant(stored.keys.created),
             QVariant(stored.keys.unknown)})
        query.addBindValue(v);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Storing study %1").arg(name), query.lastError());
    const qint64 id = query.lastInsertId().toLongLong();
    // No seed in the log: the log is not the coordinator's alone, and the seed rebuilds the key.
    if (auto logged = logEvent(db, QStringLiteral("study created"), QStringLiteral("real %1, created %2").arg(realPool, createdPool), id);
        !logged)
        return logged.error();
    // Every study gets its blinding check when it is made (blindingcheck.h).
    if (auto checked = recordBlindingCheck(db, id); !checked)
        return checked.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Storing study %1").arg(name), db.db().lastError());
    // Every reader's session, drawn now that the pools are known (readersession.h).
    if (auto drawn = drawPendingSessions(db); !drawn)
        return drawn.error();
    return study(db, name);
}

core::Result<StudyRecord> study(ProjectDatabase& db, const QString& name)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT %1 WHERE s.name = ?").arg(QLatin1String(kStudyColumns)));
    query.addBindValue(name);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading study %1").arg(name), query.lastError());
    if (!query.next())
        return core::Error{core::ErrorCode::NotFound, name.toStdString(),
            "No study of this name in " + db.path().toStdString() + "; 'study show' lists them.", {}};
    return studyFrom(db, query);
}

core::Result<std::vector<StudyRecord>> studies(ProjectDatabase& db)
{
    QSqlQuery query(db.db());
    if (!query.exec(QStringLiteral("SELECT %1 ORDER BY s.id").arg(QLatin1String(kStudyColumns))))
        return db.sqlError(QStringLiteral("Reading the studies"), query.lastError());
    std::vector<StudyRecord> out;
    while (query.next()) {
        auto s = studyFrom(db, query);
        if (!s)
            return s.error();
        out.push_back(*s);
    }
    return out;
}

core::Result<ReaderRecord> addReader(ProjectDatabase& db, const ReaderRecord& r)
{
    static const QRegularExpression validCode(QStringLiteral("^[A-Za-z0-9_-]{1,32}$"));
    if (!validCode.match(r.code).hasMatch())
        return fieldError("code", "'" + r.code.toStdString()
                + "' is not a reader code: use 1-32 letters, digits, '-' or '_' (a pseudonym such as NR1, not a name).");
    if (r.group.trimmed().isEmpty())
        return fieldError("group", "is empty: give neuroradiologist, non-neuroradiologist or a group of your own.");
    if (r.yearsOfExperience && (*r.yearsOfExperience < 0 || *r.yearsOfExperience > 70))
        return fieldError("years", "must be 0 to 70.");
    if (reader(db, r.code).ok())
        return core::Error{core::ErrorCode::AlreadyExists, r.code.toStdString(),
            "A reader with this code exists in " + db.path().toStdString() + " already.", {}};
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral(
        "INSERT INTO reader (code, display_name, reader_group, years_experience) VALUES (?, ?, ?, ?)"));
    query.addBindValue(r.code);
    query.addBindValue(r.displayName.isEmpty() ? r.code : r.displayName);
    query.addBindValue(r.group.trimmed());
    query.addBindValue(r.yearsOfExperience ? QVariant(*r.yearsOfExperience) : QVariant());
    if (!query.exec())
        return db.sqlError(QStringLiteral("Storing reader %1").arg(r.code), query.lastError());
    // Their sessions, where the coordinator's program holds the key (readersession.h).
    if (auto drawn = drawPendingSessions(db); !drawn)
        return drawn.error();
    return reader(db, r.code);
}

core::Result<ReaderRecord> reader(ProjectDatabase& db, const QString& code)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral(
        "SELECT id, code, display_name, reader_group, years_experience FROM reader WHERE code = ?"));
    query.addBindValue(code);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading reader %1").arg(code), query.lastError());
    if (!query.next())
        return core::Error{core::ErrorCode::NotFound, code.toStdString(),
            "No reader with this code in " + db.path().toStdString() + "; 'reader list' shows them.", {}};
    return readerFrom(query);
}

core::Result<std::vector<ReaderRecord>> readers(ProjectDatabase& db)
{
    QSqlQuery query(db.db());
    if (!query.exec(QStringLiteral(
            "SELECT id, code, display_name, reader_group, years_experience FROM reader ORDER BY id")))
        return db.sqlError(QStringLiteral("Reading the readers"), query.lastError());
    std::vector<ReaderRecord> out;
    while (query.next())
        out.push_back(readerFrom(query));
    return out;
}

core::Result<void> logEvent(ProjectDatabase& db, const QString& kind, const QString& detail,
    std::optional<qint64> studyId, std::optional<qint64> sessionId)
{
    QSqlQuery query(db.db());
    if (db.readingPackage()) {
        // The package's own log, merged into the project's with the answers.
        query.prepare(QStringLiteral("INSERT INTO reading.event (at, session_id, kind, detail) VALUES (?, ?, ?, ?)"));
        query.addBindValue(utcTimestamp());
        query.addBindValue(sessionId ? QVariant(*sessionId) : QVariant());
        query.addBindValue(kind);
        query.addBindValue(sqlText(detail));
        if (!query.exec())
            return db.sqlError(QStringLiteral("Writing the reading package's log"), query.lastError());
        return {};
    }
    if (db.readerLogin()) {
        // A reader's login logs its own session's events only (readeraccess.h).
        query.prepare(QStringLiteral("SELECT reading.log_event(?, ?, ?, ?)"));
        query.addBindValue(sessionId ? QVariant(*sessionId) : QVariant());
        query.addBindValue(kind);
        query.addBindValue(sqlText(detail));
        query.addBindValue(utcTimestamp());
        if (!query.exec())
            return db.sqlError(QStringLiteral("Writing the event log"), query.lastError());
        return {};
    }
    query.prepare(QStringLiteral("INSERT INTO event (at, study_id, session_id, kind, detail) VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(utcTimestamp());
    query.addBindValue(studyId ? QVariant(*studyId) : QVariant());
    query.addBindValue(sessionId ? QVariant(*sessionId) : QVariant());
    query.addBindValue(kind);
    query.addBindValue(sqlText(detail));
    if (!query.exec())
        return db.sqlError(QStringLiteral("Writing the event log"), query.lastError());
    return {};
}

core::Result<std::vector<EventRecord>> eventLog(ProjectDatabase& db, const QString& studyName, int limit)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral(
        "SELECT * FROM (SELECT e.id, e.at, coalesce(st.name, ''), coalesce(r.code, ''), e.kind, e.detail FROM event e "
        "LEFT JOIN study st ON st.id = e.study_id LEFT JOIN session se ON se.id = e.session_id "
        "LEFT JOIN reader r ON r.id = se.reader_id WHERE coalesce(?, '') = '' OR st.name = ? ORDER BY e.id DESC LIMIT ?) "
        "AS latest ORDER BY 1"));
    query.addBindValue(studyName);
    query.addBindValue(studyName);
    // No limit as a number both dialects take (SQLite's -1 is refused by PostgreSQL).
    query.addBindValue(limit > 0 ? qint64(limit) : std::numeric_limits<qint64>::max());
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the event log"), query.lastError());
    std::vector<EventRecord> events;
    while (query.next())
        events.push_back({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toString(), query.value(4).toString(), query.value(5).toString()});
    return events;
}

} // namespace tr::studies
