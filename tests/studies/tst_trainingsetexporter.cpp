#include "studies/trainingsetexporter.h"

#include "core/intensitynormalisation.h"
#include "core/presentation.h"
#include "core/io/volumereader.h"
#include "core/slicesampler.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include "projectlocation.h"

using namespace tr;
using namespace tr::studies;
using tr::studies::testing::projectLocation;

namespace {
const QString kStroke = QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz");

// Plausible landmarks within this scan's coordinates (LPS mm), not placed on its
// anatomy: these tests check the export's mechanics; the geometry of sampling and
// alignment is tested in tests/core.
core::Landmarks strokeLandmarks()
{
    core::Landmarks l;
    l[core::Landmark::AnteriorCommissure] = core::Vec3{0.0, -4.0, -4.0};
    l[core::Landmark::PosteriorCommissure] = core::Vec3{0.0, 22.0, -6.0};
    l[core::Landmark::MidSagittal] = core::Vec3{0.0, 10.0, 50.0};
    l[core::Landmark::Centre] = core::Vec3{0.0, 10.0, 0.0};
    return l;
}

ExportSettings smallExport(const QString& out)
{
    ExportSettings s;
    s.volume = QStringLiteral("V001");
    s.outputDir = out;
    s.grid.leftRight = {-2, 2, 2};
    s.grid.anteriorPosterior = {0, 0, 1};
    s.grid.cranioCaudal = {-1, 1, 1};
    s.grid.matrix = 64;
    s.grid.fieldOfViewMm = 200;
    return s; // 3 x 1 x 3 x 5 x 2 = 90 images
}

QStringList manifestLines(const QString& dir)
{
    QFile f(dir + QStringLiteral("/manifest.csv"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}
} // namespace

class TestTrainingSetExporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto project = Project::create(projectLocation(*m_dir, QStringLiteral("p.trproj")));
        QVERIFY(project.ok());
        const auto volume = core::io::readVolume(kStroke.toStdString());
        QVERIFY(volume.ok());
        QVERIFY(project->addVolume(*volume, QStringLiteral("nifti"), {}).ok());
        m_project.emplace(std::move(*project));
    }
    void cleanup()
    {
        m_project.reset();
        m_dir.reset();
    }

    void imagesMatchTheSamplerAndTheManifest()
    {
        QVERIFY(m_project->setLandmarks(QStringLiteral("V001"), strokeLandmarks(), LandmarkSource::Manual).ok());
        const QString out = m_dir->filePath(QStringLiteral("set"));
        auto settings = smallExport(out);
        std::atomic<bool> cancel{false};
        const auto summary = exportTrainingSet(*m_project, settings, {}, cancel);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->progress.total, std::size_t{90});
        const auto lines = manifestLines(out);
        QCOMPARE(lines.size(), 91);
        QCOMPARE(lines[0], QStringLiteral("index,volume,lr_deg,ap_deg,cc_deg,offset_mm,flipped,file"));
        QCOMPARE(lines[1], QStringLiteral("0,V001,-2,0,-1,-4,0,V001_000000.png"));
        QCOMPARE(lines[90], QStringLiteral("89,V001,2,0,1,4,1,V001_000089.png"));

