#include "core/trainingdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace tr::core;

namespace {
TrainingData sample()
{
    TrainingData data;
    data.grid.matrix = 64;
    for (int n = 0; n < 2; ++n) {
        PreparedVolume p;
        p.pseudonym = n == 0 ? "V001" : "V017";
        p.volume.size = {5, 6, 7};
        p.volume.spacing = {0.94, 0.94, 1.5};
        p.volume.origin = {-1.25, 3.5, 1e-3};
        p.volume.direction = rotationX(3.0 + n);
        for (std::size_t i = 0; i < p.volume.voxelCount(); ++i)
            p.volume.voxels.push_back(float(i % 11) / 10.0f + float(n));
        p.frame.origin = {0.1, 0.2, 0.3};
        p.frame.axes = rotationZ(2.5);
        data.volumes.push_back(p);
    }
    return data;
}
} // namespace

class TestTrainingData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripIsExact()
    {
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("d.trdata")).toStdString();
        const TrainingData data = sample();
        QVERIFY(writeTrainingData(path, data).ok());
        const auto back = readTrainingData(path);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().toString().c_str());
        QVERIFY(back->grid == data.grid);
        QCOMPARE(back->volumes.size(), std::size_t{2});
        for (std::size_t n = 0; n < 2; ++n) {
            const auto& a = data.volumes[n];
            const auto& b = back->volumes[n];
            QCOMPARE(b.pseudonym, a.pseudonym);
            QCOMPARE(b.volume.size, a.volume.size);
            QCOMPARE(b.volume.spacing, a.volume.spacing);
            QCOMPARE(b.volume.origin, a.volume.origin);
            QCOMPARE(b.volume.direction, a.volume.direction);
            QCOMPARE(b.frame.origin, a.frame.origin);
            QCOMPARE(b.frame.axes, a.frame.axes);
            QVERIFY(b.volume.voxels == a.volume.voxels);
        }
        QCOMPARE(back->imageCount(), std::size_t{2 * 48510});
        QCOMPARE(QString::fromStdString(back->description()).left(11), QStringLiteral("V001 V017; "));
    }

    void badFilesAreNamed_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("code");
        QTest::newRow("missing") << 0 << int(ErrorCode::NotFound);
        QTest::newRow("other file") << 1 << int(ErrorCode::UnsupportedFormat);
        QTest::newRow("cut in the voxels") << 2 << int(ErrorCode::Truncated);
        QTest::newRow("cut in the header") << 3 << int(ErrorCode::Truncated);
        QTest::newRow("extra bytes") << 4 << int(ErrorCode::Corrupt);
    }
    void badFilesAreNamed()
    {
        QFETCH(int, kind);
        QFETCH(int, code);
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("d.trdata")).toStdString();
        if (kind == 1)
            std::ofstream(path) << "index,volume\n";
        else if (kind >= 2) {
            QVERIFY(writeTrainingData(path, sample()).ok());
            const auto size = std::filesystem::file_size(path);
            if (kind == 2)
                std::filesystem::resize_file(path, size - 10);
            else if (kind == 3)
                std::filesystem::resize_file(path, 40);
            else
                std::ofstream(path, std::ios::app | std::ios::binary) << "xx";
        }
        const auto read = readTrainingData(path);
        QVERIFY(!read.ok());
        QCOMPARE(int(read.error().code), code);
        QCOMPARE(read.error().subject, path.string());
    }

    // Inputs that fuzz_training_data found to break the reader (undefined
    // behaviour converting a huge size): refused, naming the file.
    void fuzzRegressionsAreRefused()
    {
        const std::filesystem::path dir = std::filesystem::path(TR_SOURCE_DIR) / "tests" / "fuzz" / "regressions" / "training_data";
        int seen = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            const auto read = readTrainingData(entry.path());
            QVERIFY2(!read.ok(), entry.path().c_str());
            QCOMPARE(read.error().subject, entry.path().string());
            QVERIFY(read.error().code != ErrorCode::Internal);
            ++seen;
        }
        QVERIFY(seen >= 1);
    }
};

QTEST_APPLESS_MAIN(TestTrainingData)
#include "tst_trainingdata.moc"
