// Created images from a folder any program wrote (studies/imagefolder.h):
// every usable file becomes an image of the pool, in a seeded order, with its
// file's SHA-256 and name kept; a broken file, a duplicate, colour, another
// matrix, 3D, and what is no image are refused by name with the reason; 8- and
// 16-bit PNG and 2D NIfTI reach the pool through the one presentation
// function real slices pass through.
#include "studyfixture.h"

#include "core/presentation.h"
#include "studies/imagefolder.h"
#include "studies/imagepool.h"
#include "studies/project.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>
#include <set>
#include <zlib.h>
#include <set>

using namespace tr;
using namespace tr::studies;
using tr::studies::testing::projectLocation;

namespace {

const std::atomic<bool> kNoStop{false};

QImage pattern(int side, int k)
{
    QImage image(side, side, QImage::Format_Grayscale8);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
            image.scanLine(y)[x] = uchar((x * 3 + y * 5 + k * 17) % 256);
    return image;
}

void writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A NIfTI-1 file of float32 voxels, nx x ny x nz, oriented so that i points
// to the patient's left and j to the back (qform: 180 degrees about z in
// NIfTI's RAS), the order the real slices are shown in.
QByteArray nifti(int nx, int ny, int nz, const std::vector<float>& voxels)
{
    QByteArray h(352, '\0');
    auto put32 = [&](int at, std::int32_t v) { std::memcpy(h.data() + at, &v, 4); };
    auto put16 = [&](int at, std::int16_t v) { std::memcpy(h.data() + at, &v, 2); };
    auto putF = [&](int at, float v) { std::memcpy(h.data() + at, &v, 4); };
    put32(0, 348);
    const std::int16_t dims[8] = {3, std::int16_t(nx), std::int16_t(ny), std::int16_t(nz), 1, 1, 1, 1};
    for (int i = 0; i < 8; ++i)
        put16(40 + 2 * i, dims[i]);
    put16(70, 16); // float32
    put16(72, 32);
    const float pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    for (int i = 0; i < 8; ++i)
        putF(76 + 4 * i, pixdim[i]);
    putF(108, 352.0f);
    putF(112, 1.0f); // scl_slope
    put16(252, 1);   // qform_code
    putF(256, 0.0f); // quatern_b
    putF(260, 0.0f); // quatern_c
    putF(264, 1.0f); // quatern_d
    std::memcpy(h.data() + 344, "n+1\0", 4);
    h.append(reinterpret_cast<const char*>(voxels.data()), qsizetype(voxels.size() * sizeof(float)));
    return h;
}

} // namespace

