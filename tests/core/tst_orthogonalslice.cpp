// The three orthogonal sections on a volume whose every voxel says where it
// is (value = i + 100 j + 10000 k): each section shows the voxels it should,
// laid out as radiology viewers do, and screen <-> patient points round-trip
// on an oblique, anisotropic grid, as clicking a landmark needs.
#include "core/orthogonalslice.h"

#include <QtTest>

using namespace tr::core;

namespace {

Volume codedVolume()
{
    Volume v;
    v.size = {5, 6, 7};
    v.spacing = {0.9, 1.1, 2.5};
    v.origin = {-10.0, 20.0, 5.0};
    v.direction = rotationZ(7.0) * rotationX(-4.0); // oblique
    for (std::size_t k = 0; k < v.size[2]; ++k)
        for (std::size_t j = 0; j < v.size[1]; ++j)
            for (std::size_t i = 0; i < v.size[0]; ++i)
                v.voxels.push_back(float(i + 100 * j + 10000 * k));
    return v;
}

float code(std::size_t i, std::size_t j, std::size_t k) { return float(i + 100 * j + 10000 * k); }

} // namespace

class TestOrthogonalSlice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void axialMatchesTheAxialViewer()
    {
        const Volume v = codedVolume();
        for (auto convention : {DisplayConvention::Radiological, DisplayConvention::Neurological}) {
            const auto a = orthogonalSlice(v, SliceAxis::Axial, 3, convention);
            const auto b = axialSlice(v, 3, convention);
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(a->pixels, b->pixels);
        }
    }

    void coronalAndSagittalLayout()
    {
        const Volume v = codedVolume();
        // Coronal, radiological: patient right (i = 0) on the left, superior (top k) at the top.
        const auto coronal = orthogonalSlice(v, SliceAxis::Coronal, 2, DisplayConvention::Radiological);
        QVERIFY(coronal.ok());
        QCOMPARE(coronal->width, 5);
        QCOMPARE(coronal->height, 7);
        QCOMPARE(coronal->pixelHeightMm, 2.5);
        QCOMPARE(coronal->at(0, 0), code(0, 2, 6));
        QCOMPARE(coronal->at(4, 6), code(4, 2, 0));
        const auto mirrored = orthogonalSlice(v, SliceAxis::Coronal, 2, DisplayConvention::Neurological);
        QCOMPARE(mirrored->at(0, 0), code(4, 2, 6));
        // Sagittal: anterior (j = 0) on the left, superior at the top, whatever the convention.
        const auto sagittal = orthogonalSlice(v, SliceAxis::Sagittal, 1, DisplayConvention::Neurological);
        QCOMPARE(sagittal->width, 6);
        QCOMPARE(sagittal->at(0, 0), code(1, 0, 6));
        QCOMPARE(sagittal->at(5, 6), code(1, 5, 0));
        const auto labels = sliceLabels(SliceAxis::Sagittal, DisplayConvention::Radiological);
        QCOMPARE((std::array{labels.left, labels.right, labels.top, labels.bottom}), (std::array{'A', 'P', 'S', 'I'}));
        QCOMPARE(sliceLabels(SliceAxis::Coronal, DisplayConvention::Radiological).left, 'R');
        QCOMPARE(orthogonalSlice(v, SliceAxis::Sagittal, 5, DisplayConvention::Radiological).error().subject,
            std::string("sagittal index"));
    }

    void screenAndPatientPointsRoundTrip()
    {
        const Volume v = codedVolume();
        for (auto axis : {SliceAxis::Axial, SliceAxis::Coronal, SliceAxis::Sagittal})
            for (auto convention : {DisplayConvention::Radiological, DisplayConvention::Neurological}) {
                const Vec3 p = slicePixelToPatient(v, axis, 2, 1.25, 3.5, convention);
                const SlicePosition back = patientToSlicePixel(v, axis, 2, p, convention);
                QVERIFY(std::abs(back.column - 1.25) < 1e-9);
                QVERIFY(std::abs(back.row - 3.5) < 1e-9);
                QVERIFY(std::abs(back.offPlane) < 1e-9);
                // The pixel's point is the voxel whose value the section shows there.
                const auto slice = orthogonalSlice(v, axis, 2, convention);
                const Vec3 ijk = patientToVoxel(v, slicePixelToPatient(v, axis, 2, 1, 3, convention));
                QCOMPARE(slice->at(1, 3), code(std::size_t(std::lround(ijk[0])), std::size_t(std::lround(ijk[1])),
                                              std::size_t(std::lround(ijk[2]))));
            }
        // A point off the plane says by how much.
        const Vec3 above = voxelToPatient(v, {2, 3, 4.5});
        QVERIFY(std::abs(patientToSlicePixel(v, SliceAxis::Axial, 2, above, DisplayConvention::Radiological).offPlane - 2.5) < 1e-9);
    }
};

QTEST_APPLESS_MAIN(TestOrthogonalSlice)
#include "tst_orthogonalslice.moc"
