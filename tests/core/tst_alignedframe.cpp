#include "core/alignedframe.h"

#include <QtTest>

using namespace tr::core;

namespace {
// Landmarks of a head lying exactly in scanner axes (LPS, mm).
Landmarks straightLandmarks()
{
    Landmarks l;
    l[Landmark::AnteriorCommissure] = Vec3{1.0, -2.0, 3.0};
    l[Landmark::PosteriorCommissure] = Vec3{1.0, 23.0, 3.0};
    l[Landmark::MidSagittal] = Vec3{1.0, 10.0, 60.0};
    l[Landmark::Centre] = Vec3{1.0, 8.0, 10.0};
    return l;
}

Landmarks transformed(const Landmarks& in, const Mat3& r, const Vec3& shift)
{
    Landmarks out;
    for (auto l : kAllLandmarks)
        out[l] = r * *in[l] + shift;
    return out;
}

bool near(const Vec3& a, const Vec3& b, double tolerance = 1e-9) { return norm(a - b) < tolerance; }
} // namespace

class TestAlignedFrame : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void straightHeadGivesScannerAxes()
    {
        const auto frame = alignedFrameFromLandmarks(straightLandmarks());
        QVERIFY(frame.ok());
        QVERIFY(near(column(frame->axes, 0), {1, 0, 0}));
        QVERIFY(near(column(frame->axes, 1), {0, 1, 0}));
        QVERIFY(near(column(frame->axes, 2), {0, 0, 1}));
        QVERIFY(near(frame->toAligned({1.0, 8.0, 10.0}), {0, 0, 0}));
    }

    void obliqueHeadIsUndone_data()
    {
        QTest::addColumn<double>("pitch");
        QTest::addColumn<double>("roll");
        QTest::addColumn<double>("yaw");
        QTest::newRow("pitched 20") << 20.0 << 0.0 << 0.0;
        QTest::newRow("rolled 12") << 0.0 << 12.0 << 0.0;
        QTest::newRow("turned -15") << 0.0 << 0.0 << -15.0;
        QTest::newRow("all three") << -17.0 << 8.0 << 11.0;
    }
    void obliqueHeadIsUndone()
    {
        QFETCH(double, pitch);
        QFETCH(double, roll);
        QFETCH(double, yaw);
        const Mat3 tilt = rotationZ(yaw) * rotationY(roll) * rotationX(pitch);
        const Landmarks l = transformed(straightLandmarks(), tilt, {-30.0, 12.0, 7.0});
        const auto frame = alignedFrameFromLandmarks(l);
        QVERIFY2(frame.ok(), frame.ok() ? "" : frame.error().toString().c_str());
        // The frame's axes are the tilt's columns: resampling in it undoes the tilt.
        for (int c = 0; c < 3; ++c)
            QVERIFY(near(column(frame->axes, c), column(tilt, c), 1e-9));
        // AC and PC lie in one axial plane, on the midline, AC in front of PC.
        const Vec3 ac = frame->toAligned(*l[Landmark::AnteriorCommissure]);
        const Vec3 pc = frame->toAligned(*l[Landmark::PosteriorCommissure]);
        QCOMPARE(ac[2] + 1.0, pc[2] + 1.0);
        QVERIFY(std::abs(ac[0]) < 1e-9 && std::abs(pc[0]) < 1e-9);
        QVERIFY(ac[1] < pc[1]);
        QVERIFY(std::abs(pc[1] - ac[1] - 25.0) < 1e-9);
        // Round trip between the frames.
        QVERIFY(near(frame->toPatient(frame->toAligned({3, 4, 5})), {3, 4, 5}));
    }

    void badLandmarksNameTheProblem_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing pc") << 0 << "(pc) is not placed";
        QTest::newRow("ac on pc") << 1 << "mm apart";
        QTest::newRow("swapped") << 2 << "swapped";
        QTest::newRow("msp on the line") << 3 << "msp";
        QTest::newRow("msp off the midline") << 4 << "interhemispheric";
    }
    void badLandmarksNameTheProblem()
    {
        QFETCH(int, which);
        QFETCH(QString, expected);
        Landmarks l = straightLandmarks();
        switch (which) {
        case 0: l[Landmark::PosteriorCommissure].reset(); break;
        case 1: l[Landmark::PosteriorCommissure] = Vec3{1.0, 0.0, 3.0}; break;
        case 2: std::swap(l[Landmark::AnteriorCommissure], l[Landmark::PosteriorCommissure]); break;
        case 3: l[Landmark::MidSagittal] = Vec3{1.0, 40.0, 3.0}; break;
        case 4: l[Landmark::MidSagittal] = Vec3{80.0, 10.0, 5.0}; break;
        }
        const auto frame = alignedFrameFromLandmarks(l);
        QVERIFY(!frame.ok());
        const auto message = QString::fromStdString(frame.error().toString());
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void landmarkKeysRoundTrip()
    {
        for (auto l : kAllLandmarks)
            QCOMPARE(landmarkFromKey(landmarkKey(l)), std::optional<Landmark>(l));
        QCOMPARE(landmarkFromKey("center"), std::optional<Landmark>(Landmark::Centre));
        QVERIFY(!landmarkFromKey("nose"));
    }
};

QTEST_APPLESS_MAIN(TestAlignedFrame)
#include "tst_alignedframe.moc"
