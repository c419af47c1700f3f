#pragma once
// The realism report of a generator on a project's real slices (issue 14):
// the images gathered here at the generator's resolution, real ones drawn
// evenly over the project's ready volumes (each volume one subject, so that
// the evaluation can hold whole subjects out), both encoded as a pool stores
// them; the evaluation itself comes from the model layer through
// core::RealismEvaluator (the front-ends wire model/ in, createdimagesources.h),
// and the result is kept with the source in the project.

#include "core/realismreport.h"
#include "core/result.h"
#include "studies/createdimagesources.h"
#include "studies/figuregrid.h"
#include "studies/imagepool.h"
#include "studies/project.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace tr::studies {

struct RealismRequest {
    QString model = QStringLiteral("default"); // "default", a model file, a TorchScript module or an image folder
    int realCount = 3000;    // drawn evenly over the volumes: 2,000 to train on, 1,000 held out
    int createdCount = 3000;
    quint64 seed = 1;
    std::string device = "cpu";
    QStringList volumes;     // pseudonyms; empty: every volume with complete landmarks
    bool observer = true;    // the CNN observer (minutes on a CPU); false: the single cues only

    // Problems with the values, each naming the field; empty when valid.
    std::vector<std::string> problems() const;
    QString toString() const; // one line, as stored
};

using RealismProgress = core::RealismStageProgress;

struct StoredRealismReport {
    qint64 id = 0;
    QString modelSha256;
    QString modelDescription;
    QString madeAt;
    QString request;
    core::RealismReport report;
    QString summary;   // formatRealismReport()
    QByteArray sheetPng; // empty when made without fonts (no QGuiApplication)
};

// The real images: `count` drawn evenly over the volumes (distinct grid
// images per volume, seeded), at `side` pixels, as 8-bit grey with the size of
// the PNG a pool would store; group = the volume's index in groupNames.
core::Result<core::RealismInput> realRealismImages(Project& project, int side, const QStringList& volumes, int count,
    quint64 seed, const std::atomic<bool>& stop);

// Adds the created images of `batch` (each its own group) with their PNG sizes.
void addCreatedRealismImages(core::RealismInput& input, const GeneratedBatch& batch);

// Generates, gathers, evaluates and stores. Errors name the field or file;
// nothing is stored on an error or a stop.
core::Result<StoredRealismReport> evaluateGenerator(Project& project, const RealismRequest& request,
    const ModelLayer& model, const RealismProgress& progress, const std::atomic<bool>& stop);

// The stored reports, newest first; of one generator when modelSha256 is given.
core::Result<std::vector<StoredRealismReport>> realismReports(ProjectDatabase& db, const QString& modelSha256 = {});

// One sentence for a study report: the machine observer's held-out accuracy
// with its interval, the strongest single cue, and memorisation.
QString realismSentence(const StoredRealismReport& stored);

// Random real and created images side by side (real on the left), each at the
// largest whole magnification within 256 px, with a caption saying how they
// were drawn. 12 of each.
FigureGrid realismSheet(const core::RealismInput& input, const QString& modelSha256, quint64 seed);

} // namespace tr::studies
