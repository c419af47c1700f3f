#pragma once
// Before a study's first session: can something other than anatomy tell its
// two pools apart? The realism report's single-cue observers (core/
// singlecueobservers.h) run on the very images and PNG files the readers will
// get, fitted on two thirds and scored on the rest (real slices held out by
// subject); any cue that alone separates the pools with held-out accuracy
// above 0.65 is raised, and so are exact duplicates (an image shown twice, or
// a created image identical to a real one). Every study gets its check when it
// is made; while a raised check is not acknowledged by the coordinator, no
// reader's session can start. The check and the acknowledgement are in the
// event log and in every report of the study.

#include "core/realismreport.h"
#include "core/result.h"
#include "studies/coordinatoraccess.h"
#include "studies/projectdatabase.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tr::studies {

inline constexpr double kBlindingCueLimit = 0.65;

struct BlindingCheck {
    QString realPool, createdPool;
    int realImages = 0, createdImages = 0; // checked (at most 1,000 of each, drawn with the seed)
    int testImages = 0;                    // held out, both sources
    bool bySubject = true;                 // false: the real pool names fewer than 2 subjects
    std::vector<core::ObserverResult> cues;
    int duplicatesWithin = 0; // images identical to an earlier one of the same pool
    int duplicatesAcross = 0; // created images identical to a real one
    QStringList raised;       // what alone gives the source away; empty: passed
    bool passed() const { return raised.isEmpty(); }
};

// The check of a real and a created pool (discarded images left out).
core::Result<BlindingCheck> checkBlinding(
    ProjectDatabase& db, const QString& realPool, const QString& createdPool, quint64 seed = 1);

// Several lines for people: each cue with its interval, duplicates, the verdict.
QString formatBlindingCheck(const BlindingCheck& check);

// What is on record for a study.
struct StoredBlindingCheck {
    QString madeAt;
    QString summary;  // formatBlindingCheck()
    QStringList raised;
    QString acknowledgedAt, acknowledgement; // empty until the coordinator acknowledges
    bool blocksSessions() const { return !raised.isEmpty() && acknowledgedAt.isEmpty(); }
};

// Runs the check for study `studyId` and stores it (createStudy does this).
core::Result<StoredBlindingCheck> recordBlindingCheck(ProjectDatabase& db, qint64 studyId);

// The study's check; nullopt for a study made before checks were kept.
core::Result<std::optional<StoredBlindingCheck>> blindingCheck(ProjectDatabase& db, const QString& study);

// The coordinator's acknowledgement of a raised check, with what they say
// (kept and logged). Errors name the field.
core::Result<StoredBlindingCheck> acknowledgeBlindingCheck(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& study, const QString& note);

// The sentence every report of the study prints.
QString blindingSentence(const StoredBlindingCheck& stored);

} // namespace tr::studies
