#include "studies/readersession.h"

#include "studies/sealedsources.h"

#include <optional>

#include "core/splitmix64.h"
#include "studies/blindingcheck.h"
#include "studies/imagepool.h"
#include "studies/readingpackage.h"
#include "studies/sqltext.h"
#include "studies/timestamp.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QThread>
#include <QVariant>

#include <algorithm>
#include <utility>

namespace tr::studies {

namespace {

constexpr std::pair<SessionState, const char*> kStates[] = {{SessionState::NotStarted, "not_started"},
    {SessionState::Training, "training"}, {SessionState::Main, "main"}, {SessionState::Completed, "completed"},
    {SessionState::Abandoned, "abandoned"}};
constexpr std::pair<Call, const char*> kCalls[]
    = {{Call::Real, "real"}, {Call::Created, "created"}, {Call::Unknown, "unknown"}, {Call::Timeout, "timeout"}};

// A state this version does not know is a damaged or hand-edited file, not
// silently an abandoned session.
std::optional<SessionState> parseState(const QString& key)
{
    for (const auto& [state, name] : kStates)
        if (key == QLatin1String(name))
            return state;
    return std::nullopt;
}

core::Error unknownState(const ProjectDatabase& db, qint64 sessionId, const QString& key)
{
    return core::Error{core::ErrorCode::Corrupt, db.path().toStdString(),
        "Session " + std::to_string(sessionId) + " is stored with the state '" + key.toStdString()
            + "', which Turing Reader does not know (not started, training, main, completed, abandoned). The project "
              "file was edited by hand or is damaged; restore it from a backup.",
        {}};
}

core::Error answerError(const std::string& field, const std::string& message)
{
    return core::Error{core::ErrorCode::InvalidArgument, field, message, {}};
}

// A verdict the study's design does not offer, from a reader or a correction.
std::optional<core::Error> callProblem(const StudyDesign& design, Call call)
{
    if (call == Call::Unknown && !design.allowUnknown)
        return answerError("verdict", "This study offers no 'unknown' answer; answer real or created.");
    if (call == Call::Timeout && design.timeLimitSeconds == 0)
        return answerError("verdict", "This study has no time limit, so no answer can be a timeout.");
    return std::nullopt;
}


// Finds the session row, or creates it with the reader's draw in one transaction.
core::Result<qint64> findOrCreateSession(ProjectDatabase& db, const StudyRecord& study, const ReaderRecord& reader)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT id FROM session WHERE study_id = ? AND reader_id = ?"));
    query.addBindValue(study.id);
    query.addBindValue(reader.id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the sessions"), query.lastError());
    if (query.next())
        return query.value(0).toLongLong();

    // A new session only once the blinding check lets the study go ahead
    // (blindingcheck.h); a study made before checks were kept has none.
    auto check = blindingCheck(db, study.name);
    if (!check)
        return check.error();
    if (*check && (*check)->blocksSessions())
        return core::Error{core::ErrorCode::InvalidArgument, study.name.toStdString(),
            "The blinding check of this study raised " + (*check)->raised.join(QStringLiteral("; ")).toStdString()
                + ". Readers could answer from this rather than from anatomy, so no session starts until the "
                  "coordinator acknowledges it: 'study check PROJECT --study " + study.name.toStdString()
                + " --acknowledge \"why\"', or in the Studies page.",
            {}};

    // The draw needs the pools, which a project file keeps sealed: without
    // the passphrase only a session drawn before can be read (sealedsources.h).
    if (db.truthKey().isEmpty()) {
        auto sealed = hasSealedSources(db);
        if (!sealed)
            return sealed.error();
        if (*sealed)
            return core::Error{core::ErrorCode::NotFound, reader.code.toStdString(),
                "Reader " + reader.code.toStdString() + " has no session in study " + study.name.toStdString()
                    + " yet, and drawing one needs the coordinator: the pools are sealed under the coordinator "
                      "passphrase. The coordinator opens the project once (the workspace, or 'session prepare "
                    + db.path().toStdString() + " --study " + study.name.toStdString() + " --reader "
                    + reader.code.toStdString() + "'), which draws every reader's session.",
                {}};
    }

    // The reader's seed follows from the study's seed and the reader's row, so a
    // whole study is reproducible from one number; it is stored all the same.
    const quint64 seed = core::splitMix64Mix(study.seed ^ core::splitMix64Mix(quint64(reader.id)));
    auto real = poolImageIds(db, study.realPoolId);
    auto created = poolImageIds(db, study.createdPoolId);
    if (!real)
        return real.error();
    if (!created)
        return created.error();
    auto draw = drawForReader(study.design.draw, int(real->size()), int(created->size()), study.seed, seed);
    if (!draw)
        return draw.error();
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    auto storedAs = storedSeed(db, seed, sessionSeedContext(study.id, reader.id));
    if (!storedAs)
        return storedAs.error();
    query.prepare(QStringLiteral(
        "INSERT INTO session (study_id, reader_id, seed, created_count, state, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const QVariant& v : {QVariant(study.id), QVariant(reader.id), QVariant(*storedAs),
             QVariant(draw->createdCount), QVariant(QStringLiteral("not_started")), QVariant(utcTimestamp())})
        query.addBindValue(v);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Creating the session of %1").arg(reader.code), query.lastError());
    const qint64 id = query.lastInsertId().toLongLong();
    // A practice image's truth stays open beside it: the feedback after a
    // training case needs it where the pools are sealed.
    query.prepare(QStringLiteral(
        "INSERT INTO presentation (session_id, block, position, image_id, practice_created) VALUES (?, ?, ?, ?, ?)"));
    for (const auto& [block, images] : {std::pair{QStringLiteral("training"), &draw->training},
             std::pair{QStringLiteral("main"), &draw->main}}) {
        int position = 1;
        const bool practice = images == &draw->training;
        for (const DrawnImage& image : *images) {
            query.addBindValue(id);
            query.addBindValue(block);
            query.addBindValue(position++);
            query.addBindValue((image.created ? *created : *real)[std::size_t(image.index)]);
            query.addBindValue(practice ? QVariant(int(image.created)) : QVariant());
            if (!query.exec())
                return db.sqlError(QStringLiteral("Creating the session of %1").arg(reader.code), query.lastError());
        }
    }
    if (auto logged = logEvent(db, QStringLiteral("session created"),
            QStringLiteral("reader %1, %2 training + %3 main images") // no seed: it rebuilds the key
                .arg(reader.code)
                .arg(draw->training.size())
                .arg(draw->main.size()),
            study.id, id);
        !logged)
        return logged.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Creating the session of %1").arg(reader.code), db.db().lastError());
    return id;
}

// The last "opened" or "closed" event of a session: "opened" means the previous
// opening ended without closing (a crash or a kill).
core::Result<bool> previousOpeningUnclosed(ProjectDatabase& db, qint64 sessionId)
{
    QSqlQuery query(db.db());
    query.prepare(db.readerLogin() ? QStringLiteral("SELECT kind FROM reading.session_event WHERE session_id = ? "
                                                    "ORDER BY id DESC LIMIT 1")
                                   : QStringLiteral("SELECT kind FROM event WHERE session_id = ? AND kind IN "
                                                    "('session opened', 'session closed') ORDER BY id DESC LIMIT 1"));
    query.addBindValue(sessionId);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the event log"), query.lastError());
    return query.next() && query.value(0).toString() == QLatin1String("session opened");
}

// On a server, one sitting of a session at a time: a session-level advisory
// lock, which the server itself releases when the connection ends, however it
// ends (a kill, a crash, a pulled cable), so it never goes stale. The
// connection's application_name says where the sitting is, for the refusal of
// a second one.
constexpr int kSittingLock = 7310586;

// `reclaim`: after a lost connection, a server process of this very program
// may still hold the lock (a network gone, not the server): it is ended.
core::Result<void> claimSitting(ProjectDatabase& db, qint64 sessionId, const QString& readerCode, bool reclaim = false)
{
    if (!db.onServer())
        return {};
    QSqlQuery query(db.db());
    const QString name = QStringLiteral("Turing Reader, reader %1 on %2 (process %3)")
                             .arg(readerCode, QSysInfo::machineHostName())
                             .arg(QCoreApplication::applicationPid());
    query.prepare(QStringLiteral("SELECT set_config('application_name', ?, false)"));
    query.addBindValue(name);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Naming this workstation to the server"), query.lastError());
    // A program killed a moment ago: its server process may take a moment to
    // notice the closed connection and let the lock go.
    for (int attempt = 0; attempt < 8; ++attempt) {
        query.prepare(QStringLiteral("SELECT pg_try_advisory_lock(%1, ?)").arg(kSittingLock));
        query.addBindValue(int(sessionId));
        if (!query.exec() || !query.next())
            return db.sqlError(QStringLiteral("Claiming the sitting"), query.lastError());
        if (query.value(0).toBool())
            return {};
        if (reclaim) {
            query.prepare(QStringLiteral("SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity a ON "
                                         "a.pid = l.pid WHERE l.locktype = 'advisory' AND l.classid = %1 AND "
                                         "l.objid = ? AND l.granted AND a.application_name = ? AND "
                                         "l.pid <> pg_backend_pid()")
                              .arg(kSittingLock));
            query.addBindValue(int(sessionId));
            query.addBindValue(name);
            (void)query.exec();
        }
        QThread::msleep(250);
    }
    query.prepare(QStringLiteral("SELECT a.application_name, host(a.client_addr), a.backend_start FROM pg_locks l "
                                 "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND "
                                 "l.classid = %1 AND l.objid = ? AND l.granted")
                      .arg(kSittingLock));
    query.addBindValue(int(sessionId));
    QString where = QStringLiteral("another program (the server does not show this role where)");
    if (query.exec() && query.next() && !query.value(0).toString().isEmpty())
        where = QStringLiteral("%1%2, since %3")
                    .arg(query.value(0).toString(),
                        query.value(1).isNull() ? QString() : QStringLiteral(" from ") + query.value(1).toString(),
                        query.value(2).toDateTime().toUTC().toString(Qt::ISODate));
    return core::Error{core::ErrorCode::Busy, readerCode.toStdString(),
        "This reader is sitting already: " + where.toStdString()
            + ". Finish or close that sitting first; one reader reads at one workstation at a time.",
        {}};
}

struct SessionRef {
    StudyRecord study;
    ReaderRecord reader;
    qint64 id = 0;
};

// The study and the reader by name, or which of them is not there.
core::Result<std::pair<StudyRecord, ReaderRecord>> studyAndReader(
    ProjectDatabase& db, const QString& studyName, const QString& readerCode)
{
    auto s = study(db, studyName);
    if (!s)
        return s.error();
    auto r = reader(db, readerCode);
    if (!r)
        return r.error();
    return std::pair{*s, *r};
}

core::Result<SessionRef> existingSession(ProjectDatabase& db, const QString& studyName, const QString& readerCode)
{
    auto found = studyAndReader(db, studyName, readerCode);
    if (!found)
        return found.error();
    const auto& [st, rd] = *found;
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT id FROM session WHERE study_id = ? AND reader_id = ?"));
    query.addBindValue(st.id);
    query.addBindValue(rd.id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the sessions"), query.lastError());
    if (!query.next())
        return core::Error{core::ErrorCode::NotFound, readerCode.toStdString(),
            "This reader has no session in study " + studyName.toStdString() + " yet.", {}};
    return SessionRef{st, rd, query.value(0).toLongLong()};
}

} // namespace

QString stateKey(SessionState state)
{
    for (const auto& [s, name] : kStates)
        if (s == state)
            return QString::fromLatin1(name);
    return {};
}

QString blockKey(Block block) { return block == Block::Training ? QStringLiteral("training") : QStringLiteral("main"); }

QString callKey(Call call)
{
    for (const auto& [c, name] : kCalls)
        if (c == call)
            return QString::fromLatin1(name);
    return {};
}

std::optional<Call> parseCall(const QString& key)
{
    for (const auto& [call, name] : kCalls)
        if (key.trimmed().compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return call;
    return std::nullopt;
}

core::Result<ReaderSession> ReaderSession::openSitting(ProjectDatabase& db, const QString& studyName, const QString& readerCode)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral(
        "SELECT session_id, study_id, study, reader_id, reader_code, display_name, reader_group, years_experience, "
        "images_per_reader, min_created_share, max_created_share, training_cases, time_limit_s, allow_unknown, "
        "ask_confidence, ask_reasons, same_set, real_key, created_key, unknown_key, created_at "
        "FROM reading.sitting WHERE study = ?"));
    query.addBindValue(studyName);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading your session of study %1").arg(studyName), query.lastError());
    if (!query.next())
        return core::Error{core::ErrorCode::NotFound, studyName.toStdString(),
            "This login has no session in study " + studyName.toStdString()
                + ": the coordinator prepares it first ('session prepare'), for the reader this login belongs to.",
            {}};
    if (query.value(4).toString().compare(readerCode, Qt::CaseInsensitive) != 0)
        return core::Error{core::ErrorCode::PermissionDenied, readerCode.toStdString(),
            "This login belongs to reader " + query.value(4).toString().toStdString() + ", not "
                + readerCode.toStdString() + "; sign in with your own.",
            {}};
    ReaderSession session;
    session.m_db = &db;
    session.m_id = query.value(0).toLongLong();
    StudyRecord& st = session.m_study; // no pools, no seed: a reader's login cannot read them
    st.id = query.value(1).toLongLong();
    st.name = query.value(2).toString();
    session.m_reader = {query.value(3).toLongLong(), query.value(4).toString(), query.value(5).toString(),
        query.value(6).toString(), query.value(7).isNull() ? std::nullopt : std::optional<int>(query.value(7).toInt())};
    StudyDesign& d = st.design;
    d.draw.imagesPerReader = query.value(8).toInt();
    d.draw.minimumCreatedShare = query.value(9).toDouble();
    d.draw.maximumCreatedShare = query.value(10).toDouble();
    d.draw.trainingCases = query.value(11).toInt();
    d.timeLimitSeconds = query.value(12).toInt();
    d.allowUnknown = query.value(13).toInt() != 0;
    d.askConfidence = query.value(14).toInt() != 0;
    d.askReasons = query.value(15).toInt() != 0;
    d.draw.sameSetForEveryReader = query.value(16).toInt() != 0;
    d.keys = {query.value(17).toString(), query.value(18).toString(), query.value(19).toString()};
    st.createdAt = query.value(20).toString();
    return session;
}

core::Result<ReaderSession> ReaderSession::open(ProjectDatabase& db, const QString& studyName, const QString& readerCode)
{
    auto opened = [&]() -> core::Result<ReaderSession> {
        if (db.readerLogin())
            return openSitting(db, studyName, readerCode);
        ReaderSession fresh;
        fresh.m_db = &db;
        auto s = studies::study(db, studyName);
        if (!s)
            return s.error();
        auto r = studies::reader(db, readerCode);
        if (!r)
            return r.error();
        fresh.m_study = *s;
        fresh.m_reader = *r;
        auto id = findOrCreateSession(db, fresh.m_study, fresh.m_reader);
        if (!id)
            return id.error();
        auto out = packageOut(db, *id);
        if (!out)
            return out.error();
        if (*out)
            return core::Error{core::ErrorCode::Busy, readerCode.toStdString(),
                "This reader's sitting is out as a reading package (" + (*out)->fileName.toStdString() + ", made "
                    + (*out)->madeAt.toStdString() + "): they answer in it, and 'session merge' brings the answers "
                    "back. To read here instead, recall it first ('session recall').",
                {}};
        fresh.m_id = *id;
        return fresh;
    }();
    if (!opened)
        return opened.error();
    if (auto claimed = claimSitting(db, opened->m_id, opened->m_reader.code); !claimed) {
        opened->m_db = nullptr; // never opened here: no "session closed" in the other sitting's log
        return claimed.error();
    }
    ReaderSession session(std::move(*opened));
    session.m_sitting = db.onServer();
    if (auto loaded = session.load(); !loaded)
        return loaded.error();
    auto unclosed = previousOpeningUnclosed(db, session.m_id);
    if (!unclosed)
        return unclosed.error();
    session.m_interrupted = *unclosed;
    const auto next = session.current();
    const QString where = next ? QStringLiteral("%1 image %2").arg(blockKey(next->block)).arg(next->position)
                               : stateKey(session.m_state);
    if (session.m_interrupted)
        if (auto logged = logEvent(db, QStringLiteral("session interrupted"),
                QStringLiteral("the previous opening ended without closing; resumed at %1").arg(where),
                session.m_study.id, session.m_id);
            !logged)
            return logged.error();
    if (auto logged = logEvent(db, QStringLiteral("session opened"), QStringLiteral("at %1").arg(where),
            session.m_study.id, session.m_id);
        !logged)
        return logged.error();
    return session;
}

ReaderSession::ReaderSession(ReaderSession&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_study(std::move(other.m_study)), m_reader(std::move(other.m_reader)),
      m_id(other.m_id), m_seed(other.m_seed), m_state(other.m_state), m_interrupted(other.m_interrupted),
      m_outage(other.m_outage), m_sitting(other.m_sitting),
      m_items(std::move(other.m_items))
{
}

ReaderSession::~ReaderSession()
{
    if (m_db && m_id)
        (void)logEvent(*m_db, QStringLiteral("session closed"), stateKey(m_state), m_study.id, m_id);
    if (m_db && m_sitting) {
        QSqlQuery query(m_db->db());
        query.prepare(QStringLiteral("SELECT pg_advisory_unlock(%1, ?)").arg(kSittingLock));
        query.addBindValue(int(m_id));
        (void)query.exec();
    }
}

core::Result<void> ReaderSession::load()
{
    const bool reading = m_db->readerLogin();
    QSqlQuery query(m_db->db());
    query.prepare(reading ? QStringLiteral("SELECT '0', state FROM reading.sitting WHERE session_id = ?")
                          : QStringLiteral("SELECT seed, state FROM session WHERE id = ?"));
    query.addBindValue(m_id);
    if (!query.exec() || !query.next())
        return m_db->sqlError(QStringLiteral("Reading session %1").arg(m_id), query.lastError());
    auto seed = seedFrom(*m_db, query.value(0).toString(), sessionSeedContext(m_study.id, m_reader.id));
    if (!seed)
        return seed.error();
    m_seed = seed->value_or(0); // sealed, without the passphrase: a reader's program never needs it
    const auto state = parseState(query.value(1).toString());
    if (!state)
        return unknownState(*m_db, m_id, query.value(1).toString());
    m_state = *state;
    // A reader's login knows an image by its presentation only (png() reads it so).
    query.prepare(reading ? QStringLiteral("SELECT id, block, position, id, answered FROM reading.presentation "
                                           "WHERE session_id = ? ORDER BY block = 'main', position")
                          : QStringLiteral("SELECT p.id, p.block, p.position, p.image_id, v.presentation_id IS NOT NULL "
                                           "FROM presentation p LEFT JOIN verdict v ON v.presentation_id = p.id "
                                           "WHERE p.session_id = ? ORDER BY p.block = 'main', p.position"));
    query.addBindValue(m_id);
    if (!query.exec())
        return m_db->sqlError(QStringLiteral("Reading session %1").arg(m_id), query.lastError());
    m_items.clear();
    while (query.next())
        m_items.push_back({query.value(0).toLongLong(),
            query.value(1).toString() == QLatin1String("training") ? Block::Training : Block::Main,
            query.value(2).toInt(), query.value(3).toLongLong(), query.value(4).toBool()});
    return {};
}

std::optional<Presentation> ReaderSession::current() const
{
    if (m_state == SessionState::Completed || m_state == SessionState::Abandoned)
        return std::nullopt;
    for (const auto& item : m_items)
        if (!item.answered && !(item.block == Block::Training && m_state == SessionState::Main))
            return item;
    return std::nullopt;
}

int ReaderSession::count(Block block) const
{
    return int(std::count_if(m_items.begin(), m_items.end(), [&](const auto& i) { return i.block == block; }));
}

int ReaderSession::answered(Block block) const
{
    return int(std::count_if(
        m_items.begin(), m_items.end(), [&](const auto& i) { return i.block == block && i.answered; }));
}

core::Result<QByteArray> ReaderSession::png(const Presentation& presentation)
{
    if (!m_db->readerLogin())
        return imagePng(*m_db, presentation.imageId);
    QSqlQuery query(m_db->db());
    query.prepare(QStringLiteral("SELECT png FROM reading.presentation WHERE id = ?"));
    query.addBindValue(presentation.id);
    if (!query.exec() || !query.next())
        return m_db->sqlError(QStringLiteral("Reading image %1").arg(presentation.position), query.lastError());
    return query.value(0).toByteArray();
}

core::Result<Recorded> ReaderSession::answerAfterOutage(const Answer& a)
{
    if (!m_outage)
        return answer(a);
    const auto pending = current();
    if (!pending)
        return stateError();
    if (auto back = m_db->reconnect(); !back)
        return back.error(); // still out of reach: keep it in hand
    // The server ended the old connection, and with it the sitting's lock.
    if (auto claimed = claimSitting(*m_db, m_id, m_reader.code, true); !claimed)
        return claimed.error();
    if (auto loaded = load(); !loaded)
        return loaded.error();
    m_outage = false;
    (void)logEvent(*m_db, QStringLiteral("session reconnected"),
        QStringLiteral("the server could not be reached at %1 image %2; the answer kept in hand")
            .arg(blockKey(pending->block))
            .arg(pending->position),
        m_study.id, m_id);
    const auto stored = std::find_if(m_items.begin(), m_items.end(), [&](const auto& i) { return i.id == pending->id; });
    if (stored == m_items.end() || !stored->answered) {
        Answer kept = a;
        kept.disturbed = true;
        return answer(kept);
    }
    // The lost commit had reached the server: recorded once, not again.
    Recorded recorded{*stored, std::nullopt, m_state};
    if (stored->block == Block::Training) {
        auto truth = trainingTruth(*stored);
        if (!truth)
            return truth.error();
        recorded.trainingTruthIsCreated = *truth;
    }
    return recorded;
}

core::Result<bool> ReaderSession::trainingTruth(const Presentation& item)
{
    // A reader's login learns a practice image's truth once it is answered.
    QSqlQuery query(m_db->db());
    query.prepare(m_db->readerLogin()
            ? QStringLiteral("SELECT kind FROM reading.training_answer WHERE presentation_id = ?")
            : QStringLiteral("SELECT CASE practice_created WHEN 1 THEN 'created' WHEN 0 THEN 'real' END FROM "
                             "presentation WHERE id = ?"));
    query.addBindValue(item.id);
    if (!query.exec() || !query.next())
        return m_db->sqlError(QStringLiteral("Reading the training case's answer"), query.lastError());
    return query.value(0).toString() == QLatin1String("created");
}

core::Error ReaderSession::stateError() const
{
    return core::Error{core::ErrorCode::InvalidArgument, m_reader.code.toStdString(),
        "The session of this reader in study " + m_study.name.toStdString() + " is "
            + stateKey(m_state).replace(QLatin1Char('_'), QLatin1Char(' ')).toStdString()
            + "; nothing more can be recorded in it.",
        {}};
}

core::Result<void> ReaderSession::setState(SessionState state, const QString& detail)
{
    QSqlQuery query(m_db->db());
    query.prepare(m_db->readingPackage()  ? QStringLiteral("UPDATE reading.sitting SET state = ? WHERE session_id = ?")
            : m_db->readerLogin() ? QStringLiteral("SELECT reading.set_state(?, ?)")
                                  : QStringLiteral("UPDATE session SET state = ? WHERE id = ?"));
    if (m_db->readerLogin() && !m_db->readingPackage()) {
        query.addBindValue(m_id);
        query.addBindValue(stateKey(state));
    } else {
        query.addBindValue(stateKey(state));
        query.addBindValue(m_id);
    }
    if (!query.exec())
        return m_db->sqlError(QStringLiteral("Updating session %1").arg(m_id), query.lastError());
    if (auto logged = logEvent(*m_db, QStringLiteral("session ") + stateKey(state), detail, m_study.id, m_id); !logged)
        return logged.error();
    m_state = state;
    return {};
}

core::Result<void> ReaderSession::begin()
{
    if (m_state != SessionState::NotStarted)
        return {};
    return transition(count(Block::Training) > 0 ? SessionState::Training : SessionState::Main, QStringLiteral("begun"));
}

core::Result<void> ReaderSession::transition(SessionState state, const QString& detail)
{
    const SessionState before = m_state;
    Transaction transaction(m_db->db());
    if (!transaction.begun())
        return m_db->sqlError(QStringLiteral("Starting a transaction"), m_db->db().lastError());
    if (auto changed = setState(state, detail); !changed)
        return changed;
    if (!transaction.commit()) {
        m_state = before;
        return m_db->sqlError(QStringLiteral("Updating session %1").arg(m_id), m_db->db().lastError());
    }
    return {};
}

core::Result<void> ReaderSession::skipTraining(const QString& reason)
{
    if (auto begun = begin(); !begun)
        return begun;
    if (m_state != SessionState::Training)
        return stateError();
    if (reason.trimmed().isEmpty())
        return answerError("reason", "Say why the training cases are skipped; it goes into the event log.");
    return transition(SessionState::Main, QStringLiteral("training skipped: ") + reason);
}

std::optional<core::Error> answerProblem(const StudyDesign& design, const Answer& a)
{
    const bool call = a.call == Call::Real || a.call == Call::Created;
    if (auto problem = callProblem(design, a.call))
        return problem;
    if (a.confidence && !design.askConfidence)
        return answerError("confidence", "This study does not ask for confidence; leave it out.");
    if (a.confidence && (*a.confidence < 1 || *a.confidence > 5))
        return answerError("confidence", "must be 1 (guessing) to 5 (certain), not " + std::to_string(*a.confidence) + ".");
    if (design.askConfidence && call && !a.confidence)
        return answerError("confidence", "This study asks for a confidence of 1-5 with every real/created answer.");
    if ((!a.reasons.isEmpty() || !a.reasonText.isEmpty()) && !design.askReasons)
        return answerError("reasons", "This study does not ask for reasons; leave them out.");
    for (const QString& reason : a.reasons)
        if (!reasonKeys().contains(reason))
            return answerError("reasons", "'" + reason.toStdString() + "' is not one of: "
                    + reasonKeys().join(QStringLiteral(", ")).toStdString() + " (free text goes in the text field).");
    if (a.responseMs < 0)
        return answerError("response ms", "cannot be negative.");
    if (a.focusLosses < 0)
        return answerError("focus losses", "cannot be negative.");
    const qint64 limitMs = qint64(design.timeLimitSeconds) * 1000;
    if (limitMs > 0 && a.call != Call::Timeout && a.responseMs > limitMs)
        return answerError("response ms", std::to_string(a.responseMs) + " ms is past the time limit of "
                + std::to_string(design.timeLimitSeconds) + " s; record the image as a timeout.");
    // A timeout is what happens when the limit passes: an earlier time is a
    // made-up record that would distort the response-time statistics.
    if (limitMs > 0 && a.call == Call::Timeout && a.responseMs < limitMs)
        return answerError("response ms", std::to_string(a.responseMs) + " ms is before the time limit of "
                + std::to_string(design.timeLimitSeconds) + " s; a timeout is recorded only once the limit has passed.");
    return std::nullopt;
}

core::Result<Recorded> ReaderSession::answer(const Answer& a)
{
    if (auto begun = begin(); !begun)
        return begun.error();
    const auto item = current();
    if (!item)
        return stateError();
    if (auto problem = answerProblem(m_study.design, a))
        return *problem;

    // A server out of reach: the caller keeps the answer (answerAfterOutage).
    m_outage = false;
    const auto failed = [this](const QString& operation, const QSqlError& error) {
        auto classified = m_db->sqlError(operation, error);
        m_outage = m_db->lastErrorUnreachable();
        return classified;
    };
    Transaction transaction(m_db->db());
    if (!transaction.begun())
        return failed(QStringLiteral("Starting a transaction"), m_db->db().lastError());
    const QVariantList values{QVariant(item->id), QVariant(callKey(a.call)),
        a.confidence ? QVariant(*a.confidence) : QVariant(), QVariant(sqlText(a.reasons.join(QLatin1Char(',')))),
        QVariant(sqlText(a.reasonText)), QVariant(a.onsetMs), QVariant(a.responseMs), QVariant(utcTimestamp()),
        QVariant(a.focusLosses), QVariant(a.disturbed ? 1 : 0)};
    if (m_db->readingPackage()) {
        if (auto kept = recordPackageAnswer(*m_db, values); !kept)
            return kept.error();
    } else {
        QSqlQuery query(m_db->db());
        query.prepare(m_db->readerLogin()
                ? QStringLiteral("SELECT reading.record_verdict(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                : QStringLiteral("INSERT INTO verdict (presentation_id, verdict, confidence, reasons, reason_text, "
                                 "onset_ms, response_ms, recorded_at, focus_losses, disturbed) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant& v : values)
            query.addBindValue(v);
        if (!query.exec())
            return failed(QStringLiteral("Recording the verdict on %1 image %2").arg(blockKey(item->block)).arg(item->position),
                query.lastError());
    }

    Recorded recorded{*item, std::nullopt, m_state};
    if (item->block == Block::Training) {
        auto truth = trainingTruth(*item);
        if (!truth) {
            m_outage = m_db->lastErrorUnreachable();
            return truth.error();
        }
        recorded.trainingTruthIsCreated = *truth;
    }
    const SessionState before = m_state;
    const bool lastOfBlock = answered(item->block) + 1 == count(item->block);
    if (lastOfBlock) {
        const bool toMain = item->block == Block::Training;
        if (auto changed = setState(toMain ? SessionState::Main : SessionState::Completed,
                toMain ? QStringLiteral("training block done") : QStringLiteral("all images answered"));
            !changed) {
            m_state = before;
            m_outage = m_db->lastErrorUnreachable();
            return changed.error();
        }
    }
    if (!transaction.commit()) {
        m_state = before;
        return failed(QStringLiteral("Recording the verdict"), m_db->db().lastError());
    }
    for (auto& i : m_items)
        if (i.id == item->id)
            i.answered = true;
    recorded.presentation.answered = true;
    recorded.stateAfter = m_state;
    return recorded;
}

core::Result<void> abandonSession(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& studyName,
    const QString& readerCode, const QString& reason)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed;
    if (reason.trimmed().isEmpty())
        return answerError("reason", "Say why the session is abandoned; it goes into the event log.");
    auto ref = existingSession(db, studyName, readerCode);
    if (!ref)
        return ref.error();
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("UPDATE session SET state = 'abandoned' WHERE id = ? AND state <> 'completed'"));
    query.addBindValue(ref->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Abandoning the session"), query.lastError());
    if (query.numRowsAffected() != 1)
        return answerError(readerCode.toStdString(), "This session is completed; a completed session is kept as it is.");
    if (auto logged = logEvent(db, QStringLiteral("session abandoned"), reason, ref->study.id, ref->id); !logged)
        return logged;
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Abandoning the session"), db.db().lastError());
    return {};
}

core::Result<void> correctVerdict(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& studyName,
    const QString& readerCode, Block block, int position, Call call, const QString& reason)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed;
    if (reason.trimmed().isEmpty())
        return answerError("reason", "Say why the verdict is corrected; it goes into the event log.");
    auto ref = existingSession(db, studyName, readerCode);
    if (!ref)
        return ref.error();
    if (auto problem = callProblem(ref->study.design, call))
        return *problem;
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT v.presentation_id, v.verdict FROM presentation p JOIN verdict v ON "
                                 "v.presentation_id = p.id WHERE p.session_id = ? AND p.block = ? AND p.position = ?"));
    query.addBindValue(ref->id);
    query.addBindValue(blockKey(block));
    query.addBindValue(position);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the verdict"), query.lastError());
    if (!query.next())
        return answerError("position", blockKey(block).toStdString() + " image " + std::to_string(position)
                + " of " + readerCode.toStdString() + " has no verdict to correct.");
    const qint64 presentation = query.value(0).toLongLong();
    const QString original = query.value(1).toString();
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    query.prepare(QStringLiteral(
        "INSERT INTO verdict_correction (presentation_id, verdict, reason, corrected_at) VALUES (?, ?, ?, ?)"));
    for (const QVariant& v : {QVariant(presentation), QVariant(callKey(call)), QVariant(reason), QVariant(utcTimestamp())})
        query.addBindValue(v);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Recording the correction"), query.lastError());
    if (auto logged = logEvent(db, QStringLiteral("verdict corrected"),
            QStringLiteral("%1 image %2: %3 -> %4 (reader's original kept): %5")
                .arg(blockKey(block))
                .arg(position)
                .arg(original, callKey(call), reason),
            ref->study.id, ref->id);
        !logged)
        return logged;
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Recording the correction"), db.db().lastError());
    return {};
}

core::Result<qint64> prepareSession(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& studyName, const QString& readerCode)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    auto found = studyAndReader(db, studyName, readerCode);
    if (!found)
        return found.error();
    return findOrCreateSession(db, found->first, found->second);
}

