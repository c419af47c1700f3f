#include "core/slicesampler.h"

#include <QtTest>

#include <functional>

using namespace tr::core;

namespace {

// A 1 mm volume of 100 x 120 x 90 voxels whose voxel (i, j, k) has the value
// f(patient point) and whose aligned frame is the scanner frame centred at `centre`.
Volume volumeOf(const std::function<float(const Vec3&)>& f, const Vec3& spacing = {1, 1, 1})
{
    Volume v;
    v.spacing = spacing;
    v.size = {static_cast<std::size_t>(100 / spacing[0]), static_cast<std::size_t>(120 / spacing[1]),
        static_cast<std::size_t>(90 / spacing[2])};
    v.origin = {-50.0, -60.0, -45.0};
    v.voxels.resize(v.voxelCount());
    for (std::size_t k = 0; k < v.size[2]; ++k)
        for (std::size_t j = 0; j < v.size[1]; ++j)
            for (std::size_t i = 0; i < v.size[0]; ++i)
                v.voxels[v.index(i, j, k)] = f(v.origin
                    + Vec3{double(i) * spacing[0], double(j) * spacing[1], double(k) * spacing[2]});
    return v;
}

AugmentationGrid smallGrid()
{
    AugmentationGrid grid;
    grid.matrix = 64;
    grid.fieldOfViewMm = 64.0; // 1 mm pixels: pixel (u, v) at x = u - 31.5, y = v - 31.5
    return grid;
}

float at(const std::vector<float>& image, int n, int u, int v) { return image[std::size_t(v) * std::size_t(n) + std::size_t(u)]; }

} // namespace

class TestSliceSampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // An asymmetric object: a block in the patient's left front, nothing mirrored
    // on the right. Radiological layout puts it on screen right, at the top.
    void asymmetricObjectLandsWhereARadiologistExpectsIt()
    {
        const Volume v = volumeOf([](const Vec3& p) {
            return (p[0] > 10 && p[0] < 20 && p[1] > -25 && p[1] < -15 && std::abs(p[2]) < 3) ? 1.0f : 0.0f;
        });
        const auto grid = smallGrid();
        SliceSampler sampler(v, AlignedFrame{}, grid);
        std::vector<float> image(sampler.pixelCount()), flipped(sampler.pixelCount());
        const std::size_t straight = grid.index(10, 10, 5, 2, false);
        sampler.sample(straight, image);
        sampler.sample(straight + 1, flipped);
        // x = u - 31.5: u = 47 is x = 15.5 (left, screen right); y = v - 31.5: v = 11 is y = -20.5.
        QCOMPARE(at(image, 64, 47, 11), 1.0f);
        QCOMPARE(at(image, 64, 16, 11), 0.0f); // the mirror position on the patient's right
        QCOMPARE(at(image, 64, 47, 52), 0.0f); // the posterior position
        // The flipped image is the same section mirrored: the block moves to screen left.
        for (int vv = 0; vv < 64; ++vv)
            for (int u = 0; u < 64; ++u)
                QCOMPARE(at(flipped, 64, u, vv), at(image, 64, 63 - u, vv));
        QCOMPARE(at(flipped, 64, 16, 11), 1.0f);
        // Offset sections 4 mm up and down leave the 6 mm thick block.
        sampler.sample(grid.index(10, 10, 5, 0, false), image);
        QCOMPARE(at(image, 64, 47, 11), 0.0f);
        sampler.sample(grid.index(10, 10, 5, 4, false), image);
        QCOMPARE(at(image, 64, 47, 11), 0.0f);
        sampler.sample(grid.index(10, 10, 5, 1, false), image); // -2 mm: still inside
        QCOMPARE(at(image, 64, 47, 11), 1.0f);
    }

    // Trilinear interpolation reproduces a linear function exactly, so sampling
    // the patient's S coordinate shows where each section lies, in mm.
    void offsetsAndAnglesMatchTheGeometry_data()
    {
        QTest::addColumn<double>("lr");
        QTest::addColumn<double>("ap");
        QTest::addColumn<double>("cc");
        QTest::addColumn<double>("offset");
        QTest::addColumn<bool>("flipped");
        QTest::addColumn<double>("si"); // slice thickness of the volume
        for (double offset : {-4.0, -2.0, 0.0, 2.0, 4.0})
            QTest::addRow("offset %g", offset) << 0.0 << 0.0 << 0.0 << offset << false << 1.0;
        QTest::newRow("nod +10") << 10.0 << 0.0 << 0.0 << 0.0 << false << 1.0;
        QTest::newRow("nod -7 flipped") << -7.0 << 0.0 << 0.0 << 2.0 << true << 1.0;
        QTest::newRow("tilt +10") << 0.0 << 10.0 << 0.0 << 0.0 << false << 1.0;
        QTest::newRow("turn +5") << 0.0 << 0.0 << 5.0 << -4.0 << false << 1.0;
        QTest::newRow("all, 1.5 mm slices") << -9.0 << 6.0 << -3.0 << 4.0 << true << 1.5;
    }
    void offsetsAndAnglesMatchTheGeometry()
    {
        QFETCH(double, lr);
        QFETCH(double, ap);
        QFETCH(double, cc);
        QFETCH(double, offset);
        QFETCH(bool, flipped);
        QFETCH(double, si);
        // Value = 100 + 0.5 L + 0.25 P + 2 S: each axis identifiable, always > 0 inside.
        const auto f = [](const Vec3& p) { return float(100.0 + 0.5 * p[0] + 0.25 * p[1] + 2.0 * p[2]); };
        const Volume v = volumeOf(f, {1.0, 1.0, si});
        auto grid = smallGrid();
        grid.leftRight = {lr, lr, 1};
        grid.anteriorPosterior = {ap, ap, 1};
        grid.cranioCaudal = {cc, cc, 1};
        grid.offsetsMm = {offset};
        grid.flip = true;
        SliceSampler sampler(v, AlignedFrame{}, grid);
        std::vector<float> image(sampler.pixelCount());
        sampler.sample(grid.index(0, 0, 0, 0, flipped), image);
        const Mat3 r = rotationZ(cc) * rotationY(ap) * rotationX(lr);
        for (int vv : {0, 20, 31, 47, 63})
            for (int u : {0, 13, 32, 63}) {
                const int column = flipped ? 63 - u : u;
                const Vec3 p = r * Vec3{u - 31.5, vv - 31.5, offset};
                const float expected = f(p);
                QVERIFY2(std::abs(at(image, 64, column, vv) - expected) < 1e-3,
                    qPrintable(QStringLiteral("pixel %1,%2: %3 instead of %4")
                                   .arg(column).arg(vv).arg(at(image, 64, column, vv)).arg(expected)));
            }
    }

    // A head that lies obliquely in the scanner: the aligned frame's axes are its
    // tilt, and sampling in it sees the head straight.
    void alignedFrameUndoesTheTilt()
    {
        const Mat3 tilt = rotationZ(8.0) * rotationY(-6.0) * rotationX(14.0);
        const Vec3 centre{3.0, -4.0, 5.0};
        AlignedFrame frame;
        frame.axes = tilt;
        frame.origin = centre;
        // In head coordinates h = tilt^T (p - centre), the value is 1 + h_z / 100.
        const Volume v = volumeOf([&](const Vec3& p) { return float(1.0 + (transpose(tilt) * (p - centre))[2] / 100.0); });
        auto grid = smallGrid();
        grid.leftRight = grid.anteriorPosterior = grid.cranioCaudal = {0, 0, 1};
        grid.offsetsMm = {3.0};
        SliceSampler sampler(v, frame, grid);
        std::vector<float> image(sampler.pixelCount());
        sampler.sample(0, image);
        for (int vv = 0; vv < 64; vv += 9)
            for (int u = 0; u < 64; u += 7)
                QVERIFY(std::abs(at(image, 64, u, vv) - 1.03f) < 1e-4);
    }

    // The landmarks' effect, end to end: a head lying obliquely in the scanner has
    // bright spots at its AC and PC; after alignment from the landmarks both
    // spots are brightest in the same axial section, on the same column (the
    // midline), AC above PC on screen (anterior at the top).
    void acAndPcLandOnOneAxialRowAfterAlignment()
    {
        const Mat3 tilt = rotationZ(-9.0) * rotationY(7.0) * rotationX(16.0);
        const Vec3 centre{4.0, -3.0, 6.0};
        auto head = [&](const Vec3& h) { return centre + tilt * h; }; // head mm -> patient mm
        Landmarks l;
        l[Landmark::AnteriorCommissure] = head({0.0, -12.0, -4.0});
        l[Landmark::PosteriorCommissure] = head({0.0, 14.0, -4.0});
        l[Landmark::MidSagittal] = head({0.0, 0.0, 40.0});
        l[Landmark::Centre] = centre;
        const Vec3 ac = *l[Landmark::AnteriorCommissure], pc = *l[Landmark::PosteriorCommissure];
        const Volume v = volumeOf([&](const Vec3& p) {
            return float(std::exp(-dot(p - ac, p - ac) / 4.0) + std::exp(-dot(p - pc, p - pc) / 4.0));
        });
        const auto frame = alignedFrameFromLandmarks(l);
        QVERIFY(frame.ok());
        AugmentationGrid grid = smallGrid();
        const SliceSampler sampler(v, *frame, grid);
        std::vector<float> image(sampler.pixelCount());
        struct Peak { float value = -1; double offset = 0; int u = 0, row = 0; };
        Peak top, bottom; // brightest spot in the upper (anterior) and lower half
        for (double offset = -10.0; offset <= 10.0; offset += 0.5) {
            sampler.section(rotationX(0.0), offset, false, image);
            for (int row = 0; row < 64; ++row)
                for (int u = 0; u < 64; ++u) {
                    Peak& p = row < 32 ? top : bottom;
                    if (at(image, 64, u, row) > p.value)
                        p = {at(image, 64, u, row), offset, u, row};
                }
        }
        QCOMPARE(top.offset, -4.0);    // the AC-PC plane, 4 mm below the centre
        QCOMPARE(bottom.offset, -4.0);
        QVERIFY(std::abs(top.u - bottom.u) <= 1);          // one column: the midline ...
        QVERIFY(top.u == 31 || top.u == 32);                // ... in the middle of the image
        QVERIFY(top.row == 19 || top.row == 20);    // y = -12 mm: row 31.5 - 12 = 19.5
        QVERIFY(bottom.row == 45 || bottom.row == 46); // y = +14 mm: row 45.5
        QVERIFY(top.value > 0.5f && bottom.value > 0.5f);
    }

    void outsideTheVolumeIsBlack()
    {
        const Volume v = volumeOf([](const Vec3&) { return 1.0f; });
        AugmentationGrid grid = smallGrid();
        grid.fieldOfViewMm = 256.0; // 4 mm pixels over 256 mm: wider than the 100 mm volume
        SliceSampler sampler(v, AlignedFrame{}, grid);
        std::vector<float> image(sampler.pixelCount(), -1.0f);
        sampler.sample(grid.index(10, 10, 5, 2, false), image);
        QCOMPARE(at(image, 64, 0, 0), 0.0f);
        QCOMPARE(at(image, 64, 63, 63), 0.0f);
        QCOMPARE(at(image, 64, 32, 32), 1.0f);
        // Columns 32 +- 12 lie within +-50 mm; the edge pixels blend with the zero border.
        QCOMPARE(at(image, 64, 40, 32), 1.0f);
        QCOMPARE(at(image, 64, 45, 32), 0.0f);
        QVERIFY(std::none_of(image.begin(), image.end(), [](float x) { return x < 0.0f || x > 1.0f; }));
    }

    void rotationOrderIsDocumented()
    {
        AugmentationSample s;
        s.leftRightDeg = 3;
        s.anteriorPosteriorDeg = -4;
        s.cranioCaudalDeg = 2;
        const Mat3 expected = rotationZ(2) * rotationY(-4) * rotationX(3);
        const Mat3 got = SliceSampler::rotationFor(s);
        for (int i = 0; i < 9; ++i)
            QCOMPARE(got[std::size_t(i)], expected[std::size_t(i)]);
    }
};

QTEST_APPLESS_MAIN(TestSliceSampler)
#include "tst_slicesampler.moc"
