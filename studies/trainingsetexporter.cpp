#include "studies/trainingsetexporter.h"

#include "core/alignedframe.h"
#include "core/intensitynormalisation.h"
#include "core/slicesampler.h"
#include "studies/grayimage.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSaveFile>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <thread>

namespace tr::studies {

namespace {

constexpr std::size_t kChunk = 64; // images per manifest flush

core::Error dirError(core::ErrorCode code, const QString& path, const std::string& message, const QString& detail = {})
{
    return core::Error{code, path.toStdString(), message, detail.toStdString()};
}

QString describe(const ExportSettings& s)
{
    QString text;
    QTextStream out(&text);
    out << "turing-reader training set 1\n"
        << "volume=" << s.volume << '\n'
        << "grid=" << QString::fromStdString(s.grid.toString()) << '\n'
        << "selection=" << (s.count ? QStringLiteral("random %1 seed %2").arg(*s.count).arg(s.seed) : QStringLiteral("all"))
        << '\n'
        << "format=" << (s.format == ImageFormat::Png8 ? "png8" : "png16") << '\n'
        << "interpolation=trilinear\nintensity=percentile 0.5 of all voxels to 0, 99.5 of the head to max\n";
    return text;
}

QString fileNameFor(const QString& volume, std::size_t index)
{
    return QStringLiteral("%1_%2.png").arg(volume).arg(qulonglong(index), 6, 10, QLatin1Char('0'));
}

} // namespace

core::Result<std::vector<std::size_t>> selectIndices(const ExportSettings& settings)
{
    const std::size_t total = settings.grid.count();
    std::vector<std::size_t> all(total);
    std::iota(all.begin(), all.end(), std::size_t{0});
    if (!settings.count)
        return all;
    if (*settings.count == 0 || *settings.count > total)
        return core::Error{core::ErrorCode::InvalidArgument, "count",
            "asks for " + std::to_string(*settings.count) + " images; the grid has " + std::to_string(total)
                + ". Give 1.." + std::to_string(total) + ", or --all.",
            {}};
    std::mt19937_64 random(settings.seed);
    std::shuffle(all.begin(), all.end(), random);
    all.resize(*settings.count);
    std::sort(all.begin(), all.end());
    return all;
}

core::Result<ExportSummary> exportTrainingSet(Project& project, const ExportSettings& settings,
    const std::function<void(const ExportProgress&)>& onProgress, const std::atomic<bool>& cancel)
{
    if (const auto problems = settings.grid.problems(); !problems.empty())
        return core::Error{core::ErrorCode::InvalidArgument, "augmentation grid", problems.front(), {}};
    auto indices = selectIndices(settings);
    if (!indices)
        return indices.error();
    auto record = project.volume(settings.volume);
    if (!record)
        return record.error();
    auto frame = core::alignedFrameFromLandmarks(record->landmarks);
    if (!frame) {
        auto error = frame.error();
        error.subject = record->pseudonym.toStdString();
        error.message += " ('landmarks PROJECT " + record->pseudonym.toStdString() + " --auto' suggests them.)";
        return error;
    }

    // The output folder: new, or an earlier run of the very same export.
    const QDir dir(settings.outputDir);
    if (!QDir().mkpath(settings.outputDir))
        return dirError(core::ErrorCode::Io, settings.outputDir, "The output folder cannot be created; check the path and permissions.");
    const QString description = describe(settings);
    QFile settingsFile(dir.filePath(QStringLiteral("trainingset.txt")));
    std::set<std::size_t> finished;
    QByteArray finishedLines; // their manifest lines, kept for the rewrite below
    if (settingsFile.exists()) {
        if (!settingsFile.open(QIODevice::ReadOnly))
            return dirError(core::ErrorCode::PermissionDenied, settingsFile.fileName(), "cannot be read.");
        if (QString::fromUtf8(settingsFile.readAll()) != description)
            return dirError(core::ErrorCode::AlreadyExists, settings.outputDir,
                "This folder holds a different export (see its trainingset.txt). Choose an empty folder, or "
                "delete that one; nothing was changed.");
        settingsFile.close();
        QFile manifest(dir.filePath(QStringLiteral("manifest.csv")));
        if (manifest.open(QIODevice::ReadOnly)) {
            manifest.readLine(); // header
            while (!manifest.atEnd()) {
                const QByteArray line = manifest.readLine();
                if (!line.endsWith('\n'))
                    break; // a line cut by a crash: its image is redone
                bool ok = false;
                const auto index = line.left(line.indexOf(',')).toULongLong(&ok);
                if (ok && QFile::exists(dir.filePath(fileNameFor(record->pseudonym, index)))) {
                    finished.insert(index);
                    finishedLines += line;
                }
            }
        }
    } else {
        if (!dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot))
            return dirError(core::ErrorCode::AlreadyExists, settings.outputDir,
                "This folder is not empty and holds no training-set export. Choose an empty or new folder; "
                "nothing was changed.");
        QSaveFile file(settingsFile.fileName());
        if (!file.open(QIODevice::WriteOnly) || file.write(description.toUtf8()) < 0 || !file.commit())
            return dirError(core::ErrorCode::Io, settingsFile.fileName(), "cannot be written; is the disk full?",
                file.errorString());
    }

