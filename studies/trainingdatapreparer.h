#pragma once
// Turns a project's volumes into training data (core/trainingdata.h): each
// volume normalised and given its AC-PC frame from its landmarks.

#include "core/result.h"
#include "core/trainingdata.h"
#include "studies/project.h"

#include <QStringList>

namespace tr::studies {

// `volumes`: pseudonyms; empty means every volume whose landmarks are complete.
// Fails naming the volume when one asked for has no complete landmarks.
core::Result<core::TrainingData> prepareTrainingData(
    Project& project, const QStringList& volumes, const core::AugmentationGrid& grid);

// The same for every ready volume of the project file at `projectPath`.
core::Result<core::TrainingData> prepareTrainingData(const std::string& projectPath, const core::AugmentationGrid& grid);

} // namespace tr::studies
