#pragma once
// A reader study as the coordinator configures it: the paper's protocol by
// default (50 images per reader, 40-60 % created, 10 training cases with
// feedback, 10 s per image, binary answer), the options the paper's discussion
// asks for (unknown, 5-point confidence, reasons, the same set for every
// reader), the two image pools and the seed every reader's draw comes from.
// Readers belong to the project, so one person keeps one code across studies.

#include "core/result.h"
#include "studies/coordinatoraccess.h"
#include "studies/projectdatabase.h"
#include "studies/readerdraw.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tr::studies {

// The keys a study's readers answer with, as Qt's portable key names ("R",
// "Left", "1"); a key pad's digits count as the digits. Part of the design,
// so every reader of a study answers alike.
struct AnswerKeys {
    QString real = QStringLiteral("R");
    QString created = QStringLiteral("C");
    QString unknown = QStringLiteral("U"); // used only where "unknown" is offered
    bool operator==(const AnswerKeys&) const = default;
};

struct StudyDesign {
    DrawDesign draw;
    int timeLimitSeconds = 10; // per image; 0: no limit
    bool allowUnknown = false;
    bool askConfidence = false; // 1-5 (Likert)
    bool askReasons = false;    // from kReasonKeys, plus free text
    AnswerKeys keys;
};

// Empty when the design's answer keys can be used; otherwise what is wrong,
// naming the key. One key each, no modifier; letters, digits or arrows; all
// three different; not Space, Enter or Escape (they continue and cancel); not
// 1-5 where confidence is asked, so a doubled key press cannot rate.
QString answerKeysProblem(const StudyDesign& design);

// A key name in its canonical portable form ("r" -> "R"); empty if it is not
// one plain key.
QString canonicalKeyName(const QString& name);

// The fixed list of reasons a reader may tick (the paper's discussion names
// distortion, ventricles and grey/white blurring; these cover them).
inline const QStringList& reasonKeys()
{
    static const QStringList keys{QStringLiteral("anatomy"), QStringLiteral("texture-noise"),
        QStringLiteral("symmetry"), QStringLiteral("contrast"), QStringLiteral("edges"), QStringLiteral("artefact")};
    return keys;
}

// The reader groups offered by name; a coordinator may use any other.
inline const QStringList& standardGroups()
{
    static const QStringList groups{QStringLiteral("neuroradiologist"), QStringLiteral("non-neuroradiologist")};
    return groups;
}

struct StudyRecord {
    qint64 id = 0;
    QString name;
    QString realPool, createdPool;
    qint64 realPoolId = 0, createdPoolId = 0;
    int realPoolSize = 0, createdPoolSize = 0;       // images the draws take from
    int realDiscarded = 0, createdDiscarded = 0;     // taken out of the pools before the study, with reasons
    quint64 seed = 0;
    StudyDesign design;
    QString createdAt;
};

struct ReaderRecord {
    qint64 id = 0;
    QString code; // pseudonymous, e.g. NR1
    QString displayName;
    QString group;
    std::optional<int> yearsOfExperience;
};

// Checks the design against both pools (every reader's draw must fit) before
// anything is stored; errors name the design field. Needs the coordinator.
core::Result<StudyRecord> createStudy(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& name,
    const QString& realPool, const QString& createdPool, quint64 seed, const StudyDesign& design);

core::Result<StudyRecord> study(ProjectDatabase& db, const QString& name);
core::Result<std::vector<StudyRecord>> studies(ProjectDatabase& db);

core::Result<ReaderRecord> addReader(ProjectDatabase& db, const ReaderRecord& reader);
core::Result<ReaderRecord> reader(ProjectDatabase& db, const QString& code);
core::Result<std::vector<ReaderRecord>> readers(ProjectDatabase& db);

// Appends to the project's event log (append-only; the schema refuses updates).
core::Result<void> logEvent(ProjectDatabase& db, const QString& kind, const QString& detail,
    std::optional<qint64> studyId = std::nullopt, std::optional<qint64> sessionId = std::nullopt);

// One line of the event log, with the study and reader it concerns (empty when none).
struct EventRecord {
    qint64 id = 0;
    QString at; // UTC, ISO 8601
    QString study, reader, kind, detail;
};
// The log in order, of one study when `study` is given; at most `limit` newest
// lines when limit > 0 (still oldest first).
core::Result<std::vector<EventRecord>> eventLog(ProjectDatabase& db, const QString& study = {}, int limit = 0);

} // namespace tr::studies
