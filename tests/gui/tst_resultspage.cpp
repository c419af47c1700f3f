// The results page on a real study with three finished readers whose answers
// are known: one always right, one always wrong, one right on real images
// only. Table 1, the convention, both charts, every export and the figure.
// A screenshot goes to the build folder (workspace-results.png).
#include "../studies/studyfixture.h"

#include "gui/darktheme.h"
#include "gui/openproject.h"
#include "gui/resultspage.h"
#include "studies/readersession.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QLayout>
#include <QScatterSeries>
#include <QTableWidget>
#include <QtTest>

using namespace tr;
using namespace tr::gui;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

// Answers every image of the reader's session: right, wrong, or "real" always.
enum class Style { Right, Wrong, AlwaysReal };

bool answerAll(ProjectDatabase& db, const CoordinatorAccess& access, const QString& code, const QString& group, Style style)
{
    if (!addReader(db, {0, code, {}, group, 10}))
        return false;
    auto session = ReaderSession::open(db, QStringLiteral("s"), code);
    auto key = answerKey(db, access, QStringLiteral("s"), code);
    if (!session || !key || !session->begin())
        return false;
    for (const KeyEntry& k : *key) {
        const bool sayCreated = style == Style::Right ? k.created : style == Style::Wrong ? !k.created : false;
        if (!session->answer({sayCreated ? Call::Created : Call::Real, {}, {}, {}, 0, 1500, 0}))
            return false;
    }
    return session->state() == SessionState::Completed;
}

QStringList row(QTableWidget* table, int r)
{
    QStringList out;
    for (int c = 0; c < table->columnCount(); ++c)
        out << table->item(r, c)->text();
    return out;
}

} // namespace

class TestResultsPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { applyDarkTheme(*qApp); }

    void tableChartsExportsAndFigure()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        OpenProject open;
        auto opened = Project::open(path);
        QVERIFY(opened.ok());
        open.project = std::make_unique<Project>(std::move(*opened));
        open.access = *unlockCoordinator(open.db(), QString::fromLatin1(kPassphrase));
        QVERIFY(answerAll(open.db(), *open.access, QStringLiteral("NR1"), QStringLiteral("neuroradiologist"), Style::Right));
        QVERIFY(answerAll(open.db(), *open.access, QStringLiteral("NR2"), QStringLiteral("neuroradiologist"), Style::Wrong));
        QVERIFY(answerAll(open.db(), *open.access, QStringLiteral("NNR1"), QStringLiteral("non-neuroradiologist"), Style::AlwaysReal));

        ResultsPage page;
        page.resize(1280, 860);
        page.setProject(&open);
        QVERIFY(!page.results()); // nothing computed before the page is shown
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QVERIFY(page.results());
        const auto& r = *page.results();
        QCOMPARE(r.sessionsCompleted, 3);
        QTableWidget* t = page.table();
        QCOMPARE(t->rowCount(), 3 + 2 + 1); // readers, groups, all
        // NR1 always right: no FN, no FP; NR2 always wrong; NNR1 says real to all.
        const auto nr1 = row(t, 0), nr2 = row(t, 1), nnr1 = row(t, 2);
        QCOMPARE(nr1[0], QStringLiteral("NR1"));
        QCOMPARE((QStringList{nr1[2], nr1[4], nr1[5]}), (QStringList{"50", "0", "0"}));
        QVERIFY2(nr1[11].startsWith(QStringLiteral("1.00 (0.93")), qPrintable(nr1[11]));
        QCOMPARE((QStringList{nr2[3], nr2[6], nr2[11].left(4)}), (QStringList{"0", "0", "0.00"}));
        QCOMPARE((QStringList{nnr1[5 + 0], nnr1[6], nnr1[7], nnr1[10]}),
            (QStringList{QString::number(r.excluded.rows[2].fp), "0", "100 %", "0 %"}));
        QCOMPARE(row(t, 5)[0], QStringLiteral("All readers (3)"));
        QVERIFY(page.conventionText().contains(QStringLiteral("a real image is a positive")));
        QVERIFY2(page.summaryText().contains(QStringLiteral("Sessions: 3 completed")), qPrintable(page.summaryText()));

        // The ROC chart puts NR1 at (0, 100) and NR2 at (100, 0), by group.
        QList<QPointF> neuro;
        for (QAbstractSeries* s : page.rocView()->chart()->series())
            if (auto* points = qobject_cast<QScatterSeries*>(s); points && points->name() == QStringLiteral("neuroradiologist"))
                neuro = points->points();
        QCOMPARE(neuro, (QList<QPointF>{{0, 100}, {100, 0}}));
        // Accuracy chart: one interval a reader, the chance line, one point series a group.
        QCOMPARE(page.accuracyView()->chart()->series().size(), 3 + 1 + 2);
        page.setHandling(NoCallHandling::CountedWrong);
        QVERIFY(page.accuracyView()->chart()->title().contains(QStringLiteral("counted as wrong")));
        page.setHandling(NoCallHandling::Excluded);
        page.layout()->activate(); // the new texts' sizes, before the event loop would
        page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-results.png"));

        // Every export, into real files.
        for (auto [format, name] : {std::pair{ResultsFormat::Csv, "r.csv"}, std::pair{ResultsFormat::Markdown, "r.md"},
                 std::pair{ResultsFormat::Latex, "r.tex"}, std::pair{ResultsFormat::Html, "r.html"},
                 std::pair{ResultsFormat::Json, "r.json"}, std::pair{ResultsFormat::Pdf, "r.pdf"},
                 std::pair{ResultsFormat::Raw, "r-raw.csv"}}) {
            const QString file = dir.filePath(QLatin1String(name));
            const auto done = page.exportResults(format, file);
            QVERIFY2(done.ok(), done.ok() ? name : done.error().toString().c_str());
            QVERIFY2(QFileInfo(file).size() > 200, name);
        }
        QFile raw(dir.filePath(QStringLiteral("r-raw.csv")));
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QCOMPARE(raw.readAll().trimmed().count('\n'), 180); // a header, then 3 readers x (10 practice + 50)
        const auto unwritable = page.exportResults(ResultsFormat::Csv, QStringLiteral("/nonexistent/folder/r.csv"));
        QVERIFY(!unwritable.ok());
        QCOMPARE(unwritable.error().subject, std::string("/nonexistent/folder/r.csv"));

        QVERIFY(page.saveFigure(dir.filePath(QStringLiteral("fig.png")), 12, 4, 9).ok());
        QCOMPARE(QImage(dir.filePath(QStringLiteral("fig.png"))).width(), 4 * 256 + 5 * 8);
        QVERIFY(page.saveFigure(dir.filePath(QStringLiteral("fig.pdf"))).ok());
        QCOMPARE(page.saveFigure(dir.filePath(QStringLiteral("x.png")), 40).error().subject, std::string("count"));
    }
};

QTEST_MAIN(TestResultsPage)
#include "tst_resultspage.moc"
