#pragma once
// A small but complete project for the project-file and answers-CSV harnesses:
// the 16 x 12 x 8 oblique seed volume (corpus/nifti1) imported with landmarks
// about its centre (AC and PC 24 mm apart, as the landmark check wants, so
// outside the tiny volume; the slices are then mostly background), a real pool
// and a created pool of 64 px images, a study with the paper's design, reader NR1 and NR1's session drawn. Small, so that
// the fuzzer's mutations land on the schema and the rows rather than on pixels.
#include "core/io/volumereader.h"
#include "studies/blindingcheck.h"
#include "studies/coordinatoraccess.h"
#include "studies/imagepool.h"
#include "studies/project.h"
#include "studies/readersession.h"
#include "studies/study.h"
#include "studies/volumeimporter.h"

#include <cstdio>
#include <string>

namespace tr::fuzz {

inline bool fail(const std::string& step, const std::string& why)
{
    std::fprintf(stderr, "small project: %s failed: %s\n", step.c_str(), why.c_str());
    return false;
}

// Builds the project at `path` from the seed volume at `volumePath`.
inline bool buildSmallProject(const QString& path, const QString& volumePath)
{
    using namespace tr::studies;
    auto project = Project::create(path);
    if (!project)
        return fail("create", project.error().toString());
    const auto outcomes = VolumeImporter(*project).importPaths({volumePath});
    if (outcomes.size() != 1 || outcomes[0].error)
        return fail("import", outcomes.empty() ? "no outcome" : outcomes[0].error->toString());
    const auto volume = core::io::readVolume(volumePath.toStdString());
    if (!volume)
        return fail("read", volume.error().toString());
    // The world point of the volume's centre: origin + direction * (spacing * (size - 1) / 2).
    core::Vec3 centre = volume->origin;
    for (int axis = 0; axis < 3; ++axis)
        for (int row = 0; row < 3; ++row)
            centre[std::size_t(row)] += volume->direction[std::size_t(row * 3 + axis)]
                * volume->spacing[std::size_t(axis)] * double(volume->size[std::size_t(axis)] - 1) / 2.0;
    core::Landmarks l;
    l[core::Landmark::AnteriorCommissure] = core::Vec3{centre[0], centre[1] - 12, centre[2]};
    l[core::Landmark::PosteriorCommissure] = core::Vec3{centre[0], centre[1] + 12, centre[2]};
    l[core::Landmark::MidSagittal] = core::Vec3{centre[0], centre[1], centre[2] + 30};
    l[core::Landmark::Centre] = centre;
    if (auto set = project->setLandmarks(QStringLiteral("V001"), l, LandmarkSource::Manual); !set)
        return fail("landmarks", set.error().toString());
    RealPoolRequest request;
    request.name = QStringLiteral("real");
    request.count = 70;
    request.seed = 3;
    request.grid.matrix = 64;
    if (auto pool = addRealPool(*project, request); !pool)
        return fail("real pool", pool.error().toString());
    GeneratedBatch batch;
    batch.modelSha256 = QString(64, QLatin1Char('0'));
    batch.resolution = 64;
    batch.modelDescription = QStringLiteral("fuzz seed pattern");
    for (int i = 0; i < 70; ++i) {
        GeneratedImage image;
        image.seed = 1000 + std::uint64_t(i);
        image.latent.assign(100, float(i) / 100.0f);
        image.pixels.resize(64 * 64);
        for (std::size_t p = 0; p < image.pixels.size(); ++p)
            image.pixels[p] = std::uint8_t((p / 64 + std::size_t(i)) % 256);
        batch.images.push_back(std::move(image));
    }
    if (auto pool = addCreatedPool(*project, QStringLiteral("created"), 5, batch); !pool)
        return fail("created pool", pool.error().toString());
    auto access = setCoordinatorPassphrase(project->database(), QStringLiteral("fuzz passphrase"));
    if (!access)
        return fail("passphrase", access.error().toString());
    if (auto study = createStudy(project->database(), *access, QStringLiteral("s"), QStringLiteral("real"),
            QStringLiteral("created"), 42, StudyDesign{});
        !study)
        return fail("study", study.error().toString());
    if (auto ack = acknowledgeBlindingCheck(project->database(), *access, QStringLiteral("s"), QStringLiteral("fuzz seed"));
        !ack)
        return fail("blinding check", ack.error().toString());
    ReaderRecord reader;
    reader.code = QStringLiteral("NR1");
    reader.group = QStringLiteral("neuroradiologist");
    reader.yearsOfExperience = 8;
    if (auto added = addReader(project->database(), reader); !added)
        return fail("reader", added.error().toString());
    if (auto session = ReaderSession::open(project->database(), QStringLiteral("s"), QStringLiteral("NR1")); !session)
        return fail("session", session.error().toString());
    return true;
}

} // namespace tr::fuzz