class TestImageFolder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void brokenDuplicateAndStrayFilesAreRefusedByNameTheRestImported()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("sampler-output"));
        QVERIFY(QDir().mkpath(folder));
        for (int k = 0; k < 12; ++k)
            QVERIFY(pattern(64, k).save(folder + QStringLiteral("/sample_%1.png").arg(k, 3, 10, QLatin1Char('0'))));
        const QByteArray whole = fileBytes(folder + QStringLiteral("/sample_003.png"));
        writeBytes(folder + QStringLiteral("/sample_broken.png"), whole.left(whole.size() / 2));
        writeBytes(folder + QStringLiteral("/sample_copy.png"), fileBytes(folder + QStringLiteral("/sample_007.png")));
        writeBytes(folder + QStringLiteral("/settings.json"), "{}");

        auto source = ImageFolderSource::open(folder, 64, kNoStop);
        QVERIFY2(source, source ? "" : source.error().toString().c_str());
        QCOMPARE((*source)->info().available, 12LL);
        QCOMPARE((*source)->info().kind, std::string("folder"));
        QCOMPARE((*source)->info().resolution, 64);
        std::map<QString, QString> refused;
        for (const auto& r : (*source)->refusals())
            refused[r.file] = r.reason;
        QCOMPARE(int(refused.size()), 3);
        QVERIFY2(refused[QStringLiteral("sample_broken.png")].contains(QStringLiteral("not a readable PNG")),
            qPrintable(refused[QStringLiteral("sample_broken.png")]));
        QVERIFY2(refused[QStringLiteral("sample_copy.png")].contains(QStringLiteral("the same image as sample_007.png")),
            qPrintable(refused[QStringLiteral("sample_copy.png")]));
        QVERIFY(refused[QStringLiteral("settings.json")].contains(QStringLiteral("not PNG, NIfTI")));

        // Into a project: every image with its file's SHA-256 and name, no seed.
        QTemporaryDir projectDir;
        auto project = Project::create(projectLocation(projectDir, QStringLiteral("p.trproj")));
        QVERIFY(project);
        auto batch = createdBatch(**source, 12, 5, kNoStop);
        QVERIFY2(batch, batch ? "" : batch.error().toString().c_str());
        QCOMPARE(batch->kind, QStringLiteral("folder"));
        auto made = addCreatedPool(*project, QStringLiteral("elsewhere"), 5, *batch);
        QVERIFY2(made, made ? "" : made.error().toString().c_str());
        QCOMPARE(made->size, 12);
        QVERIFY2(made->recipe.contains(QStringLiteral("image folder")), qPrintable(made->recipe));
        QSqlQuery q(project->database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT source_file, source_sha256, image_seed, png FROM image ORDER BY position")));
        std::set<QString> names;
        while (q.next()) {
            const QString name = q.value(0).toString();
            names.insert(name);
            QCOMPARE(q.value(1).toString(),
                QString::fromLatin1(QCryptographicHash::hash(fileBytes(folder + QLatin1Char('/') + name),
                    QCryptographicHash::Sha256).toHex()));
            QVERIFY(q.value(2).isNull());
            // The stored image is the file's, through the presentation window.
            const QImage stored = QImage::fromData(q.value(3).toByteArray(), "PNG");
            const QImage file(folder + QLatin1Char('/') + name);
            QCOMPARE(stored.pixelColor(10, 20).red(), int(core::presentedGrey(float(file.pixelColor(10, 20).red()) / 255.0f)));
        }
        QCOMPARE(int(names.size()), 12);
        QVERIFY(!names.count(QStringLiteral("sample_copy.png")));
        QVERIFY(q.exec(QStringLiteral("SELECT kind FROM model")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("folder"));
    }

    void anotherMatrixIsRefusedWithTheReason()
    {
        QTemporaryDir dir;
        for (int k = 0; k < 3; ++k)
            QVERIFY(pattern(128, k).save(dir.filePath(QStringLiteral("big_%1.png").arg(k))));
        auto source = ImageFolderSource::open(dir.path(), 64, kNoStop);
        QVERIFY(!source);
        QCOMPARE(source.error().subject, dir.path().toStdString());
        QVERIFY2(source.error().message.find("is 128 x 128 px; the pool is 64 x 64") != std::string::npos,
            source.error().message.c_str());
        // Without a pool matrix the images' own is taken.
        auto own = ImageFolderSource::open(dir.path(), 0, kNoStop);
        QVERIFY(own);
        QCOMPARE((*own)->info().resolution, 128);
    }

    void colourAndNonSquareAreRefused()
    {
        QTemporaryDir dir;
        QImage colour(64, 64, QImage::Format_RGB32);
        colour.fill(QColor(200, 10, 10));
        QVERIFY(colour.save(dir.filePath(QStringLiteral("red.png"))));
        QImage greyInRgb(64, 64, QImage::Format_RGB32);
        greyInRgb.fill(QColor(90, 90, 90));
        QVERIFY(greyInRgb.save(dir.filePath(QStringLiteral("grey-rgb.png"))));
        QImage wide(96, 64, QImage::Format_Grayscale8);
        wide.fill(10);
        QVERIFY(wide.save(dir.filePath(QStringLiteral("wide.png"))));
        auto source = ImageFolderSource::open(dir.path(), 64, kNoStop);
        QVERIFY2(source, source ? "" : source.error().toString().c_str());
        QCOMPARE((*source)->info().available, 1LL); // grey stored as RGB is grey
        std::map<QString, QString> refused;
        for (const auto& r : (*source)->refusals())
            refused[r.file] = r.reason;
        QVERIFY(refused[QStringLiteral("red.png")].startsWith(QStringLiteral("colour")));
        QVERIFY2(refused[QStringLiteral("wide.png")].contains(QStringLiteral("96 x 64")),
            qPrintable(refused[QStringLiteral("wide.png")]));
    }

    void sixteenBitPngAndNiftiPassThePresentationWindow()
    {
        QTemporaryDir dir;
        QImage deep(64, 64, QImage::Format_Grayscale16);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x)
                reinterpret_cast<quint16*>(deep.scanLine(y))[x] = quint16(x * 1000 + y);
        QVERIFY(deep.save(dir.filePath(QStringLiteral("a-deep.png"))));
        std::vector<float> voxels(64 * 64);
        for (int j = 0; j < 64; ++j)
            for (int i = 0; i < 64; ++i)
                voxels[std::size_t(j * 64 + i)] = float(i) / 63.0f * (j < 32 ? 1.0f : 0.5f);
        writeBytes(dir.filePath(QStringLiteral("b-slice.nii")), nifti(64, 64, 1, voxels));
        auto source = ImageFolderSource::open(dir.path(), 64, kNoStop);
        QVERIFY2(source, source ? "" : source.error().toString().c_str());
        QVERIFY2((*source)->refusals().empty(),
            (*source)->refusals().empty() ? "" : qPrintable((*source)->refusals().front().reason));
        auto images = (*source)->create(2, 1, kNoStop);
        QVERIFY(images);
        for (const auto& image : *images) {
            if (image.fileName == "a-deep.png") {
                QCOMPARE(image.pixels[std::size_t(5 * 64 + 40)], core::presentedGrey(float(40 * 1000 + 5) / 65535.0f));
            } else {
                QCOMPARE(image.fileName, std::string("b-slice.nii"));
                // Row j, column i, as written: the voxel at i = 60, j = 40.
                QCOMPARE(image.pixels[std::size_t(40 * 64 + 60)], core::presentedGrey(60.0f / 63.0f * 0.5f));
                QCOMPARE(image.pixels[std::size_t(10 * 64 + 3)], core::presentedGrey(3.0f / 63.0f));
            }
        }
        QVERIFY((*source)->info().description.find("NIfTI") != std::string::npos);

        QTemporaryDir three;
        writeBytes(three.filePath(QStringLiteral("volume.nii")), nifti(64, 64, 4, std::vector<float>(64 * 64 * 4, 0.5f)));
        QVERIFY(pattern(64, 1).save(three.filePath(QStringLiteral("slice.png"))));
        auto mixed = ImageFolderSource::open(three.path(), 64, kNoStop);
        QVERIFY(mixed);
        QCOMPARE(int((*mixed)->refusals().size()), 1);
        QVERIFY2((*mixed)->refusals().front().reason.startsWith(QStringLiteral("3D (64 x 64 x 4 voxels)")),
            qPrintable((*mixed)->refusals().front().reason));
    }

    void aScannersSingleFrameDicomIsTakenOnTheFoldersScale()
    {
        // Real single-frame MR files (GE, 12-bit values): no 8-bit scale
        // holds them, so the folder is read on [0, 65,535], as it says.
        QTemporaryDir dir;
        for (const char* n : {"00095", "00096"})
            QVERIFY(QFile::copy(QStringLiteral(TR_TEST_DATA_DIR "/dicom/ge-sag-ir-spgr/%1.dcm").arg(QLatin1String(n)),
                dir.filePath(QStringLiteral("%1.dcm").arg(QLatin1String(n)))));
        auto source = ImageFolderSource::open(dir.path(), 0, kNoStop);
        QVERIFY2(source, source ? "" : source.error().toString().c_str());
        QVERIFY2((*source)->refusals().empty(),
            (*source)->refusals().empty() ? "" : qPrintable((*source)->refusals().front().reason));
        QCOMPARE((*source)->info().available, 2LL);
        const std::string d = (*source)->info().description;
        QVERIFY2(d.find("2 DICOM") != std::string::npos && d.find("read on [0, 65535]") != std::string::npos, d.c_str());
        auto images = (*source)->create(2, 1, kNoStop);
        QVERIFY(images);
        const auto& px = images->front().pixels;
        QVERIFY(*std::max_element(px.begin(), px.end()) > 0); // not all black
    }

    void theOrderIsASeededShuffleOfEveryImage()
    {
        QTemporaryDir dir;
        for (int k = 0; k < 20; ++k)
            QVERIFY(pattern(32, k).save(dir.filePath(QStringLiteral("%1.png").arg(k, 2, 10, QLatin1Char('0')))));
        auto source = ImageFolderSource::open(dir.path(), 32, kNoStop);
        QVERIFY(source);
        const auto order = [&](int count, std::uint64_t seed) {
            std::vector<std::string> names;
            auto images = (*source)->create(count, seed, kNoStop);
            if (images)
                for (const auto& image : *images)
                    names.push_back(image.fileName);
            return names;
        };
        const auto a = order(20, 1);
        QCOMPARE(a, order(20, 1));
        QVERIFY(a != order(20, 2));
        std::vector<std::string> sorted = a;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(sorted.front(), std::string("00.png"));
        QCOMPARE(std::set<std::string>(a.begin(), a.end()).size(), std::size_t(20));
        QVERIFY(a != sorted); // not name order
        const auto five = order(5, 1);
        QCOMPARE(five, std::vector<std::string>(a.begin(), a.begin() + 5));
        auto tooMany = (*source)->create(21, 1, kNoStop);
        QVERIFY(!tooMany);
        QCOMPARE(tooMany.error().subject, std::string("count"));

        // The folder's identity follows its images.
        const std::string identity = (*source)->info().sha256;
        auto again = ImageFolderSource::open(dir.path(), 32, kNoStop);
        QVERIFY(again);
        QCOMPARE((*again)->info().sha256, identity);
        QVERIFY(pattern(32, 99).save(dir.filePath(QStringLiteral("05.png"))));
        auto changed = ImageFolderSource::open(dir.path(), 32, kNoStop);
        QVERIFY(changed);
        QVERIFY((*changed)->info().sha256 != identity);
    }

    // Hostile files: headers that declare huge images, empty files. Each is
    // refused by name before anything large is allocated; the rest are taken.
    void hostileFilesAreRefusedOneByOne()
    {
        QTemporaryDir dir;
        const auto chunk = [](const char* type, const QByteArray& data) {
            QByteArray c;
            const auto be32 = [&c](quint32 v) {
                for (int shift = 24; shift >= 0; shift -= 8)
                    c.append(char((v >> shift) & 0xff));
            };
            be32(quint32(data.size()));
            const QByteArray body = QByteArray(type) + data;
            c.append(body);
            be32(quint32(crc32(0, reinterpret_cast<const Bytef*>(body.constData()), uInt(body.size()))));
            return c;
        };
        QByteArray ihdr;
        for (const quint32 v : {100000u, 100000u})
            for (int shift = 24; shift >= 0; shift -= 8)
                ihdr.append(char((v >> shift) & 0xff));
        ihdr.append("\x08\x00\x00\x00\x00", 5);
        writeBytes(dir.filePath(QStringLiteral("huge.png")), QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr)
                + chunk("IDAT", qCompress(QByteArray(1000, '\0')).mid(4)) + chunk("IEND", {}));
        QByteArray huge = nifti(64, 64, 1, std::vector<float>(64 * 64, 0.5f));
        const std::int16_t dims[3] = {30000, 30000, 1};
        std::memcpy(huge.data() + 42, dims, sizeof dims);
        writeBytes(dir.filePath(QStringLiteral("huge.nii")), huge);
        writeBytes(dir.filePath(QStringLiteral("empty.png")), {});
        writeBytes(dir.filePath(QStringLiteral("empty.dcm")), {});
        QVERIFY(pattern(64, 2).save(dir.filePath(QStringLiteral("fine.png"))));
        auto source = ImageFolderSource::open(dir.path(), 64, kNoStop);
        QVERIFY2(source, source ? "" : source.error().toString().c_str());
        QCOMPARE((*source)->info().available, 1LL);
        QStringList refused;
        for (const auto& r : (*source)->refusals())
            refused << r.file;
        QCOMPARE(refused, (QStringList{QStringLiteral("empty.dcm"), QStringLiteral("empty.png"), QStringLiteral("huge.nii"),
                              QStringLiteral("huge.png")}));
    }

    void anEmptyOrMissingFolderIsNamed()
    {
        QTemporaryDir dir;
        auto empty = ImageFolderSource::open(dir.path(), 64, kNoStop);
        QVERIFY(!empty);
        QVERIFY2(empty.error().message.find("holds no files") != std::string::npos, empty.error().message.c_str());
        auto missing = ImageFolderSource::open(dir.filePath(QStringLiteral("nope")), 64, kNoStop);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, core::ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestImageFolder)
#include "tst_imagefolder.moc"
