// The realism report's evaluation on real IXI slices (shared/data): a
// "generator" that hands back training images verbatim is flagged as
// memorising; one that adds a faint constant to the air is caught by the air
// cue; real slices against real slices of other subjects leave the CNN
// observer at chance, and blurred ones do not (so the chance result is the
// observer's finding, not its weakness).
#include "core/augmentationgrid.h"
#include "core/imagecues.h"
#include "core/intensitynormalisation.h"
#include "core/io/volumereader.h"
#include "core/slicesampler.h"
#include "core/splitmix64.h"
#include "model/realismevaluation.h"
#include "model/runtimeinfo.h"

#include <QDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace tr;

namespace {

constexpr int kSide = 64;
constexpr int kPerSubject = 40;

core::AlignedFrame centredFrame(const core::Volume& v)
{
    // The volume's centre, its own axes: alignment does not matter here, only
    // that each subject's slices look like that subject.
    core::AlignedFrame frame;
    for (int axis = 0; axis < 3; ++axis) {
        double c = v.origin[std::size_t(axis)];
        for (int n = 0; n < 3; ++n)
            c += v.direction[std::size_t(axis * 3 + n)] * double(v.size[std::size_t(n)] - 1) / 2.0
                * v.spacing[std::size_t(n)];
        frame.origin[std::size_t(axis)] = c;
    }
    return frame;
}

// kPerSubject distinct grid slices of each IXI volume [first, first + count).
std::vector<core::RealismImage> subjects(int first, int count, int groupOffset, std::uint64_t seed)
{
    QDir dir(QStringLiteral(TR_SHARED_DATA_DIR "/t1/ixi"));
    const auto files = dir.entryList({QStringLiteral("*.nii.gz")}, QDir::Files, QDir::Name);
    std::vector<core::RealismImage> out;
    core::AugmentationGrid grid;
    grid.matrix = kSide;
    std::vector<float> pixels(std::size_t(kSide) * kSide);
    for (int s = first; s < first + count && s < int(files.size()); ++s) {
        auto volume = core::io::readVolume(dir.filePath(files[s]).toStdString());
        if (!volume)
            return {};
        core::normaliseIntensities(*volume);
        const core::SliceSampler sampler(*volume, centredFrame(*volume), grid);
        for (const auto index : core::distinctBelow(grid.count(), kPerSubject, seed + std::uint64_t(s))) {
            sampler.sample(std::size_t(index), pixels);
            core::RealismImage image;
            image.group = groupOffset + s;
            for (float p : pixels)
                image.pixels.push_back(std::uint8_t(std::lround(std::clamp(p, 0.0f, 1.0f) * 255.0f)));
            out.push_back(std::move(image));
        }
    }
    return out;
}

const core::ObserverResult* cue(const core::RealismReport& r, const std::string& name)
{
    for (const auto& c : r.cues)
        if (c.name == name)
            return &c;
    return nullptr;
}

model::RealismSettings fast(bool observer)
{
    model::RealismSettings s;
    s.runObserver = observer;
    s.observer.maxEpochs = 30;
    return s;
}

} // namespace

class TestRealismEvaluation : public QObject {
    Q_OBJECT

    core::RealismInput m_base; // 12 subjects as the real images
    std::atomic<bool> m_noStop{false};

private Q_SLOTS:
    void initTestCase()
    {
        if (!QDir(QStringLiteral(TR_SHARED_DATA_DIR "/t1/ixi")).exists())
            QSKIP("shared/data/t1/ixi is not beside this checkout");
        model::configureCpuThreads(2);
        m_base.side = kSide;
        m_base.real = subjects(0, 12, 0, 1);
        QCOMPARE(int(m_base.real.size()), 12 * kPerSubject);
    }

    void memorisingGeneratorIsFlagged()
    {
        core::RealismInput input = m_base;
        core::SplitMix64 random(7);
        for (int i = 0; i < 200; ++i)
            input.created.push_back({input.real[std::size_t(random.below(input.real.size()))].pixels, -1, 0});
        auto report = model::evaluateRealism(input, fast(false), {}, m_noStop);
        QVERIFY2(report, report ? "" : report.error().toString().c_str());
        const auto& m = report->memorisation;
        QCOMPARE(m.checked, 200);
        QCOMPARE(m.flagged, 200);
        QVERIFY(core::memorisationSuspected(m));
        QVERIFY(m.realThresholdRms > 5.0); // another subject's slice is never this near
        QCOMPARE(m.nearest.front().rms, 0.0);
        QVERIFY(std::abs(m.nearest.front().ssim - 1.0) < 1e-9);
        QVERIFY(m.createdMedianRms < 1e-9);
    }