    // Rewrite the manifest from the finished set, dropping any cut-off line.
    const QString manifestPath = dir.filePath(QStringLiteral("manifest.csv"));
    QFile manifest(manifestPath);
    {
        QSaveFile clean(manifestPath);
        if (!clean.open(QIODevice::WriteOnly))
            return dirError(core::ErrorCode::Io, manifestPath, "cannot be written; is the disk full?", clean.errorString());
        clean.write("index,volume,lr_deg,ap_deg,cc_deg,offset_mm,flipped,file\n");
        clean.write(finishedLines);
        if (!clean.commit())
            return dirError(core::ErrorCode::Io, manifestPath, "cannot be written; is the disk full?", clean.errorString());
    }
    if (!manifest.open(QIODevice::Append))
        return dirError(core::ErrorCode::Io, manifestPath, "cannot be written.", manifest.errorString());

    auto volume = project.loadVolume(record->pseudonym);
    if (!volume)
        return volume.error();
    core::normaliseIntensities(*volume);
    const core::SliceSampler sampler(*volume, *frame, settings.grid);
    volume->voxels = {}; // the sampler keeps its own copy

    std::vector<std::size_t> todo;
    std::copy_if(indices->begin(), indices->end(), std::back_inserter(todo),
        [&](std::size_t i) { return !finished.count(i); });
    ExportSummary summary;
    summary.progress.total = indices->size();
    summary.progress.resumed = summary.progress.done = indices->size() - todo.size();
    if (onProgress)
        onProgress(summary.progress);

    const unsigned threads = settings.threads ? settings.threads : std::max(1u, std::thread::hardware_concurrency());
    for (std::size_t begin = 0; begin < todo.size(); begin += kChunk) {
        if (cancel.load()) {
            summary.cancelled = true;
            break;
        }
        const std::size_t end = std::min(todo.size(), begin + kChunk);
        std::vector<QString> failures(end - begin);
        std::atomic<std::size_t> next{begin};
        auto work = [&] {
            std::vector<float> pixels(sampler.pixelCount());
            for (std::size_t i = next++; i < end; i = next++) {
                sampler.sample(todo[i], pixels);
                QSaveFile file(dir.filePath(fileNameFor(record->pseudonym, todo[i])));
                if (!file.open(QIODevice::WriteOnly)
                    || !toGrayImage(pixels, settings.grid.matrix, settings.format == ImageFormat::Png16 ? 16 : 8).save(&file, "PNG") || !file.commit())
                    failures[i - begin] = file.fileName() + QStringLiteral(": ") + file.errorString();
            }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back(work);
        for (auto& t : pool)
            t.join();
        for (std::size_t i = begin; i < end; ++i) {
            if (!failures[i - begin].isEmpty())
                return dirError(core::ErrorCode::Io, settings.outputDir,
                    "An image could not be written (disk full?). Free space and run the same command again to "
                    "resume; the images listed in manifest.csv are complete.",
                    failures[i - begin]);
            const auto s = settings.grid.sample(todo[i]);
            const QString line = QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                                     .arg(qulonglong(todo[i]))
                                     .arg(record->pseudonym)
                                     .arg(s.leftRightDeg)
                                     .arg(s.anteriorPosteriorDeg)
                                     .arg(s.cranioCaudalDeg)
                                     .arg(s.offsetMm)
                                     .arg(s.flipped ? 1 : 0)
                                     .arg(fileNameFor(record->pseudonym, todo[i]));
            if (manifest.write(line.toUtf8()) < 0)
                return dirError(core::ErrorCode::Io, manifestPath, "cannot be written; is the disk full?",
                    manifest.errorString());
        }
        if (!manifest.flush())
            return dirError(core::ErrorCode::Io, manifestPath, "cannot be written; is the disk full?", manifest.errorString());
        summary.progress.done += end - begin;
        if (onProgress)
            onProgress(summary.progress);
    }
    return summary;
}

} // namespace tr::studies
