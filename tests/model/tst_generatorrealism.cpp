// The realism report end to end on a real project: three IXI volumes and the
// stroke T1 with their landmarks, the shipped default generator, the model
// layer's evaluation through the bridge, the report kept in the project and
// read back; a "generator" that hands back the project's own slices verbatim
// is flagged; bad requests name their field and store nothing.
#include "../studies/realismfixture.h"

#include "model/generatorsource.h"
#include "studies/generatorrealism.h"
#include "studies/project.h"
#include "studies/realismreportjson.h"
#include "studies/resultsexport.h"
#include "studies/study.h"
#include "studies/studyresults.h"

#include <QFile>
#include <QImage>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace tr;
using namespace tr::studies;

namespace {

RealismRequest quick()
{
    RealismRequest r;
    r.realCount = 160;
    r.createdCount = 160;
    r.observer = false;
    return r;
}

} // namespace

class TestGeneratorRealism : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    std::atomic<bool> m_noStop{false};

    std::optional<Project> open()
    {
        auto p = Project::open(m_path);
        if (!p)
            qWarning("%s", p.error().toString().c_str());
        return p ? std::optional<Project>(std::move(*p)) : std::nullopt;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!testing::realismDataPresent())
            QSKIP("shared/data/t1/ixi is not beside this checkout");
        m_path = testing::buildRealismProject(m_dir);
        QVERIFY(!m_path.isEmpty());
    }

    void defaultGeneratorReportIsKeptAndReadBack()
    {
        auto project = open();
        QVERIFY(project);
        std::vector<std::string> stages;
        auto stored = evaluateGenerator(*project, quick(), model::modelLayer(),
            [&](const std::string& stage, double) {
                if (stages.empty() || stages.back() != stage)
                    stages.push_back(stage);
            },
            m_noStop);
        QVERIFY2(stored, stored ? "" : stored.error().toString().c_str());
        QVERIFY(stored->id > 0);
        const auto& r = stored->report;
        QCOMPARE(r.side, 64);
        QCOMPARE(r.realSubjects, 4);
        QVERIFY(!r.machineRun);
        QVERIFY(std::find(stages.begin(), stages.end(), "memorisation") != stages.end());
        // Both sources were encoded as a pool stores them, so the PNG cue is measured.
        QVERIFY(std::any_of(r.cues.begin(), r.cues.end(), [](const auto& c) { return c.name == "PNG file size"; }));
        QVERIFY(stored->summary.contains(QLatin1String("Realism of 64 x 64 created images")));
        const QImage sheet = QImage::fromData(stored->sheetPng, "PNG");
        QVERIFY(!sheet.isNull());
        QVERIFY(sheet.width() >= 8 * 256);

        auto all = realismReports(project->database());
        QVERIFY(all);
        QCOMPARE(int(all->size()), 1);
        const auto& back = all->front();
        QCOMPARE(back.modelSha256, stored->modelSha256);
        QCOMPARE(back.summary, stored->summary);
        QCOMPARE(back.report.cues.size(), r.cues.size());
        for (std::size_t i = 0; i < r.cues.size(); ++i) {
            QCOMPARE(back.report.cues[i].name, r.cues[i].name);
            QCOMPARE(back.report.cues[i].accuracy.correct, r.cues[i].accuracy.correct);
        }
        QCOMPARE(back.report.memorisation.flagged, r.memorisation.flagged);
        QCOMPARE(back.sheetPng, stored->sheetPng);
        QCOMPARE(int(realismReports(project->database(), QStringLiteral("00")).value().size()), 0);
        QSqlQuery q(project->database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM event WHERE kind = 'realism report'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    // The study report says what the machine observer found on its generator.
    void studyReportCarriesTheRealismSentence()
    {
        auto project = open();
        QVERIFY(project);
        RealPoolRequest real;
        real.name = QStringLiteral("real");
        real.count = 30;
        real.grid.matrix = 64;
        QVERIFY(addRealPool(*project, real));
        auto source = model::openGeneratorSource("default", "cpu");
        QVERIFY(source);
        auto batch = createdBatch(**source, 30, 9, m_noStop);
        QVERIFY(batch);
        QVERIFY(addCreatedPool(*project, QStringLiteral("created"), 9, *batch));
        auto access = setCoordinatorPassphrase(project->database(), QStringLiteral("a long passphrase"));
        QVERIFY(access);
        StudyDesign design;
        design.draw.imagesPerReader = 10;
        design.draw.trainingCases = 2;
        QVERIFY(createStudy(project->database(), *access, QStringLiteral("s"), QStringLiteral("real"),
            QStringLiteral("created"), 1, design));
        auto results = studyResults(project->database(), *access, QStringLiteral("s"));
        QVERIFY2(results, results ? "" : results.error().toString().c_str());
        QVERIFY2(results->realism.startsWith(QStringLiteral("Realism (report 1, ")), qPrintable(results->realism));
        QVERIFY(results->realism.contains(QStringLiteral("no machine observer was run")));
        QVERIFY(results->realism.contains(QStringLiteral("strongest single cue")));
        const QString text = QString::fromUtf8(renderResults(*results, ResultsFormat::Markdown));
        QVERIFY2(text.contains(results->realism), qPrintable(text.left(2000)));
    }

    void verbatimSlicesOfTheProjectAreFlagged()
    {
        auto project = open();
        QVERIFY(project);
        // The same draw the report makes of the real slices: every "created"
        // image is one of them.
        class Copying final : public core::CreatedImageSource {
        public:
            Copying(Project& p, const std::atomic<bool>& stop) : m_project(p), m_stop(stop)
            {
                m_info = {"dcgan", "c0b1c0b1c0b1c0b1c0b1c0b1c0b1c0b1c0b1c0b1c0b1c0b1c0b1c0b1c0b1c0b1", 64,
                    "copies of the project's slices", -1};
            }
            const core::CreatedImageSourceInfo& info() const override { return m_info; }
            core::Result<std::vector<core::CreatedImage>> create(int count, std::uint64_t seed,
                const std::atomic<bool>&) override
            {
                auto real = realRealismImages(m_project, 64, {}, count, seed, m_stop);
                if (!real)
                    return real.error();
                std::vector<core::CreatedImage> out;
                for (auto& image : real->real)
                    out.push_back({std::move(image.pixels), 0, {}, {}, {}});
                return out;
            }

        private:
            Project& m_project;
            const std::atomic<bool>& m_stop;
            core::CreatedImageSourceInfo m_info;
        };
        core::ModelLayer copying = model::modelLayer();
        copying.openGenerator = [&](const std::string&, const std::string&)
            -> core::Result<std::unique_ptr<core::CreatedImageSource>> {
            return std::unique_ptr<core::CreatedImageSource>(std::make_unique<Copying>(*project, m_noStop));
        };
        auto stored = evaluateGenerator(*project, quick(), copying, {}, m_noStop);
        QVERIFY2(stored, stored ? "" : stored.error().toString().c_str());
        const auto& m = stored->report.memorisation;
        QCOMPARE(m.flagged, m.checked);
        QVERIFY(stored->summary.contains(QStringLiteral("%1 of %1 created images").arg(m.checked)));
        QCOMPARE(int(realismReports(project->database()).value().size()), 2);
    }

    // The report runs on any source of created images: a TorchScript module
    // and a folder are measured and kept like the product's own generator.
    void anySourceIsMeasured()
    {
        auto project = open();
        QVERIFY(project);
        RealismRequest r = quick();
        r.model = QStringLiteral(TR_TEST_DATA_DIR "/torchscript/tiny_generator.pt");
        auto stored = evaluateGenerator(*project, r, model::modelLayer(), {}, m_noStop);
        QVERIFY2(stored, stored ? "" : stored.error().toString().c_str());
        QVERIFY(stored->modelDescription.startsWith(QStringLiteral("TorchScript module tiny_generator.pt")));
        // Random weights make nothing like a brain: the histogram alone gives it away.
        QVERIFY(stored->report.cues.front().accuracy.accuracy > 0.9);

        QTemporaryDir folder;
        auto source = model::openGeneratorSource("default", "cpu");
        QVERIFY(source);
        auto images = (*source)->create(40, 3, m_noStop);
        QVERIFY(images);
        for (std::size_t i = 0; i < images->size(); ++i) {
            QImage png((*images)[i].pixels.data(), 64, 64, 64, QImage::Format_Grayscale8);
            QVERIFY(png.save(folder.filePath(QStringLiteral("%1.png").arg(i))));
        }
        r.model = folder.path();
        r.createdCount = 40;
        stored = evaluateGenerator(*project, r, model::modelLayer(), {}, m_noStop);
        QVERIFY2(stored, stored ? "" : stored.error().toString().c_str());
        QVERIFY2(stored->modelDescription.startsWith(QStringLiteral("image folder")), qPrintable(stored->modelDescription));
        QCOMPARE(stored->report.testCreated + stored->report.trainCreated, 40);
        r.createdCount = 41;
        stored = evaluateGenerator(*project, r, model::modelLayer(), {}, m_noStop);
        QVERIFY(!stored);
        QCOMPARE(stored.error().subject, std::string("count"));
    }

    void badRequestsNameTheFieldAndKeepNothing()
    {
        auto project = open();
        QVERIFY(project);
        const auto before = realismReports(project->database()).value().size();
        RealismRequest r = quick();
        r.realCount = 5;
        auto stored = evaluateGenerator(*project, r, model::modelLayer(), {}, m_noStop);
        QVERIFY(!stored);
        QCOMPARE(stored.error().subject, std::string("real images"));
        r = quick();
        r.volumes = QStringList{QStringLiteral("V001"), QStringLiteral("V002")};
        stored = evaluateGenerator(*project, r, model::modelLayer(), {}, m_noStop);
        QVERIFY(!stored);
        QCOMPARE(stored.error().subject, std::string("volumes"));
        r.volumes = QStringList{QStringLiteral("V001"), QStringLiteral("V002"), QStringLiteral("V099")};
        stored = evaluateGenerator(*project, r, model::modelLayer(), {}, m_noStop);
        QVERIFY(!stored);
        QCOMPARE(stored.error().subject, std::string("V099"));
        r = quick();
        r.model = QStringLiteral("/nonexistent/g.trmodel");
        stored = evaluateGenerator(*project, r, model::modelLayer(), {}, m_noStop);
        QVERIFY(!stored);
        QVERIFY(stored.error().subject.find("g.trmodel") != std::string::npos);
        r = quick();
        r.device = "gpu";
        stored = evaluateGenerator(*project, r, model::modelLayer(), {}, m_noStop);
        QVERIFY(!stored);
        QCOMPARE(stored.error().subject, std::string("device"));
        std::atomic<bool> stop{true};
        stored = evaluateGenerator(*project, quick(), model::modelLayer(), {}, stop);
        QVERIFY(!stored);
        QCOMPARE(stored.error().subject, std::string("stopped"));
        QCOMPARE(realismReports(project->database()).value().size(), before);
    }

    void damagedStoredReportIsNamed()
    {
        auto project = open();
        QVERIFY(project);
        QSqlQuery q(project->database().db());
        QVERIFY(q.exec(QStringLiteral("UPDATE realism_report SET report = '{\"format\": 1}' WHERE id = 1")));
        auto all = realismReports(project->database());
        QVERIFY(!all);
        QVERIFY(all.error().message.find("Realism report 1") != std::string::npos);
        QVERIFY(all.error().message.find("run 'evaluate' again") != std::string::npos);
        QVERIFY(!realismReportFromJson("not json"));
    }
};

QTEST_MAIN(TestGeneratorRealism)
#include "tst_generatorrealism.moc"
