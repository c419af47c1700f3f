#pragma once
// A study's results: the paper's Table 1 per reader, per group and overall,
// with intervals and tests (core/readerstatistics.h), HYPE-infinity with a
// bootstrap interval, and agreement between readers who saw the same images.
//
// The paper's convention, stated in every export: a real image is a positive,
// a "real" verdict a positive call. So TP = real called real, FN = real called
// created, FP = created called real, TN = created called created; TP and FN
// rates are of the real images, FP and TN rates of the created ones (as the
// percentages of Table 1), and accuracy = (TP + TN) / N.
//
// "Unknown" answers and timeouts (no call) are handled both ways, and both are
// reported: excluded from N, or counted as wrong (a real image without a call
// as FN, a created one as FP). Only completed sessions are analysed; the
// training block never is.

#include "core/readerstatistics.h"
#include "core/result.h"
#include "studies/coordinatoraccess.h"
#include "studies/readersession.h"
#include "studies/study.h"

#include <QString>

#include <optional>
#include <vector>

namespace tr::studies {

// One reader x image: the tidy raw data, and the input of computeResults().
struct ResponseRow {
    QString readerCode, readerGroup;
    std::optional<int> yearsOfExperience;
    QString sessionState;
    Block block = Block::Main;
    int position = 0;
    qint64 imageId = 0;
    bool created = false;      // the truth
    Call call = Call::Real;    // the verdict analysed: the coordinator's latest correction, else the reader's
    QString readerCall;        // as the reader gave it
    QString correctionReason;  // empty when not corrected
    std::optional<int> confidence;
    QString reasons, reasonText;
    qint64 onsetMs = 0, responseMs = 0;
    int focusLosses = 0;
    bool disturbed = false; // given while the project server could not be reached (committed once it was back)
    QString recordedAt;
    // Provenance: the pool and what made the image.
    QString pool;
    int poolPosition = 0;
    QString pngSha256;
    QString volume; // pseudonym, real images
    std::optional<qint64> gridIndex;
    std::optional<double> lrDeg, apDeg, ccDeg, offsetMm;
    std::optional<bool> flipped;
    QString modelSha256, imageSeed; // created images
};

enum class NoCallHandling { Excluded, CountedWrong };
QString handlingLabel(NoCallHandling handling);

struct TableRow {
    enum class Level { Reader, Group, Overall };
    Level level = Level::Reader;
    QString label;  // reader code, group name, or "all readers"
    QString group;  // the reader's group (readers), the group itself (groups)
    int readers = 1;
    int images = 0; // in the analysis: TP + FN + FP + TN
    int tp = 0, fn = 0, fp = 0, tn = 0;
    int unknown = 0, timeouts = 0; // no-call answers among the main block's images
    double accuracy = 0;
    core::ProportionInterval accuracyCi;
    double sensitivity = 0; // TP rate: real images called real
    core::ProportionInterval sensitivityCi;
    double specificity = 0; // TN rate: created images called created
    core::ProportionInterval specificityCi;
    double fnRate = 0, fpRate = 0;
    double balancedAccuracy = 0;
    double binomialP = 1;   // accuracy against 0.5, exact, two-sided
    double fisherP = 1;     // verdict independent of truth, exact, two-sided
    double meanResponseMs = 0, medianResponseMs = 0; // answers given (timeouts left out)
};

struct ResultsTable {
    NoCallHandling handling = NoCallHandling::Excluded;
    std::vector<TableRow> rows; // readers, then groups, then all readers
    double hype = 0;            // HYPE-infinity: share of all judgements that were wrong
    core::ProportionInterval hypeCi;
};

struct PairAgreement {
    QString first, second;
    int images = 0; // shared images both called real or created
    double kappa = 0;
};

struct Agreement {
    int readers = 0;
    int images = 0;      // images every reader called real or created (Fleiss)
    std::optional<double> fleiss;
    std::vector<PairAgreement> pairs; // pairs sharing at least two called images
};

struct StudyResults {
    StudyRecord study;
    std::vector<ReaderRecord> readers;
    int sessionsCompleted = 0, sessionsOpen = 0, sessionsAbandoned = 0;
    int bootstrapReplicates = 0;
    quint64 bootstrapSeed = 0;
    ResultsTable excluded, countedWrong;
    Agreement agreement;
    // What the newest realism report of the created pool's generator found
    // (generatorrealism.h), in one sentence beside the readers' accuracy;
    // says so when none was made.
    QString realism;
    // The study's blinding check (blindingcheck.h) and its acknowledgement,
    // in one sentence; says so for a study made before checks were kept.
    QString blinding;
};

inline constexpr int kBootstrapReplicates = 2000;

// Pure: the tables from response rows (main block of completed sessions is
// used; other rows are ignored). Reproducible: the bootstrap is seeded from
// the study's seed.
StudyResults computeResults(const StudyRecord& study, const std::vector<ReaderRecord>& readers,
    const std::vector<ResponseRow>& rows, int bootstrapReplicates = kBootstrapReplicates);

// Every verdict of the study with truth and provenance. Coordinator only.
core::Result<std::vector<ResponseRow>> loadResponses(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& study);

// loadResponses() then computeResults(), with the sessions counted.
core::Result<StudyResults> studyResults(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& study);

} // namespace tr::studies
