#include "studies/volumeimporter.h"

#include "core/io/biasfieldcorrection.h"
#include "core/io/volumereader.h"

#include <QDirIterator>
#include <QFileInfo>

namespace tr::studies {

QString volumeFormatOf(const QString& fileName)
{
    const QString name = fileName.toLower();
    if (name.endsWith(QLatin1String(".nii")) || name.endsWith(QLatin1String(".nii.gz")))
        return QStringLiteral("nifti");
    if (name.endsWith(QLatin1String(".mha")) || name.endsWith(QLatin1String(".mhd")))
        return QStringLiteral("metaimage");
    if (name.endsWith(QLatin1String(".nrrd")) || name.endsWith(QLatin1String(".nhdr")))
        return QStringLiteral("nrrd");
    return {};
}

ImportOutcome VolumeImporter::importFile(const QString& file)
{
    ImportOutcome outcome{file, {}, std::nullopt};
    auto volume = core::io::readVolume(file.toStdString());
    if (!volume) {
        outcome.error = volume.error();
        return outcome;
    }
    if (m_settings.biasCorrection) {
        auto corrected = core::io::correctBiasField(*volume);
        if (!corrected) {
            outcome.error = corrected.error();
            outcome.error->subject = file.toStdString();
            return outcome;
        }
        volume = std::move(corrected);
    }
    auto record = m_project.addVolume(*volume, volumeFormatOf(file), core::AcquisitionFacts{}, m_settings.biasCorrection);
    if (!record) {
        outcome.error = record.error();
        if (record.error().code == core::ErrorCode::AlreadyExists)
            outcome.error = core::Error{core::ErrorCode::AlreadyExists, file.toStdString(),
                "The same scan is in the project already as " + record.error().subject + "; skipped.", {}};
        return outcome;
    }
    outcome.pseudonym = record->pseudonym;
    return outcome;
}

std::vector<ImportOutcome> VolumeImporter::importPaths(
    const QStringList& paths, const std::function<void(const ImportOutcome&)>& onOutcome)
{
    std::vector<ImportOutcome> outcomes;
    auto report = [&](ImportOutcome outcome) {
        if (onOutcome)
            onOutcome(outcome);
        outcomes.push_back(std::move(outcome));
    };
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.isDir()) {
            // A single file is taken at its word; the reader says what is wrong with it.
            report(importFile(path));
            continue;
        }
        QStringList files;
        QDirIterator it(path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        files.sort();
        int found = 0;
        for (const QString& file : files) {
            if (volumeFormatOf(file).isEmpty())
                continue;
            ++found;
            report(importFile(file));
        }
        if (found == 0)
            report({path, {},
                core::Error{core::ErrorCode::NotFound, path.toStdString(),
                    "No volume files (.nii, .nii.gz, .mha, .mhd, .nrrd) in this folder or below it.", {}}});
    }
    return outcomes;
}

} // namespace tr::studies
