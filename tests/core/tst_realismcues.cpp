// The pieces of the realism report that need no network: the air mask and
// the single cues, the threshold and logistic observers, image distances,
// and the printed report.
#include "core/cueobservers.h"
#include "core/imagecues.h"
#include "core/imagedistances.h"
#include "core/realismreport.h"

#include <QTest>

#include <cmath>

using namespace tr::core;

namespace {

constexpr int kSide = 64;

// A "head": a bright ring (scalp) around a mid-grey disc with a dark hole
// (a ventricle) in the middle, on air of level `air`.
GreyImage phantom(std::uint8_t air, int shift = 0)
{
    GreyImage p(std::size_t(kSide) * kSide, air);
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            const double r = std::hypot(x - 32.0 - shift, y - 32.0);
            std::uint8_t v = air;
            if (r < 6)
                v = 5; // dark CSF inside the head: not air
            else if (r < 22)
                v = 120;
            else if (r < 26)
                v = 230;
            p[std::size_t(y) * kSide + std::size_t(x)] = v;
        }
    return p;
}

} // namespace

class TestRealismCues : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void airIsTheBorderRegionOnly()
    {
        const auto image = phantom(0);
        const auto air = airMask(image, kSide);
        QVERIFY(air[0]);                                   // a corner
        QVERIFY(!air[std::size_t(32) * kSide + 32]);       // the dark centre is inside the head
        QVERIFY(!air[std::size_t(32) * kSide + 32 + 15]);  // grey matter
        QVERIFY(air[std::size_t(32) * kSide + 62]);        // outside the scalp
    }

    void faintAirNoiseShowsInTheAirCues()
    {
        const auto clean = imageCues(phantom(0), kSide, 1000);
        QCOMPARE(clean.airAboveZero, 0.0);
        QCOMPARE(clean.airMean, 0.0);
        QCOMPARE(clean.pngBytes, 1000.0);
        const auto faint = imageCues(phantom(2), kSide, 0);
        QCOMPARE(faint.airAboveZero, 1.0);
        QCOMPARE(faint.airMean, 2.0);
        // The head's own cues do not move with the air.
        QVERIFY(std::abs(faint.highFrequency - clean.highFrequency) < 0.3);
        float sum = 0;
        for (float h : faint.histogram)
            sum += h;
        QVERIFY(std::abs(sum - 1.0f) < 1e-4f);
        QVERIFY(faint.histogram[2] > 0.3f);
    }

    void asymmetryMeasuresTheMirror()
    {
        // The phantom is centred at 32, the mirror axis at 31.5: half a pixel off.
        const double centred = imageCues(phantom(0), kSide, 0).asymmetry;
        const double shifted = imageCues(phantom(0, 4), kSide, 0).asymmetry;
        QVERIFY2(shifted > 4 * centred, qPrintable(QStringLiteral("%1 vs %2").arg(shifted).arg(centred)));
    }

    void thresholdFindsTheCutAndDirection()
    {
        const std::vector<double> v{1, 2, 3, 4, 10, 11, 12, 13};
        const std::vector<bool> created{false, false, false, false, true, true, true, true};
        auto rule = fitThreshold(v, created);
        QVERIFY(rule.createdAbove);
        QCOMPARE(rule.threshold, 7.0);
        const std::vector<bool> reversed{true, true, true, true, false, false, false, false};
        rule = fitThreshold(v, reversed);
        QVERIFY(!rule.createdAbove);
        QVERIFY(rule.callsCreated(2) && !rule.callsCreated(12));
        // Ties fall on one side: the same value cannot be cut.
        const std::vector<double> same{5, 5, 5, 5};
        const std::vector<bool> mixed{true, false, true, false};
        rule = fitThreshold(same, mixed);
        int correct = 0;
        for (std::size_t i = 0; i < same.size(); ++i)
            correct += rule.callsCreated(same[i]) == mixed[i];
        QCOMPARE(correct, 2);
    }

    void logisticRegressionSeparatesOnTheRightFeature()
    {
        // Feature 0 is noise, feature 1 carries the label, feature 2 is constant.
        std::vector<std::vector<double>> rows;
        std::vector<bool> created;
        for (int i = 0; i < 200; ++i) {
            const bool c = i % 2 == 1;
            rows.push_back({std::sin(i * 1.7), (c ? 1.0 : -1.0) + 0.8 * std::cos(i * 0.9), 3.0});
            created.push_back(c);
        }
        LogisticRegression model;
        model.fit(rows, created);
        int correct = 0;
        for (std::size_t i = 0; i < rows.size(); ++i)
            correct += (model.probabilityCreated(rows[i]) > 0.5) == created[i];
        QVERIFY2(correct >= 190, qPrintable(QString::number(correct)));
        QVERIFY(model.probabilityCreated(std::vector<double>{0.0, 2.0, 3.0}) > 0.9);
        QVERIFY(model.probabilityCreated(std::vector<double>{0.0, -2.0, 3.0}) < 0.1);
    }

    void heldOutAccuracyHasItsIntervalAndTest()
    {
        const auto a = heldOutAccuracy(60, 100);
        QCOMPARE(a.accuracy, 0.6);
        QVERIFY(a.interval.lower < 0.6 && a.interval.upper > 0.6);
        QVERIFY(std::abs(a.pValue - 0.05688793) < 1e-6); // R: binom.test(60, 100)$p.value
        QCOMPARE(heldOutAccuracy(50, 100).pValue, 1.0);
    }

    void distances()
    {
        const auto a = phantom(0), b = phantom(3);
        QCOMPARE(rmsDistance(a, a), 0.0);
        QVERIFY(std::abs(ssim(a, a, kSide) - 1.0) < 1e-12);
        QVERIFY(ssim(a, phantom(0, 6), kSide) < 0.9);
        // b differs from a by 3 outside the head only.
        std::size_t differing = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            differing += a[i] != b[i];
        QVERIFY(differing > 0);
        QVERIFY(std::abs(rmsDistance(a, b) - 3.0 * std::sqrt(double(differing) / double(a.size()))) < 1e-9);

        const std::vector<const GreyImage*> queries{&a, &b};
        const auto c = phantom(0, 6);
        const std::vector<const GreyImage*> refs{&c, &b, &a};
        const auto nearest = nearestByRms(queries, refs, [](std::size_t, std::size_t) { return false; });
        QCOMPARE(nearest[0].index, std::size_t(2));
        QCOMPARE(nearest[0].rms, 0.0);
        QCOMPARE(nearest[1].index, std::size_t(1));
        // Skipping the exact copies finds the next nearest.
        const auto skipped = nearestByRms(queries, refs, [](std::size_t q, std::size_t r) { return r == 2 - q; });
        QCOMPARE(skipped[0].index, std::size_t(1));
        QCOMPARE(skipped[1].index, std::size_t(2));

        const std::vector<const GreyImage*> same{&a, &a, &a};
        QCOMPARE(meanPairwiseRms(same, 50, 1), 0.0);
        const std::vector<const GreyImage*> two{&a, &c};
        QCOMPARE(meanPairwiseRms(two, 10, 1), rmsDistance(a, c));
    }

    void reportSaysWhatEachPartMeans()
    {
        RealismReport r;
        r.side = 64;
        r.realSubjects = 43;
        r.machineRun = true;
        r.machine = {"CNN observer", heldOutAccuracy(1900, 2000)};
        r.machineDetail = "4 blocks";
        r.cues.push_back({"air: fraction above 0", heldOutAccuracy(1000, 2000), 0.0, 0.29, true});
        r.memorisation.checked = 1000;
        r.memorisation.flagged = 3;
        r.memorisation.nearest.push_back({7, 12, 1.5, 0.99});
        r.diversity = {40.0, 20.0};
        const std::string text = formatRealismReport(r);
        QVERIFY(text.find("CNN observer") != std::string::npos);
        QVERIFY(text.find("0.950") != std::string::npos);
        QVERIFY(text.find("p < 0.001") != std::string::npos);
        QVERIFY(text.find("air: fraction above 0") != std::string::npos);
        QVERIFY(text.find("p 1.000") != std::string::npos);
        QVERIFY(text.find("3 of 1000 created images") != std::string::npos);
        QVERIFY(text.find("created #7 ~ real #12") != std::string::npos);
        QVERIFY(text.find("ratio 0.50") != std::string::npos);
        QVERIFY(text.find("Memorisation: not beyond chance") != std::string::npos);
        r.memorisation.flagged = 40;
        QVERIFY(formatRealismReport(r).find("Memorisation: SUSPECTED") != std::string::npos);
    }

    // 1 % of created images fall below the real 1st percentile by chance; the
    // verdict is the one-sided binomial tail (values from exact sums).
    void memorisationIsJudgedAgainstChance()
    {
        MemorisationResult m;
        m.checked = 1000;
        const std::pair<int, double> expected[] = {{0, 1.0}, {10, 0.5427}, {16, 0.04787}, {18, 0.01383}, {25, 4.203e-5}};
        for (const auto& [flagged, p] : expected) {
            m.flagged = flagged;
            QVERIFY2(std::abs(memorisationP(m) - p) < 1e-3 * std::max(p, 0.01), qPrintable(QString::number(memorisationP(m))));
        }
        m.flagged = 18;
        QVERIFY(!memorisationSuspected(m));
        m.flagged = 25;
        QVERIFY(memorisationSuspected(m));
        m.checked = 200;
        m.flagged = 200; // every image a copy
        QVERIFY(memorisationSuspected(m));
        QVERIFY(memorisationP(m) < 1e-300 || memorisationP(m) == 0.0);
    }
};

QTEST_APPLESS_MAIN(TestRealismCues)
#include "tst_realismcues.moc"