    void faintAirConstantIsCaughtByTheAirCue()
    {
        core::RealismInput input = m_base;
        for (auto image : subjects(12, 12, 100, 2)) {
            const auto air = core::airMask(image.pixels, kSide);
            for (std::size_t p = 0; p < image.pixels.size(); ++p)
                if (air[p])
                    image.pixels[p] = std::uint8_t(image.pixels[p] + 2);
            input.created.push_back(std::move(image));
        }
        auto report = model::evaluateRealism(input, fast(false), {}, m_noStop);
        QVERIFY2(report, report ? "" : report.error().toString().c_str());
        const auto* air = cue(*report, "air: fraction above 0");
        QVERIFY(air);
        QVERIFY2(air->accuracy.accuracy >= 0.95, qPrintable(QString::number(air->accuracy.accuracy)));
        QVERIFY(air->realMean < 0.5 && air->createdMean > 0.95);
        QVERIFY(cue(*report, "air: mean grey level")->accuracy.accuracy >= 0.95);
        // Other subjects, not copies: nothing memorised.
        QVERIFY2(report->memorisation.flagged <= report->memorisation.checked / 20,
            qPrintable(QString::number(report->memorisation.flagged)));
        // No PNG sizes given: that cue is left out, not scored on zeros.
        QVERIFY(!cue(*report, "PNG file size"));
        QCOMPARE(report->testSubjects, 4);
        QCOMPARE(report->trainSubjects, 8);
    }

    void realAgainstRealOfOtherSubjectsIsAtChance()
    {
        core::RealismInput input = m_base;
        input.created = subjects(12, 12, 100, 2);
        auto report = model::evaluateRealism(input, fast(true), {}, m_noStop);
        QVERIFY2(report, report ? "" : report.error().toString().c_str());
        QVERIFY(report->machineRun);
        const auto& a = report->machine.accuracy;
        qInfo("real vs real: CNN %.3f (%.3f-%.3f), %s", a.accuracy, a.interval.lower, a.interval.upper,
            report->machineDetail.c_str());
        QVERIFY2(a.interval.lower <= 0.5 && a.interval.upper >= 0.5,
            qPrintable(QStringLiteral("%1 (%2-%3); %4").arg(a.accuracy).arg(a.interval.lower).arg(a.interval.upper)
                    .arg(QString::fromStdString(report->machineDetail))));
        QCOMPARE(a.tested, report->testReal + report->testCreated);
        QCOMPARE(report->testReal, report->testCreated);
        QVERIFY(report->memorisation.flagged <= report->memorisation.checked / 20);
        QVERIFY(!core::memorisationSuspected(report->memorisation));
        QVERIFY(std::abs(report->diversity.ratio() - 1.0) < 0.2);
    }

    void blurredImagesAreToldApart()
    {
        core::RealismInput input = m_base;
        for (auto image : subjects(12, 12, 100, 2)) {
            const auto source = image.pixels;
            for (int y = 1; y + 1 < kSide; ++y)
                for (int x = 1; x + 1 < kSide; ++x) {
                    int sum = 0;
                    for (int dy = -1; dy <= 1; ++dy)
                        for (int dx = -1; dx <= 1; ++dx)
                            sum += source[std::size_t((y + dy) * kSide + x + dx)];
                    image.pixels[std::size_t(y * kSide + x)] = std::uint8_t(sum / 9);
                }
            input.created.push_back(std::move(image));
        }
        auto report = model::evaluateRealism(input, fast(true), {}, m_noStop);
        QVERIFY2(report, report ? "" : report.error().toString().c_str());
        qInfo("blurred: CNN %.3f; %s", report->machine.accuracy.accuracy, report->machineDetail.c_str());
        QVERIFY2(report->machine.accuracy.accuracy >= 0.9,
            qPrintable(QString::number(report->machine.accuracy.accuracy)));
        QVERIFY(report->machine.accuracy.pValue < 1e-6);
        QVERIFY(cue(*report, "high-frequency energy in the head")->accuracy.accuracy >= 0.9);
    }

    void tooFewSubjectsIsRefused()
    {
        core::RealismInput input = m_base;
        input.real.erase(std::remove_if(input.real.begin(), input.real.end(), [](const auto& i) { return i.group > 1; }),
            input.real.end());
        input.created = subjects(12, 3, 100, 2);
        auto report = model::evaluateRealism(input, fast(false), {}, m_noStop);
        QVERIFY(!report);
        QCOMPARE(report.error().subject, std::string("volumes"));
        QVERIFY(report.error().message.find("at least 3 subjects") != std::string::npos);
    }

    void wrongSizeAndStopAreErrors()
    {
        core::RealismInput input = m_base;
        input.created = subjects(12, 3, 100, 2);
        input.created[5].pixels.pop_back();
        auto report = model::evaluateRealism(input, fast(false), {}, m_noStop);
        QVERIFY(!report);
        QCOMPARE(report.error().subject, std::string("images"));
        input.created[5].pixels.push_back(0);
        std::atomic<bool> stop{true};
        report = model::evaluateRealism(input, fast(true), {}, stop);
        QVERIFY(!report);
        QCOMPARE(report.error().subject, std::string("stopped"));
    }
};

QTEST_GUILESS_MAIN(TestRealismEvaluation)
#include "tst_realismevaluation.moc"
