#include "studies/trainingdatapreparer.h"

#include "core/intensitynormalisation.h"

namespace tr::studies {

core::Result<core::TrainingData> prepareTrainingData(
    Project& project, const QStringList& volumes, const core::AugmentationGrid& grid)
{
    auto records = project.volumes();
    if (!records)
        return records.error();
    core::TrainingData data;
    data.grid = grid;
    for (const auto& r : *records) {
        const bool asked = volumes.isEmpty() || volumes.contains(r.pseudonym, Qt::CaseInsensitive);
        if (!asked || (volumes.isEmpty() && !r.landmarks.complete()))
            continue;
        auto frame = core::alignedFrameFromLandmarks(r.landmarks);
        if (!frame) {
            auto error = frame.error();
            error.subject = r.pseudonym.toStdString();
            return error;
        }
        auto volume = project.loadVolume(r.pseudonym);
        if (!volume)
            return volume.error();
        core::normaliseIntensities(*volume);
        data.volumes.push_back({r.pseudonym.toStdString(), std::move(*volume), *frame});
    }
    for (const QString& name : volumes)
        if (std::none_of(data.volumes.begin(), data.volumes.end(),
                [&](const auto& p) { return name.compare(QString::fromStdString(p.pseudonym), Qt::CaseInsensitive) == 0; }))
            return core::Error{core::ErrorCode::NotFound, name.toStdString(),
                "No volume of this name in " + project.path().toStdString() + ". 'volumes' lists the names.", {}};
    if (data.volumes.empty())
        return core::Error{core::ErrorCode::InvalidArgument, project.path().toStdString(),
            "No volume has all four landmarks yet; place them ('landmarks PROJECT V --auto') first.", {}};
    return data;
}

core::Result<core::TrainingData> prepareTrainingData(const std::string& projectPath, const core::AugmentationGrid& grid)
{
    auto project = Project::open(QString::fromStdString(projectPath));
    if (!project)
        return project.error();
    return prepareTrainingData(*project, {}, grid);
}

} // namespace tr::studies
