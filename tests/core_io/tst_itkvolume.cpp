#include "core/io/itkvolume.h"

#include "core/demodata.h"
#include "core/intensitynormalisation.h"
#include "core/io/volumereader.h"
#include "core/slicesampler.h"

#include <QtTest>

#include <itkLinearInterpolateImageFunction.h>
#include <itkResampleImageFilter.h>

using namespace tr::core;
using namespace tr::core::io;

// The training-set sampler is our own code (it must run without ITK); this checks
// it against ITK's ResampleImageFilter on the real Colin27 volume.
class TestItkVolume : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        auto read = readVolume(kColin27Path);
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().toString().c_str());
        m_volume = std::move(*read);
        normaliseIntensities(m_volume);
    }

    void roundTripKeepsGeometryAndVoxels()
    {
        Volume v = m_volume;
        v.origin = {-3.0, 7.5, 11.0};
        v.direction = rotationZ(10.0) * rotationX(-5.0);
        const Volume back = fromItk(*toItk(v));
        QCOMPARE(back.size, v.size);
        QCOMPARE(back.spacing, v.spacing);
        QCOMPARE(back.origin, v.origin);
        for (std::size_t i = 0; i < 9; ++i)
            QVERIFY(std::abs(back.direction[i] - v.direction[i]) < 1e-12);
        QVERIFY(back.voxels == v.voxels);
    }

    void samplerAgreesWithItkResampling_data()
    {
        QTest::addColumn<double>("lr");
        QTest::addColumn<double>("ap");
        QTest::addColumn<double>("cc");
        QTest::addColumn<double>("offset");
        QTest::newRow("straight") << 0.0 << 0.0 << 0.0 << 0.0;
        QTest::newRow("corner of the grid") << -10.0 << 10.0 << -5.0 << 4.0;
        QTest::newRow("mixed") << 7.0 << -4.0 << 3.0 << -2.0;
    }
    void samplerAgreesWithItkResampling()
    {
        QFETCH(double, lr);
        QFETCH(double, ap);
        QFETCH(double, cc);
        QFETCH(double, offset);
        AlignedFrame frame;
        frame.origin = {0.0, -18.0, 8.0}; // Colin27 (MNI) near the basal ganglia
        AugmentationGrid grid;
        grid.matrix = 128;
        grid.fieldOfViewMm = 200.0;
        grid.leftRight = {lr, lr, 1};
        grid.anteriorPosterior = {ap, ap, 1};
        grid.cranioCaudal = {cc, cc, 1};
        grid.offsetsMm = {offset};
        const SliceSampler sampler(m_volume, frame, grid);
        std::vector<float> ours(sampler.pixelCount());
        sampler.sample(0, ours);

        const Mat3 axes = frame.axes * SliceSampler::rotationFor(grid.sample(0));
        const double half = (grid.matrix - 1) / 2.0 * grid.pixelSizeMm();
        auto resampler = itk::ResampleImageFilter<ItkVolume, ItkVolume>::New();
        resampler->SetInput(toItk(m_volume));
        resampler->SetInterpolator(itk::LinearInterpolateImageFunction<ItkVolume, double>::New());
        resampler->SetDefaultPixelValue(0.0f);
        ItkVolume::SizeType size{{128, 128, 1}};
        ItkVolume::SpacingType spacing;
        spacing.Fill(grid.pixelSizeMm());
        ItkVolume::DirectionType direction;
        for (unsigned r = 0; r < 3; ++r)
            for (unsigned c = 0; c < 3; ++c)
                direction(r, c) = axes[r * 3 + c];
        const Vec3 corner = frame.origin + axes * Vec3{-half, -half, offset};
        ItkVolume::PointType origin;
        for (unsigned d = 0; d < 3; ++d)
            origin[d] = corner[d];
        resampler->SetSize(size);
        resampler->SetOutputSpacing(spacing);
        resampler->SetOutputOrigin(origin);
        resampler->SetOutputDirection(direction);
        resampler->Update();
        const float* itkPixels = resampler->GetOutput()->GetBufferPointer();

        double maxDiff = 0.0, sum = 0.0;
        for (std::size_t i = 0; i < ours.size(); ++i) {
            maxDiff = std::max(maxDiff, double(std::abs(ours[i] - itkPixels[i])));
            sum += ours[i];
        }
        QVERIFY2(maxDiff < 1e-4, qPrintable(QStringLiteral("max difference %1").arg(maxDiff)));
        QVERIFY(sum / double(ours.size()) > 0.1); // a real brain section, not an empty image
    }

private:
    Volume m_volume;
};

QTEST_APPLESS_MAIN(TestItkVolume)
#include "tst_itkvolume.moc"