core::Result<void> drawPendingSessions(ProjectDatabase& db)
{
    if (db.backend() != ProjectDatabase::Backend::File || db.truthKey().isEmpty())
        return {};
    auto enabled = sealingEnabled(db);
    if (!enabled)
        return enabled.error();
    if (!*enabled)
        return {};
    auto all = studies(db);
    if (!all)
        return all.error();
    auto everyone = readers(db);
    if (!everyone)
        return everyone.error();
    QSqlQuery query(db.db());
    for (const StudyRecord& st : *all) {
        // A study whose blinding check stops sessions draws once it is acknowledged.
        auto check = blindingCheck(db, st.name);
        if (!check)
            return check.error();
        if (*check && (*check)->blocksSessions())
            continue;
        query.prepare(QStringLiteral("SELECT reader_id FROM session WHERE study_id = ?"));
        query.addBindValue(st.id);
        if (!query.exec())
            return db.sqlError(QStringLiteral("Reading the sessions of study %1").arg(st.name), query.lastError());
        std::vector<qint64> drawn;
        while (query.next())
            drawn.push_back(query.value(0).toLongLong());
        for (const ReaderRecord& r : *everyone)
            if (std::find(drawn.begin(), drawn.end(), r.id) == drawn.end())
                if (auto made = findOrCreateSession(db, st, r); !made)
                    return made.error();
    }
    return {};
}

