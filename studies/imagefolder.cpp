#include "studies/imagefolder.h"

#include "core/io/dicomseries.h"
#include "core/io/volumereader.h"
#include "core/presentation.h"
#include "core/splitmix64.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace tr::studies {
namespace {

enum class FileKind { Png, Nifti, Dicom, Other };

FileKind kindOf(const QString& name)
{
    const QString n = name.toLower();
    if (n.endsWith(QLatin1String(".png")))
        return FileKind::Png;
    if (n.endsWith(QLatin1String(".nii")) || n.endsWith(QLatin1String(".nii.gz")))
        return FileKind::Nifti;
    if (n.endsWith(QLatin1String(".dcm")))
        return FileKind::Dicom;
    return FileKind::Other;
}

// One file's pixels before presentation: values on `scale` (0: the folder's
// scale, decided once every NIfTI and DICOM file is read).
struct Decoded {
    std::vector<float> values;
    int width = 0, height = 0;
    double scale = 0.0;
    QString format;  // "PNG 8-bit", "PNG 16-bit", "NIfTI", "DICOM"
    QString problem; // set: refused for this reason
};

Decoded refused(QString why)
{
    Decoded d;
    d.problem = std::move(why);
    return d;
}

Decoded readPng(const QString& path)
{
    QImageReader reader(path, "png");
    QImage image = reader.read();
    if (image.isNull())
        return refused(QStringLiteral("not a readable PNG (%1): write it again or leave it out.").arg(reader.errorString()));
    Decoded d;
    if (image.format() != QImage::Format_Grayscale8 && image.format() != QImage::Format_Grayscale16) {
        if (!image.allGray())
            return refused(QStringLiteral("colour: a study shows grey images; save it as 8- or 16-bit grey PNG."));
        if (image.hasAlphaChannel())
            return refused(QStringLiteral("has an alpha channel: save it as grey PNG without transparency."));
        image = image.convertToFormat(image.depth() > 32 ? QImage::Format_Grayscale16 : QImage::Format_Grayscale8);
    }
    d.width = image.width();
    d.height = image.height();
    const bool sixteen = image.format() == QImage::Format_Grayscale16;
    d.scale = sixteen ? 65535.0 : 255.0;
    d.format = sixteen ? QStringLiteral("PNG 16-bit") : QStringLiteral("PNG 8-bit");
    d.values.reserve(std::size_t(d.width) * std::size_t(d.height));
    for (int y = 0; y < d.height; ++y) {
        if (sixteen) {
            const auto* row = reinterpret_cast<const quint16*>(image.constScanLine(y));
            d.values.insert(d.values.end(), row, row + d.width);
        } else {
            const uchar* row = image.constScanLine(y);
            d.values.insert(d.values.end(), row, row + d.width);
        }
    }
    return d;
}

Decoded readNifti(const QString& path)
{
    auto volume = core::io::readVolume(path.toStdString(), core::io::VolumeShape::SliceOrVolume);
    if (!volume)
        return refused(QString::fromStdString(volume.error().message));
    const auto& s = volume->size;
    const int singletons = int(std::count(s.begin(), s.end(), std::size_t(1)));
    const QString size = QStringLiteral("%1 x %2 x %3").arg(s[0]).arg(s[1]).arg(s[2]);
    if (singletons == 0)
        return refused(QStringLiteral("3D (%1 voxels): a study shows 2D slices; write one axial slice per file.").arg(size));
    if (s[2] != 1)
        return refused(QStringLiteral("2D but not axial in its header (%1 voxels): write axial slices, one per file, "
                                      "with the slice axis last.").arg(size));
    Decoded d;
    // Canonical order (core/volume.h): i towards the patient's left, j
    // posterior; rows j, columns i is how the real slices are shown.
    d.width = int(s[0]);
    d.height = int(s[1]);
    d.values = std::move(volume->voxels);
    d.format = QStringLiteral("NIfTI");
    return d;
}

Decoded readDicom(const QString& path)
{
    auto pixels = core::io::decodeDicomPixels(path.toStdString());
    if (!pixels)
        return refused(QString::fromStdString(pixels.error().message));
    if (pixels->frames != 1)
        return refused(QStringLiteral("%1 frames: bring one image per file (a single-frame DICOM).").arg(pixels->frames));
    Decoded d;
    d.width = int(pixels->columns);
    d.height = int(pixels->rows);
    d.values = std::move(pixels->values);
    d.format = QStringLiteral("DICOM");
    return d;
}

Decoded decode(const QString& path, FileKind kind)
{
    Decoded d = kind == FileKind::Png ? readPng(path) : kind == FileKind::Nifti ? readNifti(path) : readDicom(path);
    if (!d.problem.isEmpty())
        return d;
    for (const float v : d.values) {
        if (!std::isfinite(v))
            return refused(QStringLiteral("has values that are not finite (NaN or infinity)."));
        if (v < 0.0f)
            return refused(QStringLiteral("has negative values (down to %1): write black as 0.").arg(double(v)));
    }
    return d;
}

// A readable square image, held as 8-bit grey once presented: only NIfTI and
// DICOM wait for the folder's scale, and are read again then, so that a big
// folder never sits in memory as floats.
struct Candidate {
    QString name, path;
    FileKind kind = FileKind::Other;
    std::string fileSha256;
    int side = 0;
    QString format, problem;
    double scale = 0.0;              // 0: the folder's (NIfTI, DICOM)
    std::vector<std::uint8_t> pixels; // presented; empty until the scale is known
};

std::vector<std::uint8_t> presented(std::vector<float>& values, double scale)
{
    const auto inverse = float(1.0 / scale);
    for (float& v : values)
        v *= inverse;
    std::vector<std::uint8_t> pixels(values.size());
    core::presentGrey(values, pixels);
    return pixels;
}

} // namespace

