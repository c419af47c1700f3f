#pragma once
// A real project for the study-engine tests: the stroke T1 NIfTI imported and
// aligned (the landmarks the CLI tests use), a pool of real 64 px slices drawn
// from it, a pool of "created" images, the coordinator passphrase and a study.
// The created images are patterned pixels handed in as a generator would
// hand them (studies never links LibTorch; the CLI tests use the real model).
#include "studies/blindingcheck.h"
#include "studies/coordinatoraccess.h"
#include "studies/imagepool.h"
#include "studies/project.h"
#include "studies/readersession.h"
#include "studies/study.h"
#include "studies/volumeimporter.h"
#include "projectlocation.h"

#include <QSqlQuery>
#include <QTemporaryDir>

namespace tr::studies::testing {

inline constexpr const char* kPassphrase = "correct horse battery";

// A reader's answer as the tests give it: the call, 2 s after an onset at 1 s.
inline Answer called(Call call, qint64 responseMs = 2000)
{
    Answer a;
    a.call = call;
    a.responseMs = responseMs;
    a.onsetMs = 1000;
    return a;
}

inline GeneratedBatch patternedBatch(int count, int side)
{
    GeneratedBatch batch;
    batch.modelSha256 = QStringLiteral("00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff");
    batch.resolution = side;
    batch.modelDescription = QStringLiteral("test pattern");
    for (int i = 0; i < count; ++i) {
        GeneratedImage image;
        image.seed = 1000 + std::uint64_t(i);
        image.latent.assign(100, float(i) / 100.0f);
        image.pixels.resize(std::size_t(side) * std::size_t(side));
        for (std::size_t p = 0; p < image.pixels.size(); ++p)
            image.pixels[p] = std::uint8_t((p * 7 + std::size_t(i) * 13) % 256);
        batch.images.push_back(std::move(image));
    }
    return batch;
}

// How a project file keeps its image sources: sealed, as every project file is
// from its first passphrase on (sealedsources.h), or open, as a version before
// that left them (a passphrase, but no seal_sources setting).
enum class Sources { Sealed, OpenAsBefore };

// Builds the project at dir/p.trproj (or on the test server: projectlocation.h)
// and returns its location (empty on failure).
inline QString buildStudyProject(const QTemporaryDir& dir, const StudyDesign& design = {}, int realCount = 80,
    int createdCount = 80, quint64 seed = 42, Sources sources = Sources::Sealed)
{
    const QString path = projectLocation(dir, QStringLiteral("p.trproj"));
    auto project = Project::create(path);
    if (!project)
        return {};
    if (sources == Sources::OpenAsBefore) {
        // The passphrase first, on the empty project, then the setting an
        // older version never wrote is taken out again.
        if (!setCoordinatorPassphrase(project->database(), QString::fromLatin1(kPassphrase)))
            return {};
        QSqlQuery forget(project->database().db());
        if (!forget.exec(QStringLiteral("DELETE FROM setting WHERE key = 'seal_sources'")))
            return {};
    }
    const auto outcomes
        = VolumeImporter(*project).importPaths({QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz")});
    if (outcomes.size() != 1 || outcomes[0].error)
        return {};
    core::Landmarks l;
    l[core::Landmark::AnteriorCommissure] = core::Vec3{0, -4, -4};
    l[core::Landmark::PosteriorCommissure] = core::Vec3{0, 22, -6};
    l[core::Landmark::MidSagittal] = core::Vec3{0, 10, 50};
    l[core::Landmark::Centre] = core::Vec3{0, 10, 0};
    if (!project->setLandmarks(QStringLiteral("V001"), l, LandmarkSource::Manual))
        return {};
    RealPoolRequest request;
    request.name = QStringLiteral("real");
    request.count = realCount;
    request.seed = 3;
    request.grid.matrix = 64;
    if (!addRealPool(*project, request))
        return {};
    if (!addCreatedPool(*project, QStringLiteral("created"), 5, patternedBatch(createdCount, 64)))
        return {};
    auto access = sources == Sources::OpenAsBefore
        ? unlockCoordinator(project->database(), QString::fromLatin1(kPassphrase))
        : setCoordinatorPassphrase(project->database(), QString::fromLatin1(kPassphrase));
    if (!access)
        return {};
    if (!createStudy(project->database(), *access, QStringLiteral("s"), QStringLiteral("real"),
            QStringLiteral("created"), seed, design))
        return {};
    // Test patterns against real slices: the blinding check raises, as it
    // should; the coordinator lets the study go ahead.
    if (!acknowledgeBlindingCheck(project->database(), *access, QStringLiteral("s"),
            QStringLiteral("test patterns, not a generator: the study exercises the session")))
        return {};
    return path;
}

// A project file is sealed from its first passphrase on (sealedsources.h), so a
// reader's session is drawn only while the coordinator's program holds the key:
// a test that adds readers holds it first, as the workspace and the CLI do.
inline bool holdCoordinatorKey(ProjectDatabase& db)
{
    return unlockCoordinator(db, QString::fromLatin1(kPassphrase)).ok();
}

} // namespace tr::studies::testing
