#include "core/intensitynormalisation.h"

#include <QtTest>

using namespace tr::core;

class TestIntensityNormalisation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Two copies of one head, one with three times the air around it and a
    // handful of hot voxels: both normalise to the same head intensities.
    void scaleIgnoresBackgroundAndOutliers()
    {
        auto makeVolume = [](std::size_t background, std::size_t hot) {
            Volume v;
            for (std::size_t i = 0; i < background; ++i)
                v.voxels.push_back(0.0f);
            for (int i = 0; i <= 1000; ++i)
                v.voxels.push_back(100.0f + 0.1f * float(i)); // head: 100 .. 200
            for (std::size_t i = 0; i < hot; ++i)
                v.voxels.push_back(5000.0f);
            v.size = {v.voxels.size(), 1, 1};
            return v;
        };
        Volume small = makeVolume(1000, 2);
        Volume large = makeVolume(3000, 3); // under 0.5 % hot, as the 99.5th percentile allows
        const auto w1 = normaliseIntensities(small);
        const auto w2 = normaliseIntensities(large);
        QCOMPARE(w1.low, 0.0f);
        QCOMPARE(w2.low, 0.0f);
        QVERIFY(std::abs(w1.high - w2.high) < 0.2f);
        QVERIFY(w1.high > 194.0f && w1.high < 200.0f);
        QCOMPARE(small.voxels.front(), 0.0f);
        QCOMPARE(small.voxels.back(), 1.0f); // a hot voxel is clamped, not stretched
        QVERIFY(std::abs(small.voxels[1000 + 500] - 150.0f / w1.high) < 1e-5f);
    }

    void flatVolumeStaysDefined()
    {
        Volume v;
        v.voxels.assign(27, 7.0f);
        v.size = {3, 3, 3};
        const auto w = normaliseIntensities(v);
        QVERIFY(w.high > w.low);
        QVERIFY(std::all_of(v.voxels.begin(), v.voxels.end(), [](float x) { return x >= 0.0f && x <= 1.0f; }));
    }
};

QTEST_APPLESS_MAIN(TestIntensityNormalisation)
#include "tst_intensitynormalisation.moc"