core::Result<std::vector<ReaderProgress>> readerProgress(ProjectDatabase& db, const QString& studyName)
{
    auto st = study(db, studyName);
    if (!st)
        return st.error();
    auto all = readers(db);
    if (!all)
        return all.error();
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral(
        "SELECT se.reader_id, se.state, count(*) FILTER (WHERE p.block = 'training'), "
        "count(*) FILTER (WHERE p.block = 'training' AND v.presentation_id IS NOT NULL), "
        "count(*) FILTER (WHERE p.block = 'main'), count(*) FILTER (WHERE p.block = 'main' AND v.presentation_id IS NOT NULL), "
        "se.id, %1, EXISTS (SELECT 1 FROM reading_package rp WHERE rp.session_id = se.id AND "
        "rp.superseded_at IS NULL AND rp.merged_at IS NULL) FROM session se "
        "JOIN presentation p ON p.session_id = se.id LEFT JOIN verdict v ON v.presentation_id = p.id "
        "WHERE se.study_id = ? GROUP BY se.id")
            .arg(db.onServer() ? QStringLiteral("EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND "
                                                "l.classid = %1 AND l.objid::bigint = se.id AND l.granted)")
                                     .arg(kSittingLock)
                               : QStringLiteral("0")));
    query.addBindValue(st->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the progress of study %1").arg(studyName), query.lastError());
    std::vector<ReaderProgress> progress;
    for (const ReaderRecord& r : *all)
        progress.push_back({r, SessionState::NotStarted, 0, st->design.draw.trainingCases, 0,
            st->design.draw.imagesPerReader});
    while (query.next()) {
        const auto state = parseState(query.value(1).toString());
        if (!state)
            return unknownState(db, query.value(6).toLongLong(), query.value(1).toString());
        for (ReaderProgress& p : progress)
            if (p.reader.id == query.value(0).toLongLong())
                p = {p.reader, *state, query.value(3).toInt(), query.value(2).toInt(), query.value(5).toInt(),
                    query.value(4).toInt(), query.value(7).toBool(), query.value(8).toBool()};
    }
    return progress;
}

core::Result<std::vector<KeyEntry>> answerKey(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& studyName, const QString& readerCode)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    auto ref = existingSession(db, studyName, readerCode);
    if (!ref)
        return ref.error();
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT p.block, p.position, pl.kind, pl.name FROM presentation p JOIN image i ON "
                                 "i.id = p.image_id JOIN image_pool pl ON pl.id = i.pool_id WHERE p.session_id = ? "
                                 "ORDER BY p.block = 'main', p.position"));
    query.addBindValue(ref->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the answer key"), query.lastError());
    std::vector<KeyEntry> key;
    while (query.next())
        key.push_back({query.value(0).toString() == QLatin1String("training") ? Block::Training : Block::Main,
            query.value(1).toInt(), query.value(2).toString() == QLatin1String("created"), query.value(3).toString()});
    if (auto logged = logEvent(db, QStringLiteral("answer key read"), QStringLiteral("reader %1").arg(readerCode),
            ref->study.id, ref->id);
        !logged)
        return logged.error();
    return key;
}

} // namespace tr::studies