bool isImageFolderFile(const QString& name)
{
    return kindOf(name) != FileKind::Other;
}

core::Result<std::unique_ptr<ImageFolderSource>> ImageFolderSource::open(const QString& folder, int resolution,
    const std::atomic<bool>& stop, const std::function<void(int, int)>& progress)
{
    const QDir dir(folder);
    if (!QFileInfo(folder).isDir())
        return core::Error{core::ErrorCode::NotFound, folder.toStdString(), "No such folder.", {}};
    const auto entries = dir.entryInfoList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
    std::unique_ptr<ImageFolderSource> source(new ImageFolderSource);
    std::vector<Candidate> read;
    float largest = 0.0f; // of the NIfTI and DICOM values
    int done = 0;
    for (const QFileInfo& entry : entries) {
        if (stop)
            return core::Error{core::ErrorCode::InvalidArgument, "stopped", "Stopped while reading the folder.", {}};
        if (progress)
            progress(done++, int(entries.size()));
        const QString name = entry.fileName();
        const FileKind kind = kindOf(name);
        if (kind == FileKind::Other) {
            source->m_refusals.push_back({name, QStringLiteral("not PNG, NIfTI (.nii, .nii.gz) or DICOM (.dcm) by its "
                                                               "name: rename it or leave it out.")});
            continue;
        }
        QFile file(entry.filePath());
        QCryptographicHash hash(QCryptographicHash::Sha256);
        if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file)) {
            source->m_refusals.push_back({name, QStringLiteral("cannot be read (%1).").arg(file.errorString())});
            continue;
        }
        Decoded d = decode(entry.filePath(), kind);
        if (!d.problem.isEmpty()) {
            source->m_refusals.push_back({name, d.problem});
            continue;
        }
        if (d.width != d.height) {
            source->m_refusals.push_back({name, QStringLiteral("is %1 x %2 px; the real slices are square: crop or pad "
                                                               "it to a square.").arg(d.width).arg(d.height)});
            continue;
        }
        Candidate c{name, entry.filePath(), kind, hash.result().toHex().toStdString(), d.width, d.format, {}, d.scale, {}};
        if (d.scale > 0.0)
            c.pixels = presented(d.values, d.scale);
        else
            for (const float v : d.values)
                largest = std::max(largest, v);
        read.push_back(std::move(c));
    }
    if (progress)
        progress(int(entries.size()), int(entries.size()));

    // The matrix: as asked, or the one most images have.
    if (resolution <= 0) {
        std::map<int, int> sides;
        for (const auto& c : read)
            ++sides[c.side];
        int most = 0;
        for (const auto& [side, n] : sides)
            if (n > most) {
                most = n;
                resolution = side;
            }
    }
    // NIfTI and DICOM carry no display range: one scale for the folder, then
    // those files read again and presented on it.
    const double folderScale = largest <= 1.0f ? 1.0 : largest <= 255.0f ? 255.0 : 65535.0;
    for (auto& c : read) {
        if (c.scale > 0.0 || c.side != resolution)
            continue;
        if (largest > 65535.0f) {
            c.problem = QStringLiteral("values reach %1, beyond 16 bits: write intensities in [0, 1].").arg(double(largest));
            continue;
        }
        if (stop)
            return core::Error{core::ErrorCode::InvalidArgument, "stopped", "Stopped while reading the folder.", {}};
        Decoded again = decode(c.path, c.kind);
        if (!again.problem.isEmpty() || again.width != c.side) {
            c.problem = again.problem.isEmpty() ? QStringLiteral("changed while it was read: import the folder again.")
                                                : again.problem;
            continue;
        }
        c.pixels = presented(again.values, folderScale);
    }

    std::map<QByteArray, QString> seen; // presented pixels' hash -> first file
    std::map<QString, int> formats;
    bool scaled = false;
    for (auto& c : read) {
        if (!c.problem.isEmpty()) {
            source->m_refusals.push_back({c.name, c.problem});
            continue;
        }
        if (c.side != resolution) {
            source->m_refusals.push_back({c.name,
                QStringLiteral("is %1 x %1 px; the pool is %2 x %2 (the real slices' matrix): write it at %2 x %2, "
                               "or make the pool and its real slices at %1 px.")
                    .arg(c.side)
                    .arg(resolution)});
            continue;
        }
        scaled = scaled || c.scale == 0.0;
        core::CreatedImage image;
        image.pixels = std::move(c.pixels);
        const QByteArray key = QCryptographicHash::hash(
            QByteArrayView(reinterpret_cast<const char*>(image.pixels.data()), qsizetype(image.pixels.size())),
            QCryptographicHash::Sha256);
        if (const auto first = seen.find(key); first != seen.end()) {
            source->m_refusals.push_back({c.name, QStringLiteral("the same image as %1: a duplicate would be shown "
                                                                 "twice; leave one out.").arg(first->second)});
            continue;
        }
        seen.emplace(key, c.name);
        ++formats[c.format];
        image.fileSha256 = c.fileSha256;
        image.fileName = c.name.toStdString();
        source->m_images.push_back(std::move(image));
    }
    std::stable_sort(source->m_refusals.begin(), source->m_refusals.end(),
        [](const FolderRefusal& a, const FolderRefusal& b) { return a.file < b.file; });
    if (source->m_images.empty()) {
        std::string why = "No image in it can be used";
        for (const auto& r : source->m_refusals)
            why += "; " + r.file.toStdString() + ": " + r.reason.toStdString();
        return core::Error{core::ErrorCode::InvalidArgument, folder.toStdString(),
            why + (source->m_refusals.empty() ? ": it holds no files." : ""), {}};
    }

    QCryptographicHash identity(QCryptographicHash::Sha256);
    for (const auto& image : source->m_images)
        identity.addData(QByteArray::fromStdString(image.fileSha256 + "  " + image.fileName + "\n"));
    QStringList made;
    for (const auto& [format, n] : formats)
        made << QStringLiteral("%1 %2").arg(n).arg(format);
    QString description = QStringLiteral("image folder %1: %2 images of %3 px (%4)")
                              .arg(QDir(folder).absolutePath())
                              .arg(source->m_images.size())
                              .arg(resolution)
                              .arg(made.join(QStringLiteral(", ")));
    if (scaled)
        description += QStringLiteral("; NIfTI and DICOM values read on [0, %1]").arg(folderScale);
    if (!source->m_refusals.empty())
        description += QStringLiteral("; %1 files refused").arg(source->m_refusals.size());
    source->m_info.kind = "folder";
    source->m_info.sha256 = identity.result().toHex().toStdString();
    source->m_info.resolution = resolution;
    source->m_info.description = description.toStdString();
    source->m_info.available = static_cast<long long>(source->m_images.size());
    return source;
}

