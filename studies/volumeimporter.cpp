#include "studies/volumeimporter.h"

#include "core/io/biasfieldcorrection.h"
#include "core/io/dicomseries.h"
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
    return store(outcome, *volume, volumeFormatOf(file), {});
}

ImportOutcome VolumeImporter::store(
    ImportOutcome outcome, const core::Volume& volume, const QString& format, const core::AcquisitionFacts& facts)
{
    const core::Volume* toStore = &volume;
    std::optional<core::Volume> corrected;
    if (m_settings.biasCorrection) {
        auto result = core::io::correctBiasField(volume);
        if (!result) {
            outcome.error = result.error();
            outcome.error->subject = outcome.source.toStdString();
            return outcome;
        }
        corrected = std::move(*result);
        toStore = &*corrected;
    }
    auto record = m_project.addVolume(*toStore, format, facts, m_settings.biasCorrection);
    if (!record) {
        outcome.error = record.error();
        if (record.error().code == core::ErrorCode::AlreadyExists)
            outcome.error = core::Error{core::ErrorCode::AlreadyExists, outcome.source.toStdString(),
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
        QStringList files;
        if (info.isDir()) {
            QDirIterator it(path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            while (it.hasNext())
                files << it.next();
            files.sort();
        } else {
            files << path; // a single file is taken at its word; the reader says what is wrong with it
        }
        // Volume files by their names; everything else is offered to the DICOM reader,
        // which groups the files into series (DICOM files often have no extension).
        std::vector<std::filesystem::path> dicomFiles;
        int found = 0;
        for (const QString& file : files) {
            if (!volumeFormatOf(file).isEmpty()) {
                ++found;
                report(importFile(file));
            } else if (info.isDir() && core::io::isDicomFolderCompanion(file.toStdString())) {
                continue;
            } else {
                dicomFiles.push_back(file.toStdString());
            }
        }
        if (!dicomFiles.empty()) {
            const auto dicom = core::io::readDicomFiles(dicomFiles);
            for (const auto& error : dicom.fileErrors)
                report({QString::fromStdString(error.subject), {}, error});
            for (const auto& series : dicom.series) {
                ++found;
                report(importDicomSeries(series));
            }
            found += int(dicom.fileErrors.size());
        }
        if (found == 0)
            report({path, {},
                core::Error{core::ErrorCode::NotFound, path.toStdString(),
                    "No volume files (.nii, .nii.gz, .mha, .mhd, .nrrd) or DICOM series in this folder or below it.",
                    {}}});
    }
    return outcomes;
}

ImportOutcome VolumeImporter::importDicomSeries(const core::io::DicomSeriesOutcome& series)
{
    ImportOutcome outcome{QString::fromStdString(series.source), {}, series.error};
    if (series.error)
        return outcome;
    return store(outcome, *series.volume, QStringLiteral("dicom"), series.facts);
}

} // namespace tr::studies
