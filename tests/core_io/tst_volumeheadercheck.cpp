// core/io/volumeheadercheck.cpp through readVolume: hostile volume files get
// one error naming the file and the field, never a signal, a hang or an
// allocation their header alone asks for. The files in
// tests/fuzz/regressions/volume/ are mutants of the fuzz seeds that once
// aborted (VNL on non-finite matrices), threw out of ITK (std::terminate) or
// hung the program; each must now be refused.
#include "core/io/volumereader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace tr::core;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(TR_SOURCE_DIR) / "tests" / "fuzz" / "corpus";
const fs::path kRegressions = fs::path(TR_SOURCE_DIR) / "tests" / "fuzz" / "regressions" / "volume";

std::string slurp(const fs::path& path)
{
    QFile in(QString::fromStdString(path.string()));
    return in.open(QIODevice::ReadOnly) ? in.readAll().toStdString() : std::string();
}

void spit(const fs::path& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

template <typename T>
void put(std::string& bytes, std::size_t offset, T value)
{
    std::memcpy(bytes.data() + offset, &value, sizeof value);
}

std::string replaceLine(std::string text, const std::string& key, const std::string& line)
{
    const auto at = text.find(key);
    const auto end = text.find('\n', at);
    return text.replace(at, end - at, line);
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

} // namespace

class TestVolumeHeaderCheck : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    fs::path file(const char* name) const { return fs::path(m_dir.path().toStdString()) / name; }

private Q_SLOTS:
    void seedsAreRead_data()
    {
        QTest::addColumn<QString>("seed");
        for (const char* seed : {"nifti1/seed.nii", "nifti2/seed.nii", "metaimage/seed.mha", "nrrd/seed.nrrd"})
            QTest::newRow(seed) << QString::fromLatin1(seed);
    }
    // The checks refuse nothing a well-formed file holds.
    void seedsAreRead()
    {
        QFETCH(QString, seed);
        const auto volume = io::readVolume(kCorpus / seed.toStdString());
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
        QCOMPARE(volume->size[0] * volume->size[1] * volume->size[2], std::size_t{16 * 12 * 8});
    }

    void regressionsAreRefused_data()
    {
        QTest::addColumn<QString>("path");
        const auto entries = QDir(QString::fromStdString(kRegressions.string())).entryInfoList(QDir::Files, QDir::Name);
        QVERIFY(entries.size() >= 15);
        for (const auto& entry : entries)
            QTest::newRow(qPrintable(entry.fileName())) << entry.absoluteFilePath();
    }
    void regressionsAreRefused()
    {
        QFETCH(QString, path);
        const auto volume = io::readVolume(path.toStdString());
        QVERIFY(!volume.ok());
        QCOMPARE(QString::fromStdString(volume.error().subject), path);
        QVERIFY(volume.error().code != ErrorCode::Internal);
        QVERIFY(!volume.error().message.empty());
    }

    void fieldsAreNamed_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("field");
        std::string n1 = slurp(kCorpus / "nifti1" / "seed.nii");
        auto edit = [](std::string s, auto f) { f(s); return QByteArray::fromStdString(s); };
        QTest::newRow("nifti1 sform inf") << "a.nii" << edit(n1, [](std::string& s) { put(s, 284, INFINITY); }) << "sform";
        QTest::newRow("nifti1 qform nan") << "a.nii" << edit(n1, [](std::string& s) { put(s, 268, NAN); }) << "qform";
        QTest::newRow("nifti1 pixdim nan") << "a.nii" << edit(n1, [](std::string& s) { put(s, 84, NAN); }) << "pixdim[2]";
        QTest::newRow("nifti1 dim0") << "a.nii" << edit(n1, [](std::string& s) { put(s, 40, std::int16_t{9}); }) << "dim[0]";
        QTest::newRow("nifti1 dim negative") << "a.nii" << edit(n1, [](std::string& s) { put(s, 44, std::int16_t{-4}); }) << "dim[2]";
        QTest::newRow("nifti1 datatype") << "a.nii" << edit(n1, [](std::string& s) { put(s, 70, std::int16_t{3}); }) << "datatype";
        QTest::newRow("nifti1 bitpix") << "a.nii" << edit(n1, [](std::string& s) { put(s, 72, std::int16_t{64}); }) << "bitpix";
        QTest::newRow("nifti1 vox_offset") << "a.nii" << edit(n1, [](std::string& s) { put(s, 108, -1e30f); }) << "vox_offset";
        QTest::newRow("nifti1 singular sform") << "a.nii" << edit(n1, [](std::string& s) { for (std::size_t o = 280; o < 328; o += 4) put(s, o, 0.0f); }) << "sform";
        std::string n2 = slurp(kCorpus / "nifti2" / "seed.nii");
        QTest::newRow("nifti2 pixdim inf") << "b.nii" << edit(n2, [](std::string& s) { put(s, 112, double(INFINITY)); }) << "pixdim";
        QTest::newRow("nifti2 sform nan") << "b.nii" << edit(n2, [](std::string& s) { put(s, 408, double(NAN)); }) << "sform";
        QTest::newRow("nifti2 bitpix") << "b.nii" << edit(n2, [](std::string& s) { put(s, 14, std::int16_t{64}); }) << "bitpix";
        const std::string mha = slurp(kCorpus / "metaimage" / "seed.mha");
        QTest::newRow("mha NDims huge") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "NDims", "NDims = 99999999999")) << "NDims";
        QTest::newRow("mha NDims fraction") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "NDims", "NDims = 2.5")) << "NDims";
        QTest::newRow("mha DimSize") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "DimSize", "DimSize = 16 12 1e308")) << "DimSize";
        QTest::newRow("mha spacing nan") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "ElementSpacing", "ElementSpacing = 1 nan 2")) << "ElementSpacing";
        QTest::newRow("mha matrix inf") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "TransformMatrix", "TransformMatrix = 1 0 0 0 inf 0 0 0 1")) << "TransformMatrix";
        QTest::newRow("mha type") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "ElementType", "ElementType = nan")) << "ElementType";
        QTest::newRow("mha data file list") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "ElementDataFile", "ElementDataFile = LIST")) << "ElementDataFile";
        QTest::newRow("mha data file pattern") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "ElementDataFile", "ElementDataFile = slice%03d.raw 1 9 1")) << "ElementDataFile";
        QTest::newRow("mha data file missing") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "ElementDataFile", "ElementDataFile = " + std::string(150, 'x') + ".raw")) << "ElementDataFile";
        QTest::newRow("mha repeated field") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "DimSize", "DimSize = 16 12 8\nDimSize = 16 12 8")) << "second 'DimSize'";
        QTest::newRow("mha binary line") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "DimSize", "DimSize = 16 12 8\nComment = a\x01b")) << "not text";
        QTest::newRow("nifti1 magic, wrong sizeof_hdr") << "a.nii" << edit(n1, [](std::string& s) { s[1] = 0x10; }) << "sizeof_hdr";
        QTest::newRow("nifti1 sform huge") << "a.nii" << edit(n1, [](std::string& s) { put(s, 284, 3e38f); }) << "sform";
        QTest::newRow("nifti1 pixdim huge") << "a.nii" << edit(n1, [](std::string& s) { put(s, 80, 3e38f); }) << "pixdim[1]";
        QTest::newRow("nifti1 quatern out of range") << "a.nii" << edit(n1, [](std::string& s) { put(s, 256, 2.0f); }) << "quatern";
        QTest::newRow("nifti1 n+2 magic, wrong sizeof_hdr") << "a.nii" << edit(n1, [](std::string& s) { s[1] = 0x10; s[346] = '2'; }) << "sizeof_hdr";
        QTest::newRow("mha long field") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "DimSize", "DimSize = 16 12 8\nComment = " + std::string(300, 'x'))) << "longer than";
        QTest::newRow("mha singular") << "c.mha" << QByteArray::fromStdString(replaceLine(mha, "TransformMatrix", "TransformMatrix = 1 0 0 1 0 0 0 0 1")) << "orientation";
        const std::string nrrd = slurp(kCorpus / "nrrd" / "seed.nrrd");
        QTest::newRow("nrrd dimension") << "d.nrrd" << QByteArray::fromStdString(replaceLine(nrrd, "dimension", "dimension: 1e9")) << "dimension";
        QTest::newRow("nrrd sizes") << "d.nrrd" << QByteArray::fromStdString(replaceLine(nrrd, "sizes", "sizes: 16 -12 8")) << "sizes";
        QTest::newRow("nrrd type") << "d.nrrd" << QByteArray::fromStdString(replaceLine(nrrd, "type", "type: quaternion")) << "type";
        QTest::newRow("nrrd directions") << "d.nrrd" << QByteArray::fromStdString(replaceLine(nrrd, "space directions", "space directions: (1,0,0) (0,nan,0) (0,0,2)")) << "space directions";
        QTest::newRow("nrrd origin") << "d.nrrd" << QByteArray::fromStdString(replaceLine(nrrd, "space origin", "space origin: (-8,inf,-8)")) << "space origin";
    }
    void fieldsAreNamed()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, field);
        const fs::path path = file(qPrintable(name));
        spit(path, bytes.toStdString());
        const auto volume = io::readVolume(path);
        QVERIFY(!volume.ok());
        QCOMPARE(QString::fromStdString(volume.error().subject), QString::fromStdString(path.string()));
        QVERIFY2(QString::fromStdString(volume.error().message).contains(field), volume.error().toString().c_str());
    }

    // A 1.5 KB NIfTI-2 declaring 1024 x 1024 x 512 doubles (4 GiB) is refused
    // before anything is allocated: under a 1 GiB address-space limit.
    void declaredSizeCheckedBeforeAllocation()
    {
        std::string n2 = slurp(kCorpus / "nifti2" / "seed.nii");
        put(n2, 12, std::int16_t{64});
        put(n2, 14, std::int16_t{64});
        for (auto [offset, n] : {std::pair{24, 1024}, std::pair{32, 1024}, std::pair{40, 512}})
            put(n2, std::size_t(offset), std::int64_t{n});
        const fs::path path = file("huge.nii");
        spit(path, n2);
        rlimit before{};
        getrlimit(RLIMIT_AS, &before);
        if (!kAddressSanitizer) { // ASan reserves terabytes of address space up front
            rlimit tight = before;
            tight.rlim_cur = rlim_t{3} << 30;
            QCOMPARE(setrlimit(RLIMIT_AS, &tight), 0);
        }
        const auto volume = io::readVolume(path);
        setrlimit(RLIMIT_AS, &before);
        QVERIFY(!volume.ok());
        QCOMPARE(volume.error().code, ErrorCode::Truncated);
        QVERIFY2(volume.error().message.find("header") != std::string::npos, volume.error().toString().c_str());
    }

    // NaN voxels poison every percentile: refused, counted. (ITK's NIfTI-1
    // reader, nifticlib, already replaces them with 0; MetaImage and our NIfTI-2
    // reader hand them on.)
    void nonFiniteVoxelsRefused()
    {
        std::string voxels(16 * 12 * 8 * 4, '\0');
        for (std::size_t i = 0; i < 16 * 12 * 8; ++i)
            put(voxels, i * 4, i % 100 == 7 ? NAN : float(i % 50));
        const std::string mha = slurp(kCorpus / "metaimage" / "seed.mha");
        const std::string header = replaceLine(mha.substr(0, mha.find("LOCAL\n") + 6), "ElementType", "ElementType = MET_FLOAT");
        const fs::path path = file("nan.mha");
        spit(path, header + voxels);
        const auto volume = io::readVolume(path);
        QVERIFY(!volume.ok());
        QVERIFY2(volume.error().message.rfind("16 voxels hold no finite number", 0) == 0, volume.error().toString().c_str());
    }
};

QTEST_MAIN(TestVolumeHeaderCheck)
#include "tst_volumeheadercheck.moc"
