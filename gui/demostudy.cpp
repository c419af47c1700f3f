#include "gui/demostudy.h"

#include "core/demodata.h"
#include "core/templatelandmarks.h"
#include "model/defaultmodel.h"
#include "model/generatorsource.h"
#include "model/modelfile.h"
#include "studies/blindingcheck.h"
#include "studies/coordinatoraccess.h"
#include "studies/imagepool.h"
#include "studies/project.h"
#include "studies/storagelocations.h"
#include "studies/study.h"
#include "studies/volumeimporter.h"

#include <QDir>
#include <QFile>

namespace tr::gui {

namespace {

constexpr int kPoolSize = 200;        // 4 readers' draws of 25 + 5 apiece fit in each pool
constexpr quint64 kStudySeed = 2019;  // the paper's year: any fixed number keeps the demo the same
const char* const kReaders[][2] = {{"R1", "neuroradiologist"}, {"R2", "non-neuroradiologist"}, {"R3", "resident"}};

DemoStudy describe(const QString& path)
{
    DemoStudy demo{path, QString::fromLatin1(kDemoStudy), {}};
    for (const auto& r : kReaders)
        demo.readers << QString::fromLatin1(r[0]);
    return demo;
}

core::Result<void> build(const QString& path, const std::function<void(const QString&)>& say)
{
    auto project = studies::Project::create(path);
    if (!project)
        return project.error();
    say(QObject::tr("importing Colin27 from %1").arg(QString::fromLatin1(core::kColin27Path)));
    const auto imported = studies::VolumeImporter(*project).importPaths({QString::fromLatin1(core::kColin27Path)});
    if (imported.size() != 1 || imported[0].error)
        return imported.empty() ? core::Error{core::ErrorCode::NotFound, core::kColin27Path,
                                      "Colin27 is missing; install Debian's mricron-data package.", {}}
                                : *imported[0].error;
    if (auto placed = project->setLandmarks(QStringLiteral("V001"), core::colin27Landmarks(),
            studies::LandmarkSource::Manual);
        !placed)
        return placed;

    // The generator decides the size; the real slices follow it.
    const auto modelPath = model::defaultModelPath();
    if (modelPath.empty())
        return core::Error{core::ErrorCode::NotFound, "default.trmodel",
            "The default generator is not installed; reinstall Turing Reader.", {}};
    auto loaded = model::GeneratorModel::load(modelPath);
    if (!loaded)
        return loaded.error();
    model::DcganSource generator(std::move(*loaded));
    const auto& info = generator.model().info();
    // The real slices come from the generator's own population and pipeline:
    // the shipped slices of its 43 training subjects (resources/models/
    // demo-real-S, made by make-demo-pool.sh), not slices of Colin27 alone.
    const QString shipped = QString::fromStdString(
        (modelPath.parent_path() / ("demo-real-" + std::to_string(info.options.resolution))).string());
    say(QObject::tr("adding the shipped real slices of %1").arg(shipped));
    const QString realPool = QStringLiteral("ixi-colin27");
    auto real = studies::addRealPoolFromFolder(*project, realPool, shipped,
        QStringLiteral("slices of the default generator's 43 training subjects: IXI dataset, brain-development.org "
                       "(CC BY-SA 3.0), and Colin27 (mricron-data)"));
    if (!real)
        return real.error();
    if (real->resolution != info.options.resolution || real->size < kPoolSize)
        return core::Error{core::ErrorCode::Corrupt, shipped.toStdString(),
            "The shipped real slices do not match the default generator (" + std::to_string(real->size) + " of "
                + std::to_string(real->resolution) + " px for a " + std::to_string(info.options.resolution)
                + " px generator); reinstall Turing Reader.",
            {}};
    say(QObject::tr("creating %1 images with the default generator").arg(kPoolSize));
    const std::atomic<bool> never{false};
    auto created = studies::createdBatch(generator, kPoolSize, 1, never);
    if (!created)
        return created.error();
    studies::GeneratedBatch batch = std::move(*created);
    batch.modelDescription = QStringLiteral("the embedded default generator (resources/models/PROVENANCE.md)");
    if (auto pool = studies::addCreatedPool(*project, QStringLiteral("default-generator"), 1, batch); !pool)
        return pool.error();

    auto& db = project->database();
    auto access = studies::setCoordinatorPassphrase(db, QString::fromLatin1(kDemoPassphrase));
    if (!access)
        return access.error();
    if (auto study = studies::createStudy(db, *access, QString::fromLatin1(kDemoStudy), realPool,
            QStringLiteral("default-generator"), kStudySeed, {});
        !study)
        return study.error();
    // The shipped generator is told apart by low-level cues (its realism
    // report, resources/models/RECIPES.md), and the check says so; the demo
    // shows the workflow, and its reports carry this acknowledgement.
    if (auto check = studies::blindingCheck(db, QString::fromLatin1(kDemoStudy)); !check)
        return check.error();
    else if (*check && (*check)->blocksSessions())
        if (auto acknowledged = studies::acknowledgeBlindingCheck(db, *access, QString::fromLatin1(kDemoStudy),
                QStringLiteral("the demo study: it shows the workflow with the shipped 64 px default generator, whose "
                               "images low-level cues still give away; it is no test of realism"));
            !acknowledged)
            return acknowledged.error();
    for (const auto& r : kReaders)
        if (auto added = studies::addReader(db, {0, QString::fromLatin1(r[0]), QString::fromLatin1(r[0]),
                QString::fromLatin1(r[1]), std::nullopt});
            !added)
            return added.error();
    return {};
}

} // namespace

core::Result<DemoStudy> ensureDemoStudy(const QString& folder, const std::function<void(const QString&)>& progress)
{
    const QString dir = folder.isEmpty() ? studies::storageLocations().dataDir + QStringLiteral("/demo") : folder;
    const QString path = dir + QStringLiteral("/demo.trproj");
    if (QFile::exists(path))
        return describe(path); // only ever renamed into place complete
    if (!QDir().mkpath(dir))
        return core::Error{core::ErrorCode::PermissionDenied, dir.toStdString(),
            "The folder for the demo cannot be created; check the permissions of your home folder.", {}};
    // Built under another name and renamed when complete, so an interrupted
    // build is never taken for a demo.
    const QString partial = dir + QStringLiteral("/demo-partial.trproj");
    for (const QString& leftover : {partial, partial + QStringLiteral("-wal"), partial + QStringLiteral("-shm")})
        QFile::remove(leftover);
    const auto say = [&](const QString& step) {
        if (progress)
            progress(step);
    };
    if (auto built = build(partial, say); !built) {
        QFile::remove(partial);
        return built.error();
    }
    if (!QFile::rename(partial, path))
        return core::Error{core::ErrorCode::Io, path.toStdString(), "The demo project cannot be moved into place.", {}};
    return describe(path);
}

} // namespace tr::gui
