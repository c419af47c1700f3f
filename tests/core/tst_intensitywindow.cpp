#include "core/intensitywindow.h"

#include <QtTest>

#include <numeric>

using namespace tr::core;

class TestIntensityWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void outliersDoNotSetTheWindow()
    {
        // 0..999 plus one vessel-bright voxel: min/max would squeeze the tissue
        // into a quarter of the grey scale.
        std::vector<float> values(1000);
        std::iota(values.begin(), values.end(), 0.0f);
        values.push_back(4000.0f);
        const auto w = percentileWindow(values, 0.01, 0.99);
        QVERIFY(w.low >= 9.0f && w.low <= 11.0f);
        QVERIFY(w.high >= 988.0f && w.high <= 992.0f);
    }

    void mapsAndClamps()
    {
        const std::vector<float> values{-5.0f, 0.0f, 50.0f, 100.0f, 300.0f};
        const auto g = toGray8(values, IntensityWindow{0.0f, 100.0f});
        QCOMPARE(g, (std::vector<std::uint8_t>{0, 0, 128, 255, 255}));
    }

    void constantImageStaysDefined()
    {
        const std::vector<float> flat(50, 7.0f);
        const auto w = percentileWindow(flat);
        QVERIFY(w.high > w.low);
        QCOMPARE(toGray8(flat, w).front(), std::uint8_t{0});
        const auto empty = percentileWindow({});
        QVERIFY(empty.high > empty.low);
    }
};

QTEST_APPLESS_MAIN(TestIntensityWindow)
#include "tst_intensitywindow.moc"
