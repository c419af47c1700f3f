#include "core/io/biasfieldcorrection.h"

#include "core/demodata.h"
#include "core/io/volumereader.h"

#include <QtTest>

#include <cmath>

using namespace tr::core;
using namespace tr::core::io;

namespace {
// Mean intensity of head voxels in the patient's right and left halves.
double leftRightRatio(const Volume& v, const Volume& reference)
{
    double left = 0, right = 0;
    std::size_t nl = 0, nr = 0;
    for (std::size_t k = 0; k < v.size[2]; ++k)
        for (std::size_t j = 0; j < v.size[1]; ++j)
            for (std::size_t i = 0; i < v.size[0]; ++i) {
                if (reference.at(i, j, k) < 40.0f) // the head, judged on the unbiased scan
                    continue;
                (i < v.size[0] / 2 ? right : left) += v.at(i, j, k);
                ++(i < v.size[0] / 2 ? nr : nl);
            }
    return (left / double(nl)) / (right / double(nr));
}
} // namespace

class TestBiasFieldCorrection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Colin27 under a smooth coil-like shading (+-30% from right to left, a
    // little from front to back): N4 takes at least three quarters of it out again.
    void removesASmoothShading()
    {
        const auto colin = readVolume(kColin27Path);
        QVERIFY(colin.ok());
        Volume shaded = *colin;
        for (std::size_t k = 0; k < shaded.size[2]; ++k)
            for (std::size_t j = 0; j < shaded.size[1]; ++j)
                for (std::size_t i = 0; i < shaded.size[0]; ++i) {
                    const double x = double(i) / double(shaded.size[0] - 1) - 0.5;
                    const double y = double(j) / double(shaded.size[1] - 1) - 0.5;
                    shaded.voxels[shaded.index(i, j, k)] *= float(std::exp(0.6 * x + 0.2 * y * y));
                }
        const double truth = leftRightRatio(*colin, *colin);
        const double before = leftRightRatio(shaded, *colin);
        const auto corrected = correctBiasField(shaded);
        QVERIFY2(corrected.ok(), corrected.ok() ? "" : corrected.error().toString().c_str());
        const double after = leftRightRatio(*corrected, *colin);
        qInfo("left/right mean ratio: original %.3f, shaded %.3f, corrected %.3f", truth, before, after);
        // Measured here: 27% imbalance before, 5% after.
        QVERIFY(std::abs(before / truth - 1.0) > 0.2);
        QVERIFY(std::abs(after / truth - 1.0) < 0.25 * std::abs(before / truth - 1.0));
        QCOMPARE(corrected->size, colin->size);
    }
};

QTEST_APPLESS_MAIN(TestBiasFieldCorrection)
#include "tst_biasfieldcorrection.moc"
