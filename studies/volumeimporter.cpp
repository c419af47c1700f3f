#include "studies/volumeimporter.h"

#include "studies/study.h"

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
    // Never the source path in the log: it may name the patient.
    (void)logEvent(m_project.database(), QStringLiteral("volume imported"),
        QStringLiteral("%1 (%2, %3 x %4 x %5%6)")
            .arg(record->pseudonym, format)
            .arg(volume.size[0])
            .arg(volume.size[1])
            .arg(volume.size[2])
            .arg(m_settings.biasCorrection ? QStringLiteral(", N4") : QString()));
    return outcome;
}

std::vector<ImportOutcome> VolumeImporter::importPaths(const QStringList& paths,
    const std::function<void(const ImportOutcome&)>& onOutcome,
    const std::function<void(const ImportProgress&)>& onProgress, const std::atomic<bool>* cancel)
{
    // First what there is to import, so that progress has a total: volume
    // files by their names; everything else is offered to the DICOM reader,
    // which groups the files into series (DICOM files often have no extension).
    struct Item {
        QString source;
        std::optional<QString> file;                     // a volume file
        const core::io::DicomSeriesOutcome* series = nullptr; // or a DICOM series
        std::optional<core::Error> error;                // or what could not be used
    };
    std::vector<core::io::DicomReadReport> dicomReads; // reserved: items point into it
    dicomReads.reserve(std::size_t(paths.size()));
    std::vector<Item> items;
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
        std::vector<std::filesystem::path> dicomFiles;
        const std::size_t before = items.size();
        for (const QString& file : files) {
            if (!volumeFormatOf(file).isEmpty())
                items.push_back({file, file, nullptr, std::nullopt});
            else if (!(info.isDir() && core::io::isDicomFolderCompanion(file.toStdString())))
                dicomFiles.push_back(file.toStdString());
        }
        if (!dicomFiles.empty()) {
            if (onProgress)
                onProgress({0, 0, path});
            dicomReads.push_back(core::io::readDicomFiles(dicomFiles));
            for (const auto& error : dicomReads.back().fileErrors)
                items.push_back({QString::fromStdString(error.subject), std::nullopt, nullptr, error});
            for (const auto& series : dicomReads.back().series)
                items.push_back({QString::fromStdString(series.source), std::nullopt, &series, std::nullopt});
        }
        if (items.size() == before)
            items.push_back({path, std::nullopt, nullptr,
                core::Error{core::ErrorCode::NotFound, path.toStdString(),
                    "No volume files (.nii, .nii.gz, .mha, .mhd, .nrrd) or DICOM series in this folder or below it.",
                    {}}});
    }

    std::vector<ImportOutcome> outcomes;
    const int total = int(items.size());
    for (const Item& item : items) {
        if (onProgress)
            onProgress({int(outcomes.size()), total, item.source});
        ImportOutcome outcome;
        if (cancel && cancel->load())
            outcome = {item.source, {},
                core::Error{core::ErrorCode::InvalidArgument, item.source.toStdString(),
                    "Not imported: the import was cancelled before this one. Import it again to add it.", {}}};
        else if (item.error)
            outcome = {item.source, {}, item.error};
        else if (item.file)
            outcome = importFile(*item.file);
        else
            outcome = importDicomSeries(*item.series);
        if (onOutcome)
            onOutcome(outcome);
        outcomes.push_back(std::move(outcome));
    }
    if (onProgress)
        onProgress({total, total, {}});
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