        // Every pixel is the sampler's value, quantised to 8 bits.
        auto volume = m_project->loadVolume(QStringLiteral("V001"));
        core::normaliseIntensities(*volume);
        const auto frame = core::alignedFrameFromLandmarks(strokeLandmarks());
        const core::SliceSampler sampler(*volume, *frame, settings.grid);
        std::vector<float> expected(sampler.pixelCount());
        for (std::size_t index : {std::size_t{0}, std::size_t{45}, std::size_t{89}}) {
            sampler.sample(index, expected);
            const QImage image(out + QStringLiteral("/V001_%1.png").arg(index, 6, 10, QLatin1Char('0')));
            QCOMPARE(image.width(), 64);
            QCOMPARE(image.format(), QImage::Format_Grayscale8);
            int lit = 0;
            for (int y = 0; y < 64; ++y)
                for (int x = 0; x < 64; ++x) {
                    // 8 bits pass through the presentation window (core/presentation.h).
                    const int want = int(core::presentedGrey(expected[std::size_t(y * 64 + x)]));
                    QCOMPARE(int(image.constScanLine(y)[x]), want);
                    lit += want > 20;
                }
            QVERIFY(lit > 64 * 64 / 4); // a brain section, not an empty frame
        }
    }

    void sixteenBitAndRandomSubset()
    {
        QVERIFY(m_project->setLandmarks(QStringLiteral("V001"), strokeLandmarks(), LandmarkSource::Manual).ok());
        const QString out = m_dir->filePath(QStringLiteral("set16"));
        auto settings = smallExport(out);
        settings.format = ImageFormat::Png16;
        settings.count = 7;
        settings.seed = 42;
        std::atomic<bool> cancel{false};
        QVERIFY(exportTrainingSet(*m_project, settings, {}, cancel).ok());
        const auto lines = manifestLines(out);
        QCOMPARE(lines.size(), 8);
        const QString firstFile = lines[1].section(QLatin1Char(','), 7);
        QCOMPARE(QImage(out + QLatin1Char('/') + firstFile).format(), QImage::Format_Grayscale16);
        // The same seed draws the same subset.
        const auto a = selectIndices(settings), b = selectIndices(settings);
        QVERIFY(*a == *b);
        settings.seed = 43;
        QVERIFY(*selectIndices(settings) != *a);
        settings.count = 91;
        QVERIFY(!selectIndices(settings).ok());
    }

    // Stopped after the first batch, then run again: it resumes without redoing
    // or duplicating anything, and ends with the same manifest as one full run.
    void interruptedExportResumes()
    {
        QVERIFY(m_project->setLandmarks(QStringLiteral("V001"), strokeLandmarks(), LandmarkSource::Manual).ok());
        const QString out = m_dir->filePath(QStringLiteral("resume"));
        const auto settings = smallExport(out);
        std::atomic<bool> cancel{false};
        const auto first = exportTrainingSet(*m_project, settings, [&](const ExportProgress& p) {
            if (p.done > 0)
                cancel = true;
        }, cancel);
        QVERIFY(first.ok());
        QVERIFY(first->cancelled);
        QCOMPARE(first->progress.done, std::size_t{64});
        QCOMPARE(manifestLines(out).size(), 65);
        // A crash in the middle of a manifest line: the cut line is dropped and redone.
        {
            QFile manifest(out + QStringLiteral("/manifest.csv"));
            QVERIFY(manifest.open(QIODevice::Append));
            manifest.write("64,V001,0,0");
        }
        cancel = false;
        const auto second = exportTrainingSet(*m_project, settings, {}, cancel);
        QVERIFY(second.ok());
        QVERIFY(!second->cancelled);
        QCOMPARE(second->progress.resumed, std::size_t{64});
        QCOMPARE(second->progress.done, std::size_t{90});
        const auto lines = manifestLines(out);
        QCOMPARE(lines.size(), 91);
        for (int i = 1; i <= 90; ++i)
            QVERIFY(lines[i].startsWith(QString::number(i - 1) + QLatin1Char(',')));
    }

    void foreignFoldersAreNotTouched()
    {
        QVERIFY(m_project->setLandmarks(QStringLiteral("V001"), strokeLandmarks(), LandmarkSource::Manual).ok());
        const QString out = m_dir->filePath(QStringLiteral("set"));
        std::atomic<bool> cancel{false};
        auto settings = smallExport(out);
        settings.count = 3;
        QVERIFY(exportTrainingSet(*m_project, settings, {}, cancel).ok());
        const auto before = QDir(out).entryList(QDir::Files);
        settings.format = ImageFormat::Png16; // a different export into the same folder
        const auto other = exportTrainingSet(*m_project, settings, {}, cancel);
        QVERIFY(!other.ok());
        QCOMPARE(other.error().code, core::ErrorCode::AlreadyExists);
        QCOMPARE(QDir(out).entryList(QDir::Files), before);

        const QString documents = m_dir->filePath(QStringLiteral("documents"));
        QDir().mkpath(documents);
        QFile keep(documents + QStringLiteral("/thesis.txt"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.close();
        settings.outputDir = documents;
        const auto refused = exportTrainingSet(*m_project, settings, {}, cancel);
        QVERIFY(!refused.ok());
        QVERIFY(QString::fromStdString(refused.error().message).contains(QStringLiteral("not empty")));
        QCOMPARE(QDir(documents).entryList(QDir::Files), QStringList{QStringLiteral("thesis.txt")});
    }

    void missingLandmarksAreNamed()
    {
        auto partial = strokeLandmarks();
        partial[core::Landmark::MidSagittal].reset();
        QVERIFY(m_project->setLandmarks(QStringLiteral("V001"), partial, LandmarkSource::Manual).ok());
        std::atomic<bool> cancel{false};
        const auto result = exportTrainingSet(*m_project, smallExport(m_dir->filePath(QStringLiteral("x"))), {}, cancel);
        QVERIFY(!result.ok());
        const auto message = QString::fromStdString(result.error().toString());
        QVERIFY2(message.contains(QStringLiteral("(msp) is not placed")) && message.startsWith(QStringLiteral("V001")),
            qPrintable(message));
        QVERIFY(!QDir(m_dir->filePath(QStringLiteral("x"))).exists());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Project> m_project;
};

QTEST_GUILESS_MAIN(TestTrainingSetExporter)
#include "tst_trainingsetexporter.moc"
