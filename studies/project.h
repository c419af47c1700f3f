#pragma once
// A Turing Reader project: the coordinator's volumes (de-identified, each under
// a project-local pseudonym) and their landmarks, stored in one SQLite file
// (projectdatabase.h). Widget-free, so the CLI and the GUI share it.

#include "core/acquisitionfacts.h"
#include "core/landmarks.h"
#include "core/result.h"
#include "core/volume.h"
#include "studies/projectdatabase.h"

#include <QString>

#include <optional>
#include <vector>

namespace tr::studies {

// Where a landmark came from: placed by a person, or suggested by registration.
enum class LandmarkSource { Manual, Auto };

struct VolumeRecord {
    qint64 id = 0;
    QString pseudonym;    // "V001", ...: the only name a volume has in a project
    QString sourceFormat; // nifti, metaimage, nrrd, dicom
    std::array<std::size_t, 3> size{0, 0, 0};
    std::array<double, 3> spacing{0, 0, 0};
    QString acquiredOrientation;
    core::AcquisitionFacts facts;
    bool biasCorrected = false; // N4 applied at import
    core::Landmarks landmarks;
    std::array<std::optional<LandmarkSource>, 4> landmarkSources;

    // "ready" when all four landmarks are placed, else which are missing.
    QString status() const;
};

class Project {
public:
    static core::Result<Project> create(const QString& path);
    static core::Result<Project> open(const QString& path);
    // Opens the project at path, creating it first when no file is there.
    static core::Result<Project> openOrCreate(const QString& path);
    // For a worker thread while this program holds the project open
    // (ProjectDatabase::openSecondConnection).
    static core::Result<Project> openSecondConnection(const QString& path);

    const QString& path() const { return m_db.path(); }
    // The file itself, for the study engine (pools, studies, sessions) that shares it.
    ProjectDatabase& database() { return m_db; }

    // Stores a volume under the next free pseudonym. Refuses (AlreadyExists,
    // with the existing pseudonym as subject) a volume whose voxels are already stored.
    core::Result<VolumeRecord> addVolume(const core::Volume& volume, const QString& sourceFormat,
        const core::AcquisitionFacts& facts, bool biasCorrected = false);

    core::Result<std::vector<VolumeRecord>> volumes();
    core::Result<VolumeRecord> volume(const QString& pseudonym);
    // The stored voxels and geometry.
    core::Result<core::Volume> loadVolume(const QString& pseudonym);

    // Sets (or replaces) landmarks of one volume in one transaction.
    core::Result<void> setLandmarks(const QString& pseudonym, const core::Landmarks& points, LandmarkSource source);

private:
    explicit Project(ProjectDatabase db) : m_db(std::move(db)) {}
    core::Error notFound(const QString& pseudonym) const;
    ProjectDatabase m_db;
};

} // namespace tr::studies
