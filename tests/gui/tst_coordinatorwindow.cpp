// The coordinator's workspace on real project files: a new project and its
// passphrase, opening with a wrong and the right one, the recent list,
// locking; a study made and refused through its dialog, a reader added, and a
// reader's session started from the workspace, which comes back locked.
// Screenshots go to the build folder (workspace-*.png).
#include "../studies/studyfixture.h"

#include "gui/aboutdialog.h"
#include "gui/activitypage.h"
#include "gui/coordinatorwindow.h"
#include "gui/darktheme.h"
#include "gui/openproject.h"
#include "gui/quizwindow.h"
#include "gui/readerdialog.h"
#include "gui/studiespage.h"
#include "gui/studydialog.h"
#include "studies/readersession.h"
#include "studies/readingpackage.h"
#include "studies/sealedsources.h"
#include "studies/storagelocations.h"

#include <QAction>
#include <QApplication>
#include <algorithm>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QTimer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableWidget>
#include <QPlainTextEdit>
#include <QDialog>
#include <QtTest>

using namespace tr;
using namespace tr::gui;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

void shoot(QWidget* w, const char* name)
{
    w->grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-%1.png").arg(QLatin1String(name)));
}

QStringList column(QTableWidget* table, int c)
{
    QStringList out;
    for (int row = 0; row < table->rowCount(); ++row)
        out << table->item(row, c)->text();
    return out;
}

void clickOk(QDialog* dialog)
{
    QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

} // namespace

class TestCoordinatorWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        applyDarkTheme(*qApp); // as the application does, so the screenshots show what a coordinator sees
    }

    void projectsPassphraseAndLock()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.trproj"));
        CoordinatorWindow w;
        w.resize(1280, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.view(), CoordinatorWindow::View::Welcome);
        shoot(&w, "welcome");
        // Help > About says what 'version', 'device' and 'paths' say on the command line.
        const QString about = aboutText();
        QVERIFY(about.contains(QStringLiteral("VTK 9.")) && about.contains(QStringLiteral("LibTorch")));
        QVERIFY(about.contains(studies::storageLocations().projectsDir.toHtmlEscaped()));

        const auto tooShort = w.createProject(path, QStringLiteral("short"));
        QVERIFY(!tooShort.ok());
        QCOMPARE(tooShort.error().subject, std::string("passphrase"));
        QVERIFY(!QFileInfo::exists(path)); // no project without a passphrase is left behind
        QCOMPARE(w.view(), CoordinatorWindow::View::Welcome);

        QVERIFY(w.createProject(path, QStringLiteral("reading room 7")).ok());
        QCOMPARE(w.view(), CoordinatorWindow::View::Workspace);
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("new.trproj")));
        QCOMPARE(w.recentProjects(), QStringList{QFileInfo(path).absoluteFilePath()});
        QVERIFY(w.studiesPage()->designText().contains(QStringLiteral("No study yet")));
        w.closeProject();
        QCOMPARE(w.view(), CoordinatorWindow::View::Welcome);
        auto* recent = w.findChild<QListWidget*>(QStringLiteral("recent"));
        QCOMPARE(recent->count(), 1);
        QVERIFY(recent->item(0)->text().startsWith(QStringLiteral("new.trproj")));

        const auto wrong = w.openProject(path, QStringLiteral("reading room 8"));
        QCOMPARE(wrong.error().code, core::ErrorCode::PermissionDenied);
        QCOMPARE(w.view(), CoordinatorWindow::View::Welcome);
        QVERIFY(w.openProject(path, QStringLiteral("reading room 7")).ok());
        QCOMPARE(w.view(), CoordinatorWindow::View::Workspace);
        QVERIFY(w.project()->access.has_value());

        w.lock();
        QCOMPARE(w.view(), CoordinatorWindow::View::Locked);
        QVERIFY(!w.project()->access.has_value());
        auto* field = w.findChild<QLineEdit*>(QStringLiteral("unlock"));
        QTest::keyClicks(field, QStringLiteral("a guess"));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(w.view(), CoordinatorWindow::View::Locked);
        shoot(&w, "locked");
        QTest::keyClicks(field, QStringLiteral("reading room 7"));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(w.view(), CoordinatorWindow::View::Workspace);

        // A new passphrase needs the current one and enough characters; then only it unlocks.
        QVERIFY(!w.changePassphrase(QStringLiteral("not the one"), QStringLiteral("reading room 9")).ok());
        QCOMPARE(w.changePassphrase(QStringLiteral("reading room 7"), QStringLiteral("short")).error().subject,
            std::string("passphrase"));
        QVERIFY(w.changePassphrase(QStringLiteral("reading room 7"), QStringLiteral("reading room 9")).ok());
        w.lock();
        QVERIFY(!w.unlock(QStringLiteral("reading room 7")));
        QVERIFY(w.unlock(QStringLiteral("reading room 9")));

        w.showPage(CoordinatorWindow::Page::Activity);
        const QStringList kinds = column(w.activityPage()->table(), 3);
        // The open, the guess and the old passphrase after the change.
        QCOMPARE(kinds.filter(QStringLiteral("coordinator unlock refused")).size(), 3);
        QVERIFY(kinds.contains(QStringLiteral("coordinator passphrase changed")));
        QVERIFY(kinds.contains(QStringLiteral("workspace locked")));
        QVERIFY(kinds.contains(QStringLiteral("workspace unlocked")));
        shoot(&w, "activity");
    }

    // Project > Seal the Image Sources, for a file an older version left open:
    // asked first (Cancel is the default), then sealed for good; every reader's
    // session is drawn. A new project file is sealed already: not offered.
    void sealingFromTheWorkspace()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir, {}, 80, 80, 42, Sources::OpenAsBefore);
        QVERIFY(!path.isEmpty());
        CoordinatorWindow w;
        w.resize(1280, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* action = w.findChild<QAction*>(QStringLiteral("seal-action"));
        QVERIFY(action && !action->isEnabled());
        QVERIFY(w.openProject(path, QString::fromLatin1(kPassphrase)).ok());
        QVERIFY(action->isEnabled());
        QVERIFY(addReader(w.project()->db(), {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), 9}).ok());
        // The question, looked at and declined: nothing is sealed.
        bool asked = false;
        QTimer::singleShot(200, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            asked = box && box->objectName() == QLatin1String("seal-dialog")
                && box->informativeText().contains(QLatin1String("for good"));
            if (box) {
                shoot(box, "seal-dialog");
                box->reject();
            }
        });
        w.sealProjectDialog();
        QVERIFY(asked);
        QVERIFY(!sealingEnabled(w.project()->db()).value());

        auto sealed = w.sealProject();
        QVERIFY2(sealed.ok(), sealed ? "" : sealed.error().toString().c_str());
        QCOMPARE(*sealed, 160);
        QVERIFY(sealingEnabled(w.project()->db()).value());
        auto events = eventLog(w.project()->db());
        QVERIFY(events.ok());
        QVERIFY(std::any_of(events->begin(), events->end(),
            [](const EventRecord& e) { return e.kind == QLatin1String("image sources sealed") && e.detail == QLatin1String("160 images"); }));
        // NR1's session was drawn by the sealing.
        QSqlQuery q(w.project()->db().db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM session")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        // Sealed once: not offered again, and again seals nothing more.
        QVERIFY(!action->isEnabled());
        QCOMPARE(w.sealProject().value(), 0);

        QTemporaryDir newer;
        const QString sealedPath = buildStudyProject(newer);
        QVERIFY(!sealedPath.isEmpty());
        QVERIFY(w.openProject(sealedPath, QString::fromLatin1(kPassphrase)).ok());
        QVERIFY(sealingEnabled(w.project()->db()).value());
        QVERIFY(!action->isEnabled());
    }

    void studiesReadersAndASession()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        CoordinatorWindow w;
        w.resize(1280, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(path, QString::fromLatin1(kPassphrase)).ok());
        StudiesPage* page = w.studiesPage();
        QCOMPARE(page->currentStudy(), QStringLiteral("s"));
        // A project file has no server logins: the button is for project servers.
        QVERIFY(page->findChild<QPushButton*>(QStringLiteral("login"))->isHidden());
        QVERIFY(page->designText().contains(QStringLiteral("10 practice images, then 50 images a reader, 40-60 %")));

        // A study through its dialog: a bad name is refused in the dialog, which stays open.
        StudyDialog* dialog = page->newStudy();
        QVERIFY(dialog && dialog->isVisible());
        shoot(dialog, "study-dialog");
        QTest::keyClicks(qobject_cast<QLineEdit*>(dialog->field(QStringLiteral("name"))), QStringLiteral("bad name!"));
        clickOk(dialog);
        QVERIFY2(dialog->problem().startsWith(QStringLiteral("name:")), qPrintable(dialog->problem()));
        QVERIFY(dialog->isVisible());
        auto* name = qobject_cast<QLineEdit*>(dialog->field(QStringLiteral("name")));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("pilot"));
        qobject_cast<QSpinBox*>(dialog->field(QStringLiteral("images")))->setValue(30);
        qobject_cast<QCheckBox*>(dialog->field(QStringLiteral("unknown")))->setChecked(true);
        auto* key = qobject_cast<QLineEdit*>(dialog->field(QStringLiteral("unknown-key")));
        key->clear();
        QTest::keyClicks(key, QStringLiteral("R")); // the real key already
        clickOk(dialog);
        QVERIFY2(dialog->problem().startsWith(QStringLiteral("keys:")), qPrintable(dialog->problem()));
        key->clear();
        QTest::keyClicks(key, QStringLiteral("Down"));
        QSignalSpy changed(page, &StudiesPage::projectChanged);
        clickOk(dialog);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(page->currentStudy(), QStringLiteral("pilot"));
        // Its blinding check, shown at once: test patterns against real slices
        // are raised, and no session starts until the coordinator acknowledges it.
        auto* blinding = page->findChild<QDialog*>(QStringLiteral("blinding-dialog"));
        QVERIFY(blinding && blinding->isVisible());
        QVERIFY(blinding->findChild<QPlainTextEdit*>(QStringLiteral("summary"))->toPlainText().contains(QStringLiteral("RAISED")));
        QVERIFY2(page->blindingText().contains(QStringLiteral("Not acknowledged")), qPrintable(page->blindingText()));
        auto* acknowledge = blinding->findChild<QPushButton*>(QStringLiteral("acknowledge"));
        QVERIFY(acknowledge && !acknowledge->isEnabled());
        shoot(blinding, "blinding-check");
        QTest::keyClicks(blinding->findChild<QLineEdit*>(QStringLiteral("acknowledgement")), QStringLiteral("a pilot with test patterns"));
        QVERIFY(acknowledge->isEnabled());
        QTest::mouseClick(acknowledge, Qt::LeftButton);
        QVERIFY2(page->blindingText().contains(QStringLiteral("Acknowledged by the coordinator")), qPrintable(page->blindingText()));
        QVERIFY(page->blindingText().contains(QStringLiteral("a pilot with test patterns")));
        QVERIFY2(page->designText().contains(QStringLiteral("then 30 images a reader")), qPrintable(page->designText()));
        QVERIFY(page->designText().contains(QStringLiteral("unknown (Down)")));

        // A reader, refused once for a code in use, then added.
        QVERIFY(addReader(w.project()->db(), {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), 9}).ok());
        ReaderDialog* readerDialog = page->addReader();
        QTest::keyClicks(readerDialog->codeField(), QStringLiteral("NR1"));
        clickOk(readerDialog);
        QVERIFY2(readerDialog->problem().contains(QStringLiteral("NR1")), qPrintable(readerDialog->problem()));
        readerDialog->codeField()->clear();
        QTest::keyClicks(readerDialog->codeField(), QStringLiteral("NNR1"));
        readerDialog->groupField()->setCurrentText(QStringLiteral("non-neuroradiologist"));
        readerDialog->yearsField()->setValue(3);
        clickOk(readerDialog);
        page->refresh();
        QCOMPARE(column(page->readerTable(), 0), (QStringList{QStringLiteral("NR1"), QStringLiteral("NNR1")}));
        QCOMPARE(page->selectedReader(), QStringLiteral("NNR1"));
        shoot(&w, "studies");

        // NR1 reads on paper: the images by position only, then the typed-in answers;
        // a bad line stops the entry, naming the file and line, and what came before stays.
        page->setCurrentStudy(QStringLiteral("s"));
        const QString folder = dir.filePath(QStringLiteral("nr1-images"));
        const auto written = page->sessionImagesTo(QStringLiteral("NR1"), folder);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().toString().c_str());
        QCOMPARE(*written, 60);
        QVERIFY(QFileInfo::exists(folder + QStringLiteral("/T10.png")) && QFileInfo::exists(folder + QStringLiteral("/50.png")));
        const QString csv = dir.filePath(QStringLiteral("nr1.csv"));
        {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("position,verdict,response_ms\n");
            for (int i = 1; i <= 10; ++i)
                f.write(QStringLiteral("T%1,real,2100\n").arg(i).toUtf8());
            f.write("1,created,1800\n2,real,2500\n3,real,900\n4,maybe,1000\n5,real,1000\n");
        }
        const auto entered = page->answersFrom(QStringLiteral("NR1"), csv);
        QVERIFY(!entered.ok());
        QCOMPARE(entered.error().subject, (csv + QStringLiteral(" line 15")).toStdString());
        page->selectReader(QStringLiteral("NR1"));
        QCOMPARE(column(page->readerTable(), 5)[0], QStringLiteral("3 / 50"));

        // NR3 reads elsewhere from a reading package: out (and not started
        // here) until the answered file is merged back.
        QVERIFY(addReader(w.project()->db(), {0, QStringLiteral("NR3"), {}, QStringLiteral("neuroradiologist"), 4}).ok());
        page->refresh();
        page->setCurrentStudy(QStringLiteral("s"));
        const QString packageFile = dir.filePath(QStringLiteral("s-NR3.trpackage"));
        const auto made = page->packageTo(QStringLiteral("NR3"), packageFile);
        QVERIFY2(made.ok(), made.ok() ? "" : made.error().toString().c_str());
        QCOMPARE(made->mainCount, 50);
        page->selectReader(QStringLiteral("NR3"));
        QCOMPARE(column(page->readerTable(), 3)[2], QStringLiteral("out as a reading package"));
        QVERIFY(!page->findChild<QPushButton*>(QStringLiteral("start"))->isEnabled());
        QVERIFY(page->findChild<QPushButton*>(QStringLiteral("package"))->isEnabled());
        shoot(&w, "studies-package-out");
        {
            auto package = ProjectDatabase::open(packageFile);
            QVERIFY(package.ok());
            auto session = ReaderSession::open(*package, QStringLiteral("s"), QStringLiteral("NR3"));
            QVERIFY2(session.ok(), session.ok() ? "" : session.error().toString().c_str());
            QVERIFY(session->skipTraining(QStringLiteral("trained on paper")).ok());
            for (int i = 0; i < 7; ++i) {
                Answer a;
                a.call = Call::Real;
                a.onsetMs = 1000;
                a.responseMs = 1500;
                QVERIFY(session->answer(a).ok());
            }
        }
        const auto merged = page->mergePackage(packageFile);
        QVERIFY2(merged.ok(), merged.ok() ? "" : merged.error().toString().c_str());
        QCOMPARE(merged->mainAnswered, 7);
        QCOMPARE(column(page->readerTable(), 3)[2], QStringLiteral("reading"));
        QCOMPARE(column(page->readerTable(), 5)[2], QStringLiteral("7 / 50"));
        QVERIFY(!page->mergePackage(packageFile).ok()); // once

        // The session, started from the workspace: locked and hidden while the quiz runs.
        page->setCurrentStudy(QStringLiteral("s"));
        page->selectReader(QStringLiteral("NNR1"));
        QSignalSpy ended(&w, &CoordinatorWindow::sittingEnded);
        QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("start")), Qt::LeftButton);
        QuizWindow* quiz = w.quiz();
        QVERIFY(quiz);
        QCOMPARE(w.view(), CoordinatorWindow::View::Locked);
        QVERIFY(!w.isVisible());
        QVERIFY(!w.project()->access.has_value());
        QVERIFY(QTest::qWaitForWindowExposed(quiz));
        QSignalSpy onsets(quiz, &QuizWindow::imageOnset);
        QTest::keyClick(quiz, Qt::Key_Space);
        for (int i = 0; i < 2; ++i) {
            QVERIFY(onsets.count() > i || onsets.wait(5000));
            QTest::keyClick(quiz, Qt::Key_C);
            QTest::keyClick(quiz, Qt::Key_Space);
        }
        QVERIFY(quiz->endSittingAsCoordinator(QString::fromLatin1(kPassphrase)));
        QVERIFY(ended.wait(5000));
        QVERIFY(!w.quiz());
        QVERIFY(w.isVisible());
        QCOMPARE(w.view(), CoordinatorWindow::View::Locked); // the reader reaches nothing
        QVERIFY(!w.unlock(QStringLiteral("not it")));
        QVERIFY(w.unlock(QString::fromLatin1(kPassphrase)));
        page->setCurrentStudy(QStringLiteral("s"));
        QCOMPARE(column(page->readerTable(), 3),
            (QStringList{QStringLiteral("reading"), QStringLiteral("practice"), QStringLiteral("reading")}));
        QCOMPARE(column(page->readerTable(), 4),
            (QStringList{QStringLiteral("10 / 10"), QStringLiteral("2 / 10"), QStringLiteral("0 / 10")}));

        // The coordinator's tools on that session: the key, a correction, ending it.
        const auto answerKey = page->answerKeyOf(QStringLiteral("NNR1"));
        QVERIFY(answerKey.ok());
        QCOMPARE(answerKey->size(), std::size_t{60});
        QCOMPARE(page->correct(QStringLiteral("NNR1"), Block::Training, 1, Call::Real, QString()).error().subject,
            std::string("reason"));
        QVERIFY(page->correct(QStringLiteral("NNR1"), Block::Training, 1, Call::Real, QStringLiteral("pressed C for R")).ok());
        QVERIFY(page->abandon(QStringLiteral("NNR1"), QStringLiteral("called away for good")).ok());
        QCOMPARE(column(page->readerTable(), 3)[1], QStringLiteral("abandoned"));
        page->selectReader(QStringLiteral("NNR1"));
        QVERIFY(!page->findChild<QPushButton*>(QStringLiteral("start"))->isEnabled());
        QVERIFY(!w.startSession(QStringLiteral("s"), QStringLiteral("NNR1"), true).ok());
    }
};

QTEST_MAIN(TestCoordinatorWindow)
#include "tst_coordinatorwindow.moc"