const core::CreatedImageSourceInfo& ImageFolderSource::info() const
{
    return m_info;
}

core::Result<std::vector<core::CreatedImage>> ImageFolderSource::create(
    int count, std::uint64_t seed, const std::atomic<bool>& stop)
{
    if (count < 0 || std::size_t(count) > m_images.size())
        return core::Error{core::ErrorCode::InvalidArgument, "count",
            "asks for " + std::to_string(count) + " images; the folder holds " + std::to_string(m_images.size()) + ".", {}};
    if (stop)
        return core::Error{core::ErrorCode::InvalidArgument, "stopped", "Stopped before the images were taken.", {}};
    // A seeded shuffle of all the folder's images, its first `count`.
    std::vector<std::size_t> order(m_images.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    core::SplitMix64 random(seed);
    core::seededShuffle(order, random);
    std::vector<core::CreatedImage> out;
    out.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i)
        out.push_back(m_images[order[std::size_t(i)]]);
    return out;
}

core::Result<FolderPoolOutcome> addCreatedPoolFromFolder(Project& project, const QString& name, const QString& folder,
    quint64 seed, int resolution, const std::atomic<bool>& stop, const std::function<void(int, int)>& progress)
{
    if (const QString problem = poolNameProblem(name); !problem.isEmpty())
        return core::Error{core::ErrorCode::InvalidArgument, "name", problem.toStdString(), {}};
    if (resolution <= 0) {
        auto all = pools(project.database());
        if (!all)
            return all.error();
        std::set<int> sides;
        for (const auto& p : *all)
            if (!p.created)
                sides.insert(p.resolution);
        resolution = sides.size() == 1 ? *sides.begin() : 0;
    }
    auto source = ImageFolderSource::open(folder, resolution, stop, progress);
    if (!source)
        return source.error();
    auto batch = createdBatch(**source, int((*source)->info().available), seed, stop);
    if (!batch)
        return batch.error();
    auto made = addCreatedPool(project, name, seed, *batch);
    if (!made)
        return made.error();
    return FolderPoolOutcome{*made, (*source)->refusals()};
}

} // namespace tr::studies
