#include "core/axialslice.h"

#include <QtTest>

using namespace tr::core;

namespace {
// A canonical volume (i -> L, j -> P, k -> S) with one bright voxel.
Volume markedVolume(std::array<std::size_t, 3> size, std::array<std::size_t, 3> mark)
{
    Volume v;
    v.size = size;
    v.spacing = {0.9, 1.2, 2.0};
    v.voxels.assign(v.voxelCount(), 0.0f);
    v.voxels[v.index(mark[0], mark[1], mark[2])] = 100.0f;
    return v;
}
} // namespace

class TestAxialSlice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void centreIndex_data()
    {
        QTest::addColumn<int>("slices");
        QTest::addColumn<int>("centre");
        QTest::newRow("Colin27, 181") << 181 << 90;
        QTest::newRow("IXI, 90 (even: upper middle)") << 90 << 45;
        QTest::newRow("single") << 1 << 0;
    }
    void centreIndex()
    {
        QFETCH(int, slices);
        QFETCH(int, centre);
        Volume v;
        v.size = {4, 4, static_cast<std::size_t>(slices)};
        QCOMPARE(centreAxialIndex(v), static_cast<std::size_t>(centre));
    }

    void radiologicalPutsPatientRightOnScreenLeft()
    {
        // i = 1 lies near the patient's right (i grows towards the left),
        // j = 2 near the front.
        const Volume v = markedVolume({10, 8, 5}, {1, 2, 3});
        const auto slice = axialSlice(v, 3, DisplayConvention::Radiological);
        QVERIFY(slice.ok());
        QCOMPARE(slice->width, 10);
        QCOMPARE(slice->height, 8);
        QCOMPARE(slice->at(1, 2), 100.0f);
        QCOMPARE(slice->pixelWidthMm, 0.9);
        QCOMPARE(slice->pixelHeightMm, 1.2);
        const auto labels = axialLabels(DisplayConvention::Radiological);
        QCOMPARE(labels.left, 'R');
        QCOMPARE(labels.top, 'A');
    }

    void neurologicalMirrorsLeftRight()
    {
        const Volume v = markedVolume({10, 8, 5}, {1, 2, 3});
        const auto slice = axialSlice(v, 3, DisplayConvention::Neurological);
        QVERIFY(slice.ok());
        QCOMPARE(slice->at(8, 2), 100.0f);
        QCOMPARE(slice->at(1, 2), 0.0f);
        QCOMPARE(axialLabels(DisplayConvention::Neurological).left, 'L');
    }

    void otherSlicesDoNotShowTheMark()
    {
        const Volume v = markedVolume({10, 8, 5}, {1, 2, 3});
        const auto slice = axialSlice(v, 2, DisplayConvention::Radiological);
        QVERIFY(slice.ok());
        QCOMPARE(*std::max_element(slice->pixels.begin(), slice->pixels.end()), 0.0f);
    }

    void rejectsOutOfRangeAndEmpty()
    {
        const Volume v = markedVolume({4, 4, 3}, {0, 0, 0});
        const auto beyond = axialSlice(v, 3, DisplayConvention::Radiological);
        QVERIFY(!beyond.ok());
        QCOMPARE(beyond.error().code, ErrorCode::InvalidArgument);
        QVERIFY(QString::fromStdString(beyond.error().message).contains("0 to 2"));
        QVERIFY(!axialSlice(Volume{}, 0, DisplayConvention::Radiological).ok());
    }
};

QTEST_APPLESS_MAIN(TestAxialSlice)
#include "tst_axialslice.moc"
