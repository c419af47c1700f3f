#pragma once
// One reader's session of a study: the state machine
//   not started -> training -> main -> completed   (or abandoned)
// and the verdicts, each committed in its own transaction the moment it is
// given (with synchronous=FULL, so a power cut after answer() returns loses
// nothing). Reopening a session resumes at the first unanswered image; when the
// previous opening never closed (a crash, a kill), the interruption is logged.
//
// Reader mode: nothing here tells which image is created, except the feedback
// after a training case (the protocol's "training with feedback"). Recorded
// verdicts cannot be changed (the schema refuses updates and deletes);
// coordinator corrections are kept beside them, logged.

#include "core/result.h"
#include "studies/coordinatoraccess.h"
#include "studies/projectdatabase.h"
#include "studies/study.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tr::studies {

enum class SessionState { NotStarted, Training, Main, Completed, Abandoned };
enum class Block { Training, Main };
enum class Call { Real, Created, Unknown, Timeout };

QString stateKey(SessionState state); // as stored: not_started, training, ...
QString blockKey(Block block);        // training, main
QString callKey(Call call);           // real, created, unknown, timeout
std::optional<Call> parseCall(const QString& key);

struct Presentation {
    qint64 id = 0;
    Block block = Block::Main;
    int position = 0; // 1-based within its block
    qint64 imageId = 0;
    bool answered = false;
};

struct Answer {
    Call call = Call::Real;
    std::optional<int> confidence; // 1-5 when the study asks for it
    QStringList reasons;           // keys of reasonKeys()
    QString reasonText;
    qint64 onsetMs = 0;            // monotonic clock when the image appeared
    qint64 responseMs = 0;         // from onset to the answer (the limit, for a timeout)
    int focusLosses = 0;           // times the reading window lost the focus while the image was up
    bool disturbed = false;        // kept in hand while the project server could not be reached
};

// What the study's design does not allow in an answer (an unknown not
// offered, a confidence missing, a time past the limit...), naming the field;
// none when it may be recorded. The engine's check, also for answers that
// come back in a reading package.
std::optional<core::Error> answerProblem(const StudyDesign& design, const Answer& answer);

struct Recorded {
    Presentation presentation;
    std::optional<bool> trainingTruthIsCreated; // feedback: training cases only
    SessionState stateAfter = SessionState::Main;
};

class ReaderSession {
public:
    // Opens the reader's session of the study, creating it on first use: the
    // reader's images are drawn (seeded, readerdraw.h) and stored in order.
    // On a reader's server login (readeraccess.h) the session must have been
    // prepared by the coordinator (prepareSession), and everything goes
    // through the `reading` schema: no pool, seed or key is ever read.
    static core::Result<ReaderSession> open(ProjectDatabase& db, const QString& study, const QString& readerCode);

    ReaderSession(ReaderSession&& other) noexcept;
    ReaderSession& operator=(ReaderSession&&) = delete;
    ReaderSession(const ReaderSession&) = delete;
    ~ReaderSession(); // logs "session closed"

    const StudyRecord& study() const { return m_study; }
    const ReaderRecord& reader() const { return m_reader; }
    qint64 id() const { return m_id; }
    quint64 seed() const { return m_seed; }
    SessionState state() const { return m_state; }
    bool resumedAfterInterruption() const { return m_interrupted; }

    const std::vector<Presentation>& presentations() const { return m_items; }
    // The first unanswered image, training block first; none when completed or abandoned.
    std::optional<Presentation> current() const;
    int count(Block block) const;
    int answered(Block block) const;
    core::Result<QByteArray> png(const Presentation& presentation);

