#pragma once
// A project for the realism report's tests: three IXI volumes (shared/data)
// with the landmarks placed by eye in tests/data/landmarks/hand-placed.csv,
// and the stroke T1 with the landmarks the CLI tests use: four subjects, as
// the report needs at least three to hold whole subjects out.
#include "studies/project.h"
#include "studies/volumeimporter.h"
#include "projectlocation.h"

#include <QFile>
#include <QTemporaryDir>

namespace tr::studies::testing {

struct PlacedLandmarks {
    const char* file;
    core::Vec3 ac, pc, msp;
};

inline constexpr PlacedLandmarks kPlacedIxi[] = {
    {"IXI012-HH-1211_T1.nii.gz", {-2.3, -5.7, 10.9}, {-2.3, 21.9, 1.1}, {-2.4, 24.8, 53.1}},
    {"IXI015-HH-1258_T1.nii.gz", {4.6, -7.1, 6.7}, {4.6, 20.2, 0.3}, {4.8, 18.0, 52.2}},
    {"IXI132-HH-1415_T1.nii.gz", {9.2, -7.0, 20.0}, {9.2, 23.0, 16.5}, {8.6, 13.2, 62.9}},
};

inline QString realismIxiDir() { return QStringLiteral(TR_SHARED_DATA_DIR "/t1/ixi/"); }

inline bool realismDataPresent() { return QFile::exists(realismIxiDir() + QLatin1String(kPlacedIxi[0].file)); }

// The centre half-way between AC and PC.
inline core::Landmarks acPcLandmarks(const core::Vec3& ac, const core::Vec3& pc, const core::Vec3& msp)
{
    core::Landmarks l;
    l[core::Landmark::AnteriorCommissure] = ac;
    l[core::Landmark::PosteriorCommissure] = pc;
    l[core::Landmark::MidSagittal] = msp;
    l[core::Landmark::Centre] = core::Vec3{(ac[0] + pc[0]) / 2, (ac[1] + pc[1]) / 2, (ac[2] + pc[2]) / 2};
    return l;
}

// dir/r.trproj with V001-V003 (IXI) and V004 (stroke), all ready; empty on failure.
inline QString buildRealismProject(const QTemporaryDir& dir)
{
    const QString path = projectLocation(dir, QStringLiteral("r.trproj"));
    auto project = Project::create(path);
    if (!project)
        return {};
    QStringList files;
    for (const auto& v : kPlacedIxi)
        files << realismIxiDir() + QLatin1String(v.file);
    files << QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz");
    const auto outcomes = VolumeImporter(*project).importPaths(files);
    if (outcomes.size() != 4)
        return {};
    for (const auto& o : outcomes)
        if (o.error)
            return {};
    for (int i = 0; i < 3; ++i)
        if (!project->setLandmarks(QStringLiteral("V00%1").arg(i + 1),
                acPcLandmarks(kPlacedIxi[i].ac, kPlacedIxi[i].pc, kPlacedIxi[i].msp), LandmarkSource::Manual))
            return {};
    if (!project->setLandmarks(QStringLiteral("V004"), acPcLandmarks({0, -4, -4}, {0, 22, -6}, {0, 10, 50}),
            LandmarkSource::Manual))
        return {};
    return path;
}

} // namespace tr::studies::testing
