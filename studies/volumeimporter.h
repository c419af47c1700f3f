#pragma once
// Imports scans into a project: volume files (NIfTI, MetaImage, NRRD), DICOM
// series (core/io/dicomseries.h) and folder trees of them, each checked and
// stored de-identified under a new pseudonym.
// A bad file is reported and skipped; the good ones are still imported, and each
// volume is stored in its own transaction, so nothing is ever half-written.

#include "core/result.h"
#include "studies/project.h"

#include <QString>

#include <atomic>
#include <functional>
#include <vector>

namespace tr::core::io {
struct DicomSeriesOutcome;
}

namespace tr::studies {

struct ImportOutcome {
    QString source;    // the file or series as given (never stored in the project)
    QString pseudonym; // set when imported
    std::optional<core::Error> error;
};

// Where an import stands: `done` of `total` items (volume files, DICOM series
// and files that could not be used); total is 0 while the DICOM headers of the
// folders are still being read.
struct ImportProgress {
    int done = 0;
    int total = 0;
    QString current; // the file or series being imported
};

struct ImportSettings {
    bool biasCorrection = false; // N4 before storing (core/io/biasfieldcorrection.h)
};

class VolumeImporter {
public:
    explicit VolumeImporter(Project& project, ImportSettings settings = {}) : m_project(project), m_settings(settings) {}

    // Imports every path (files, or folders searched recursively) and reports one
    // outcome per volume file found or per file that could not be used.
    // With `cancel` set (from another thread), the volume being stored is
    // finished and every one after it is reported as not imported.
    std::vector<ImportOutcome> importPaths(const QStringList& paths,
        const std::function<void(const ImportOutcome&)>& onOutcome = {},
        const std::function<void(const ImportProgress&)>& onProgress = {}, const std::atomic<bool>* cancel = nullptr);

private:
    ImportOutcome importFile(const QString& file);
    ImportOutcome importDicomSeries(const core::io::DicomSeriesOutcome& series);
    ImportOutcome store(ImportOutcome outcome, const core::Volume& volume, const QString& format,
        const core::AcquisitionFacts& facts);
    Project& m_project;
    ImportSettings m_settings;
};

// The format key stored with a volume, from its file name: nifti, metaimage,
// nrrd; empty for anything else.
QString volumeFormatOf(const QString& fileName);

} // namespace tr::studies