    // Not started -> training (or main when the study has no training block).
    core::Result<void> begin();
    // Records the answer to current(), in one transaction with any change of state.
    core::Result<Recorded> answer(const Answer& answer);
    // On a server: the last answer() failed because the server could not be
    // reached. Nothing of it is stored for sure; the caller keeps the answer
    // and calls answerAfterOutage() with it until that succeeds.
    bool outage() const { return m_outage; }
    // Reconnects, takes the sitting back and records the answer kept in hand
    // exactly once: when the lost commit had reached the server after all, the
    // image is found answered and nothing is written again; otherwise it is
    // recorded as disturbed. Fails (outage() stays true) while the server is
    // still unreachable.
    core::Result<Recorded> answerAfterOutage(const Answer& answer);
    // Training -> main without the training cases, logged with the reason (a
    // scripted pilot reader, or a reader who did the training on paper).
    core::Result<void> skipTraining(const QString& reason);

private:
    ReaderSession() = default;
    static core::Result<ReaderSession> openSitting(ProjectDatabase& db, const QString& study, const QString& readerCode);
    core::Result<void> load();
    // Within the caller's transaction: the row, the event log, m_state.
    core::Result<void> setState(SessionState state, const QString& detail);
    // setState() in a transaction of its own.
    core::Result<void> transition(SessionState state, const QString& detail);
    core::Error stateError() const;
    // Whether a practice image, answered, was created (the feedback).
    core::Result<bool> trainingTruth(const Presentation& item);

    ProjectDatabase* m_db = nullptr;
    StudyRecord m_study;
    ReaderRecord m_reader;
    qint64 m_id = 0;
    quint64 m_seed = 0;
    SessionState m_state = SessionState::NotStarted;
    bool m_interrupted = false;
    bool m_outage = false;
    bool m_sitting = false; // holds the server's sitting lock (released by the destructor or the connection's end)
    std::vector<Presentation> m_items;
};

// Where each of the project's readers stands in a study: counts only, nothing
// about right or wrong, so the reader choice and the coordinator may show it.
// A reader without a session yet is NotStarted, with the design's counts.
struct ReaderProgress {
    ReaderRecord reader;
    SessionState state = SessionState::NotStarted;
    int trainingAnswered = 0, trainingCount = 0;
    int mainAnswered = 0, mainCount = 0;
    // On a server: the reader is sitting at a workstation now (their sitting's
    // lock is held); a file is read by one program, so never there.
    bool sittingNow = false;
    // Out as a reading package (readingpackage.h), not merged yet.
    bool packageOut = false;
};
// Draws and stores a reader's session before they sit down (what open() does on
// first use), so that a reader's server login, which cannot draw, finds it.
// Coordinator only. Returns the session's id; an existing one is kept.
core::Result<qint64> prepareSession(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& study, const QString& readerCode);

// On a project file whose truth key this program holds (sealedsources.h):
// draws every reader's session of every study that may start sessions, so
// that a reader finds it drawn without the passphrase. Draws are seeded by
// the study and the reader, so drawing early draws the same images. Called
// when the coordinator unlocks, makes a study, adds a reader or acknowledges
// a blinding check; nothing to do elsewhere.
core::Result<void> drawPendingSessions(ProjectDatabase& db);

// Where each reader stands, read afresh on every call (the workspace calls it
// every few seconds for a project on a server, where readers sit elsewhere).
core::Result<std::vector<ReaderProgress>> readerProgress(ProjectDatabase& db, const QString& study);

// Ends a session for good (a reader who cannot finish); its verdicts stay. Coordinator only.
core::Result<void> abandonSession(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& study,
    const QString& readerCode, const QString& reason);

// Replaces the verdict used in the analysis of one presentation; the reader's
// original stays stored, the correction and its reason are logged. Coordinator only.
core::Result<void> correctVerdict(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& study,
    const QString& readerCode, Block block, int position, Call call, const QString& reason);

// The answer key of one session: for each presentation, whether its image is created.
struct KeyEntry {
    Block block = Block::Main;
    int position = 0;
    bool created = false;
    QString pool;
};
core::Result<std::vector<KeyEntry>> answerKey(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& study, const QString& readerCode);

} // namespace tr::studies
