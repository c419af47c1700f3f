// The coordinator's whole path through the workspace, headless, on real data
// and real files: a new project; the shared test data imported (a DICOM
// series, malformed DICOM files, the stroke T1); landmarks suggested; a tiny
// generator trained at 64 px; pools of real and created images; a study and a
// reader made through their dialogs; the reader's session run by keys in the
// quiz the workspace opens; the workspace unlocked and the reader's row in
// Table 1. Screenshots of every page go to the build folder (flow-*.png).
#include "core/trainingdata.h"
#include "gui/activitypage.h"
#include "gui/coordinatorwindow.h"
#include "gui/darktheme.h"
#include "gui/datapage.h"
#include "gui/generatorpage.h"
#include "gui/openproject.h"
#include "gui/quizwindow.h"
#include "gui/readerdialog.h"
#include "gui/resultspage.h"
#include "gui/studiespage.h"
#include "gui/studydialog.h"
#include "gui/trainingpanel.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QDialog>
#include <QtTest>

using namespace tr;
using namespace tr::gui;

namespace {

const QString kPass = QStringLiteral("flow coordinator 1");

QString sharedOrLocal(const QString& shared, const QString& local)
{
    return QDir(shared).exists() ? shared : local;
}

void shoot(QWidget* w, const char* name)
{
    if (QLayout* l = w->layout())
        l->activate();
    w->grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/flow-%1.png").arg(QLatin1String(name)));
}

void clickOk(QDialog* dialog)
{
    QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

QStringList row(QTableWidget* table, int r)
{
    QStringList out;
    for (int c = 0; c < table->columnCount(); ++c)
        out << (table->item(r, c) ? table->item(r, c)->text() : QString());
    return out;
}

} // namespace

class TestWorkspaceFlow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        applyDarkTheme(*qApp);
    }

    void fromScansToTableOne()
    {
        QTemporaryDir dir;
        CoordinatorWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.createProject(dir.filePath(QStringLiteral("flow.trproj")), kPass).ok());
        QCOMPARE(w.page(), CoordinatorWindow::Page::Data); // a new project opens on its scans
        // Every page fits a 1366 x 768 laptop beside the page list.
        for (QWidget* page : std::initializer_list<QWidget*>{
                 w.dataPage(), w.generatorPage(), w.studiesPage(), w.resultsPage(), w.activityPage()})
            QVERIFY2(page->minimumSizeHint().width() <= 1366 - 220 && page->minimumSizeHint().height() <= 768 - 60,
                qPrintable(QStringLiteral("%1: %2 x %3").arg(QLatin1String(page->metaObject()->className()))
                        .arg(page->minimumSizeHint().width()).arg(page->minimumSizeHint().height())));

        // Import: a DICOM series, malformed DICOM files, a NIfTI volume.
        DataPage* data = w.dataPage();
        QSignalSpy imported(data, &DataPage::importFinished);
        const QString ge = sharedOrLocal(QStringLiteral(TR_SHARED_DATA_DIR "/dicom/ge-sag-ir-spgr"),
            QStringLiteral(TR_TEST_DATA_DIR "/dicom/ge-sag-ir-spgr"));
        const QString malformed = QStringLiteral(TR_SHARED_DATA_DIR "/dicom/malformed");
        data->startImport({QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz"), ge, malformed}, false);
        QVERIFY(imported.wait(300000));
        const auto& report = data->lastReport();
        QVERIFY(!report.empty());
        QVERIFY2(!report.front().error, report.front().error ? report.front().error->toString().c_str() : "");
        QCOMPARE(report.front().pseudonym, QStringLiteral("V001")); // the stroke T1
        int skipped = 0;
        for (const auto& o : report)
            if (o.error) {
                ++skipped;
                QVERIFY2(!o.error->message.empty(), qPrintable(o.source)); // every skip says why
            }
        if (QDir(malformed).exists())
            QVERIFY(skipped > 0);
        shoot(&w, "data-import");

        // Landmarks by registration.
        data->selectVolume(QStringLiteral("V001"));
        QSignalSpy suggested(data, &DataPage::suggestionFinished);
        data->suggestLandmarks();
        QVERIFY(suggested.wait(300000));
        QVERIFY(suggested.front().front().toBool());
        shoot(&w, "data");

        // A tiny generator, then the pools.
        w.showPage(CoordinatorWindow::Page::Generator);
        GeneratorPage* generator = w.generatorPage();
        TrainingPanel* training = generator->training();
        model::TrainingSettings s;
        s.options.resolution = 64;
        s.options.batchSize = 16;
        s.options.modeSeekingWeight = 1.0;
        s.epochs = 1;
        s.seed = 3;
        training->setSettings(s, 32);
        training->setVolumes({QStringLiteral("V001")});
        const QString modelFile = dir.filePath(QStringLiteral("flow.trmodel"));
        training->setModelPath(modelFile);
        QSignalSpy ready(training, &TrainingPanel::modelReady);
        training->start();
        QVERIFY(ready.wait(300000));
        QCOMPARE(generator->currentModel(), modelFile);
        QSignalSpy jobs(generator, &GeneratorPage::jobFinished);
        generator->makeRealPool(QStringLiteral("real"), 40, 1, 64);
        QVERIFY(jobs.wait(300000));
        QVERIFY2(jobs.back()[0].toBool(), qPrintable(jobs.back()[1].toString()));
        generator->makeCreatedPool(QStringLiteral("created"), 40, 2);
        QVERIFY(jobs.wait(300000));
        QVERIFY2(jobs.back()[0].toBool(), qPrintable(jobs.back()[1].toString()));
        QVERIFY(generator->showPool(QStringLiteral("created")).ok());
        shoot(&w, "generator");

        // A study and a reader through their dialogs.
        w.showPage(CoordinatorWindow::Page::Studies);
        StudiesPage* studies = w.studiesPage();
        StudyDialog* study = studies->newStudy();
        QVERIFY(study);
        QTest::keyClicks(qobject_cast<QLineEdit*>(study->field(QStringLiteral("name"))), QStringLiteral("flow"));
        qobject_cast<QSpinBox*>(study->field(QStringLiteral("images")))->setValue(10);
        qobject_cast<QSpinBox*>(study->field(QStringLiteral("training")))->setValue(2);
        clickOk(study);
        QVERIFY2(study->problem().isEmpty(), qPrintable(study->problem()));
        // Its blinding check, shown at once: a generator trained for seconds is
        // given away by low-level cues, and the coordinator lets the study go ahead.
        auto* blinding = studies->findChild<QDialog*>(QStringLiteral("blinding-dialog"));
        QVERIFY2(blinding, qPrintable(studies->blindingText()));
        QTest::keyClicks(blinding->findChild<QLineEdit*>(QStringLiteral("acknowledgement")), QStringLiteral("a flow test"));
        QTest::mouseClick(blinding->findChild<QPushButton*>(QStringLiteral("acknowledge")), Qt::LeftButton);
        QVERIFY2(studies->blindingText().contains(QStringLiteral("a flow test")), qPrintable(studies->blindingText()));
        ReaderDialog* reader = studies->addReader();
        QTest::keyClicks(reader->codeField(), QStringLiteral("NR1"));
        reader->yearsField()->setValue(11);
        clickOk(reader);
        QCOMPARE(studies->selectedReader(), QStringLiteral("NR1"));
        shoot(&w, "studies");

        // The reader's session, by keys, in the quiz the workspace opens.
        QSignalSpy ended(&w, &CoordinatorWindow::sittingEnded);
        QVERIFY(w.startSession(QStringLiteral("flow"), QStringLiteral("NR1"), true).ok());
        QuizWindow* quiz = w.quiz();
        QVERIFY(QTest::qWaitForWindowExposed(quiz));
        QSignalSpy onsets(quiz, &QuizWindow::imageOnset);
        QTest::keyClick(quiz, Qt::Key_Space);
        for (int i = 0; i < 12; ++i) {
            QVERIFY(onsets.count() > i || onsets.wait(10000));
            QTest::keyClick(quiz, Qt::Key_R);
            if (i < 2)
                QTest::keyClick(quiz, Qt::Key_Space); // past the feedback
            if (i == 1)
                QTest::keyClick(quiz, Qt::Key_Space); // past "practice is over"
        }
        QCOMPARE(quiz->page(), QuizWindow::Page::Completed);
        quiz->close();
        QVERIFY(ended.wait(10000));
        QCOMPARE(w.view(), CoordinatorWindow::View::Locked);
        QVERIFY(w.unlock(kPass));

        // Table 1: NR1 said "real" to everything.
        w.showPage(CoordinatorWindow::Page::Results);
        ResultsPage* results = w.resultsPage();
        results->setCurrentStudy(QStringLiteral("flow"));
        QVERIFY(results->results());
        const QStringList nr1 = row(results->table(), 0);
        QCOMPARE(nr1[0], QStringLiteral("NR1"));
        QCOMPARE(nr1[2], QStringLiteral("10"));
        QCOMPARE((QStringList{nr1[4], nr1[6], nr1[7]}), (QStringList{"0", "0", "100 %"}));
        QCOMPARE(nr1[3].toInt() + nr1[5].toInt(), 10);
        QVERIFY(nr1[5].toInt() >= 4 && nr1[5].toInt() <= 6); // 40-60 % created
        shoot(&w, "results");
        w.showPage(CoordinatorWindow::Page::Activity);
        QStringList kinds;
        for (int r = 0; r < w.activityPage()->table()->rowCount(); ++r)
            kinds << w.activityPage()->table()->item(r, 3)->text();
        for (const char* kind : {"project created", "volume imported", "landmarks set", "generator trained", "pool made",
                 "study created", "blinding check", "blinding acknowledged", "session completed", "workspace unlocked",
                 "results read"})
            QVERIFY2(kinds.contains(QLatin1String(kind)), kind);
        shoot(&w, "activity");
    }
};

QTEST_MAIN(TestWorkspaceFlow)
#include "tst_workspaceflow.moc"
