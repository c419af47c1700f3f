// core/io/volumereader.cpp against real files: Colin27 from mricron-data, a
// clinical stroke T1 acquired obliquely (tests/data/stroke), volumes written here
// through ITK with known orientations, and damaged copies of real files.
#include "core/demodata.h"
#include "core/io/volumereader.h"

#include <cstring>
#include <itkImage.h>
#include <itkImageFileWriter.h>
#include <itkMetaImageIO.h>
#include <itkNiftiImageIO.h>
#include <itkNrrdImageIO.h>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace tr::core;
namespace fs = std::filesystem;

namespace {

const fs::path kStroke = fs::path(TR_TEST_DATA_DIR) / "stroke" / "T1.nii.gz";

// Writes a 3D NIfTI through ITK whose voxel axes point along `axes` (LPS unit
// vectors, one column per voxel axis) and whose only bright voxel sits at
// voxel `mark`.
void writeOriented(const fs::path& file, const itk::Matrix<double, 3, 3>& axes,
    itk::Size<3> size, itk::Index<3> mark)
{
    using Image = itk::Image<float, 3>;
    auto image = Image::New();
    image->SetRegions(Image::RegionType(size));
    image->Allocate();
    image->FillBuffer(0.0f);
    image->SetPixel(mark, 100.0f);
    Image::DirectionType direction;
    for (unsigned r = 0; r < 3; ++r)
        for (unsigned c = 0; c < 3; ++c)
            direction(r, c) = axes(r, c);
    image->SetDirection(direction);
    const double spacing[3] = {1.0, 2.0, 3.0};
    image->SetSpacing(spacing);
    auto writer = itk::ImageFileWriter<Image>::New();
    const auto extension = file.extension().string();
    if (extension == ".mha")
        writer->SetImageIO(itk::MetaImageIO::New());
    else if (extension == ".nrrd")
        writer->SetImageIO(itk::NrrdImageIO::New());
    else
        writer->SetImageIO(itk::NiftiImageIO::New());
    writer->SetFileName(file.string());
    writer->SetInput(image);
    writer->Update();
}

// Writes a NIfTI-2 file by hand (ITK 5.2 writes only NIfTI-1): 10 x 12 x 14
// float voxels, 0 except 100 at voxel (2, 3, 4), and an sform taking voxel
// (i, j, k) to RAS (10 - 2i, 1.5j - 8, 1 + 3k): i towards the left, j towards
// the front, k up.
// With useQform, the sform is unset and the qform says: identity rotation with
// qfac -1, i.e. i -> right, j -> front, k -> down.
void writeNifti2(const fs::path& file, bool useQform = false)
{
    std::vector<char> header(544, 0); // 540-byte header + 4-byte extension flag
    auto put = [&](std::size_t offset, auto value) { std::memcpy(header.data() + offset, &value, sizeof value); };
    put(0, std::int32_t{540});
    std::memcpy(header.data() + 4, "n+2\0\r\n\032\n", 8);
    put(12, std::int16_t{16}); // DT_FLOAT32
    put(14, std::int16_t{32});
    const std::int64_t dim[8] = {3, 10, 12, 14, 1, 1, 1, 1};
    std::memcpy(header.data() + 16, dim, sizeof dim);
    const double pixdim[8] = {1, 2, 1.5, 3, 1, 1, 1, 1};
    std::memcpy(header.data() + 104, pixdim, sizeof pixdim);
    put(168, std::int64_t{544});
    put(176, 1.0); // scl_slope
    put(344, std::int32_t{useQform ? 1 : 0}); // qform_code
    put(348, std::int32_t{useQform ? 0 : 2}); // sform_code: aligned
    if (useQform)
        put(104, -1.0); // pixdim[0] = qfac
    const double srow[12] = {-2, 0, 0, 10, 0, 1.5, 0, -8, 0, 0, 3, 1};
    std::memcpy(header.data() + 400, srow, sizeof srow);
    put(500, std::int32_t{2}); // mm
    std::vector<float> voxels(10 * 12 * 14, 0.0f);
    voxels[2 + 10 * (3 + 12 * 4)] = 100.0f;
    std::ofstream out(file, std::ios::binary);
    out.write(header.data(), std::streamsize(header.size()));
    out.write(reinterpret_cast<const char*>(voxels.data()), std::streamsize(voxels.size() * sizeof(float)));
}

void copyPrefix(const fs::path& from, const fs::path& to, std::uintmax_t bytes)
{
    std::ifstream in(from, std::ios::binary);
    std::vector<char> buffer(bytes);
    in.read(buffer.data(), static_cast<std::streamsize>(bytes));
    std::ofstream out(to, std::ios::binary);
    out.write(buffer.data(), in.gcount());
}

void writeText(const fs::path& file, const std::string& text)
{
    std::ofstream(file, std::ios::binary) << text;
}

} // namespace

class TestVolumeReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsColin27()
    {
        if (!fs::exists(kColin27Path))
            QFAIL("Colin27 is missing: install Debian's mricron-data (the set-up does).");
        const auto v = io::readVolume(kColin27Path);
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->size, (std::array<std::size_t, 3>{181, 217, 181}));
        QCOMPARE(v->spacing, (std::array<double, 3>{1.0, 1.0, 1.0}));
        QCOMPARE(v->voxels.size(), v->voxelCount());
        // MNI space is axis-aligned: the canonical direction is the identity.
        QCOMPARE(v->direction, (std::array<double, 9>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
        // Anatomy in canonical order (i -> L, j -> P, k -> S): the top slices hold
        // air above the head, the centre slice cuts through brain.
        auto meanOfSlice = [&](std::size_t k) {
            double sum = 0;
            for (std::size_t j = 0; j < v->size[1]; ++j)
                for (std::size_t i = 0; i < v->size[0]; ++i)
                    sum += v->at(i, j, k);
            return sum / double(v->size[0] * v->size[1]);
        };
        QVERIFY(meanOfSlice(90) > 5.0 * meanOfSlice(180));
    }

    // IXI's files store uint8 voxels with a scale factor (scl_slope), which ITK
    // reports as float: the completeness check must use the header's own voxel
    // size, or every such file would be called truncated.
    void readsEveryIxiVolume()
    {
        const fs::path dir = fs::path(TR_SHARED_DATA_DIR) / "t1" / "ixi";
        if (!fs::exists(dir))
            QSKIP("shared/data/t1/ixi is not beside this checkout");
        int read = 0;
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.path().extension() != ".gz")
                continue;
            const auto v = io::readVolume(entry.path());
            QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
            QCOMPARE(v->size, (std::array<std::size_t, 3>{90, 120, 120}));
            QCOMPARE(v->acquiredOrientation, std::string("PSR"));
            ++read;
        }
        QCOMPARE(read, 42);
    }

    void readsNifti2WithItsSform()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "two.nii";
        writeNifti2(file);
        const auto v = io::readVolume(file);
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->size, (std::array<std::size_t, 3>{10, 12, 14}));
        QCOMPARE(v->spacing, (std::array<double, 3>{2.0, 1.5, 3.0}));
        QCOMPARE(v->acquiredOrientation, std::string("LAS"));
        // j pointed to the front, so it is reversed: voxel (2, 3, 4) -> (2, 12 - 1 - 3, 4).
        QCOMPARE(v->at(2, 8, 4), 100.0f);
        // Canonical (0, 0, 0) is file voxel (0, 11, 0): RAS (10, 8.5, 1) = LPS (-10, -8.5, 1).
        QVERIFY(std::abs(v->origin[0] + 10.0) < 1e-6 && std::abs(v->origin[1] + 8.5) < 1e-6
            && std::abs(v->origin[2] - 1.0) < 1e-6);
        // A NIfTI-2 file cut short is caught like a NIfTI-1 one.
        fs::resize_file(file, fs::file_size(file) - 100);
        const auto cut = io::readVolume(file);
        QVERIFY(!cut.ok());
        QCOMPARE(cut.error().code, ErrorCode::Truncated);

        // The qform is used when the sform is not set.
        writeNifti2(file, true);
        const auto q = io::readVolume(file);
        QVERIFY2(q.ok(), q.ok() ? "" : q.error().toString().c_str());
        QCOMPARE(q->acquiredOrientation, std::string("RAI"));
        QCOMPARE(q->at(10 - 1 - 2, 12 - 1 - 3, 14 - 1 - 4), 100.0f);
    }

    void readsObliqueClinicalScan()
    {
        const auto v = io::readVolume(kStroke);
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->voxelCount(), std::size_t{124} * 160 * 140);
        // This scan is tilted by about 18 degrees; the reader keeps the residual
        // rotation but puts each voxel axis along its closest patient axis.
        for (int axis = 0; axis < 3; ++axis)
            QVERIFY2(v->direction[axis * 3 + axis] > 0.9, "voxel axis not mapped to its closest LPS axis");
    }

    // Every reader (NIfTI, MetaImage, NRRD) honours the file's orientation.
    void canonicalisesOrientation_data()
    {
        QTest::addColumn<int>("layout");
        QTest::addColumn<QString>("extension");
        QTest::addColumn<QString>("code");
        for (const char* extension : {".nii", ".mha", ".nrrd"}) {
            QTest::addRow("LPS identity %s", extension) << 0 << extension << "LPS";
            QTest::addRow("PSR (IXI-like) %s", extension) << 1 << extension << "PSR";
            QTest::addRow("RAS (flipped) %s", extension) << 2 << extension << "RAS";
        }
    }
    void canonicalisesOrientation()
    {
        QFETCH(int, layout);
        QFETCH(QString, extension);
        QFETCH(QString, code);
        // The mark is placed at patient left, anterior, superior of centre; after
        // reading, it must be at high i (left), low j (anterior), high k (superior)
        // whatever order the file stored the axes in.
        itk::Matrix<double, 3, 3> axes;
        axes.SetIdentity();
        itk::Size<3> size{{20, 24, 28}};
        itk::Index<3> mark{{15, 4, 22}};
        if (layout == 1) { // voxel i -> P, j -> S, k -> R (i.e. -L)
            axes.Fill(0.0);
            axes(1, 0) = 1.0;
            axes(2, 1) = 1.0;
            axes(0, 2) = -1.0;
            size = {{24, 28, 20}};
            mark = {{4, 22, 20 - 1 - 15}};
        } else if (layout == 2) { // i -> R, j -> A, k -> S
            axes(0, 0) = -1.0;
            axes(1, 1) = -1.0;
            mark = {{20 - 1 - 15, 24 - 1 - 4, 22}};
        }
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / ("oriented" + extension.toStdString());
        writeOriented(file, axes, size, mark);

        const auto v = io::readVolume(file);
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(QString::fromStdString(v->acquiredOrientation), code);
        QCOMPARE(v->size, (std::array<std::size_t, 3>{20, 24, 28}));
        QCOMPARE(v->at(15, 4, 22), 100.0f);
        QCOMPARE(v->direction, (std::array<double, 9>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
    }

    void missingFile()
    {
        const auto v = io::readVolume("/nonexistent/turing/scan.nii.gz");
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::NotFound);
        QCOMPARE(v.error().subject, std::string("/nonexistent/turing/scan.nii.gz"));
        QVERIFY(v.error().toString().find("No such file") != std::string::npos);
    }

    void truncatedCompressed()
    {
        QTemporaryDir dir;
        const fs::path cut = fs::path(dir.path().toStdString()) / "T1.nii.gz";
        copyPrefix(kStroke, cut, fs::file_size(kStroke) / 2);
        const auto v = io::readVolume(cut);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::Truncated);
        QCOMPARE(v.error().subject, cut.string());
        QVERIFY(v.error().message.find("truncated") != std::string::npos);
    }

    void truncatedUncompressed()
    {
        QTemporaryDir dir;
        const fs::path whole = fs::path(dir.path().toStdString()) / "whole.nii";
        itk::Matrix<double, 3, 3> axes;
        axes.SetIdentity();
        writeOriented(whole, axes, {{32, 32, 32}}, {{1, 1, 1}});
        const fs::path cut = fs::path(dir.path().toStdString()) / "cut.nii";
        copyPrefix(whole, cut, fs::file_size(whole) - 4000);
        const auto v = io::readVolume(cut);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::Truncated);
    }

    void cutInsideHeader()
    {
        QTemporaryDir dir;
        const fs::path cut = fs::path(dir.path().toStdString()) / "stub.nii.gz";
        copyPrefix(kStroke, cut, 60);
        const auto v = io::readVolume(cut);
        QVERIFY(!v.ok());
        QVERIFY(v.error().code == ErrorCode::Truncated || v.error().code == ErrorCode::Corrupt
            || v.error().code == ErrorCode::UnsupportedFormat);
        QCOMPARE(v.error().subject, cut.string());
    }

    void notAnImage_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text with .txt") << "notes.txt" << QByteArray("AC-PC landmarks to do\n");
        QTest::newRow("text named .nii.gz") << "fake.nii.gz" << QByteArray("this is not gzip\n");
        QTest::newRow("random bytes named .nii") << "noise.nii" << QByteArray(1000, '\x5a');
        QTest::newRow("a PNG") << "slice.png" << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    }
    void notAnImage()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / name.toStdString();
        writeText(file, content.toStdString());
        const auto v = io::readVolume(file);
        QVERIFY(!v.ok());
        QVERIFY2(v.error().code == ErrorCode::UnsupportedFormat || v.error().code == ErrorCode::Corrupt,
            v.error().toString().c_str());
        QCOMPARE(v.error().subject, file.string());
        QVERIFY(!v.error().message.empty());
    }

    void emptyFileAndFolder()
    {
        QTemporaryDir dir;
        const fs::path empty = fs::path(dir.path().toStdString()) / "empty.nii";
        writeText(empty, "");
        QCOMPARE(io::readVolume(empty).error().code, ErrorCode::Truncated);
        QCOMPARE(io::readVolume(dir.path().toStdString()).error().code, ErrorCode::UnsupportedFormat);
    }

    void hugeDeclaredSizeIsRefusedBeforeAllocating()
    {
        // A real header whose dimensions are rewritten to 30000^3 voxels: the
        // reader must refuse it from the header alone (no 100 TB allocation).
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "huge.nii";
        itk::Matrix<double, 3, 3> axes;
        axes.SetIdentity();
        writeOriented(file, axes, {{8, 8, 8}}, {{1, 1, 1}});
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        const std::int16_t dims[4] = {3, 30000, 30000, 30000};
        f.seekp(40);
        f.write(reinterpret_cast<const char*>(dims), sizeof dims);
        f.close();
        const auto v = io::readVolume(file);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::TooLarge);
    }

    void fourDimensionalIsRefused()
    {
        using Image4 = itk::Image<float, 4>;
        auto image = Image4::New();
        image->SetRegions(Image4::RegionType(itk::Size<4>{{6, 6, 6, 3}}));
        image->Allocate();
        image->FillBuffer(1.0f);
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "fmri.nii.gz";
        auto writer = itk::ImageFileWriter<Image4>::New();
        writer->SetImageIO(itk::NiftiImageIO::New());
        writer->SetFileName(file.string());
        writer->SetInput(image);
        writer->Update();
        const auto v = io::readVolume(file);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::UnsupportedFormat);
        QVERIFY(v.error().message.find("3 volumes") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestVolumeReader)
#include "tst_volumereader.moc"
