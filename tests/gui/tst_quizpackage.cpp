// The reader's quiz run from a sealed reading package (issue 16, part 5), as
// `turing-reader PACKAGE` opens it at a workstation with no network: the whole
// sitting by keys with the practice feedback the key gives, a resume after the
// window closes half-way, a completion page that says to send the file back,
// Ctrl+Shift+Q that has no passphrase to ask for; then the coordinator merges
// it and finds every answer as given. Screenshots: quizpackage-*.png.
#include "../studies/studyfixture.h"

#include "gui/quizwindow.h"
#include "quizdriver.h"
#include "studies/readersession.h"
#include "studies/readingpackage.h"

#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

using namespace tr;
using namespace tr::gui;
using namespace tr::studies;
using namespace tr::studies::testing;
using namespace tr::gui::testing;

namespace {

void shoot(QWidget* w, const char* name)
{
    w->grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/quizpackage-%1.png").arg(QLatin1String(name)));
}

std::unique_ptr<QuizWindow> openShown(const QString& package)
{
    auto info = readingPackageInfo(package);
    if (!info)
        return nullptr;
    return shownQuiz(QuizWindow::open(package, info->study, info->readerCode));
}

} // namespace

class TestQuizPackage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sittingFromAPackage()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        const QString package = dir.filePath(QStringLiteral("NR1.trpackage"));
        std::vector<KeyEntry> key;
        {
            auto project = Project::open(path);
            QVERIFY(project.ok());
            QVERIFY(addReader(project->database(), {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), 12}).ok());
            auto access = unlockCoordinator(project->database(), QString::fromLatin1(kPassphrase));
            QVERIFY(access.ok());
            auto made = makeReadingPackage(project->database(), *access, QStringLiteral("s"), QStringLiteral("NR1"), package);
            QVERIFY2(made.ok(), made.ok() ? "" : made.error().toString().c_str());
            key = *answerKey(project->database(), *access, QStringLiteral("s"), QStringLiteral("NR1"));
        }
        QCOMPARE(key.size(), std::size_t{60});

        // Half-way: the practice cases with their feedback and 20 images, then closed.
        std::vector<bool> saidCreated;
        {
            auto w = openShown(package);
            QVERIFY(w);
            QCOMPARE(w->page(), QuizWindow::Page::Instructions);
            QVERIFY(w->instructionsText().contains(QStringLiteral("50 brain MR images")));
            QSignalSpy onsets(w.get(), &QuizWindow::imageOnset);
            QTest::keyClick(w.get(), Qt::Key_Space);
            for (int i = 0; i < 30; ++i) {
                QVERIFY2(waitOnset(onsets, i + 1), qPrintable(QStringLiteral("no onset for image %1").arg(i + 1)));
                const bool sayCreated = i % 3 == 0;
                QTest::keyClick(w.get(), sayCreated ? Qt::Key_C : Qt::Key_R);
                saidCreated.push_back(sayCreated);
                if (i < 10) {
                    QCOMPARE(w->page(), QuizWindow::Page::Feedback);
                    const bool created = key[std::size_t(i)].created;
                    QVERIFY2(w->feedbackText().contains(created ? QStringLiteral("created by the computer")
                                                                : QStringLiteral("real (acquired")),
                        qPrintable(w->feedbackText()));
                    QTest::keyClick(w.get(), Qt::Key_Space);
                }
                if (i == 9)
                    QTest::keyClick(w.get(), Qt::Key_Space); // the pause before the images that count
                if (i == 15)
                    shoot(w.get(), "reading");
            }
            // Ctrl+Shift+Q: no coordinator here, so a note instead of a passphrase prompt.
            QTimer::singleShot(300, [] {
                if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                    box->grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/quizpackage-ctrl-shift-q.png"));
                    QVERIFY(box->text().contains(QStringLiteral("reading package")));
                    box->accept();
                }
            });
            QTest::keyClick(w.get(), Qt::Key_Q, Qt::ControlModifier | Qt::ShiftModifier);
            QCOMPARE(w->page(), QuizWindow::Page::Reading);
            w->setConfirmClose(false);
            w->close();
        }
        auto info = readingPackageInfo(package);
        QVERIFY(info.ok());
        QCOMPARE(info->mainAnswered, 20);

        // Opened again: on at main image 21, to the end.
        {
            auto w = openShown(package);
            QVERIFY(w);
            QSignalSpy onsets(w.get(), &QuizWindow::imageOnset);
            QTest::keyClick(w.get(), Qt::Key_Space);
            for (int i = 30; i < 60; ++i) {
                QVERIFY2(waitOnset(onsets, i - 29), qPrintable(QStringLiteral("no onset for image %1").arg(i + 1)));
                QCOMPARE(w->progressText(), QStringLiteral("%1 / 50").arg(i - 9));
                const bool sayCreated = i % 2 == 0;
                QTest::keyClick(w.get(), sayCreated ? Qt::Key_C : Qt::Key_R);
                saidCreated.push_back(sayCreated);
            }
            QCOMPARE(w->page(), QuizWindow::Page::Completed);
            auto* completed = w->findChild<QLabel*>(QStringLiteral("completed"));
            QVERIFY(completed);
            QVERIFY(completed->text().contains(QStringLiteral("NR1.trpackage")));
            QVERIFY(completed->text().contains(QStringLiteral("Send this file back")));
            shoot(w.get(), "completed");
            w->close();
        }

        // Merged: every answer as given, once.
        auto project = Project::open(path);
        QVERIFY(project.ok());
        auto access = unlockCoordinator(project->database(), QString::fromLatin1(kPassphrase));
        QVERIFY(access.ok());
        auto merged = mergeReadingPackage(project->database(), *access, package);
        QVERIFY2(merged.ok(), merged.ok() ? "" : merged.error().toString().c_str());
        QCOMPARE(merged->state, SessionState::Completed);
        QSqlQuery q(project->database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT v.verdict, v.response_ms FROM verdict v JOIN presentation p ON "
                                      "p.id = v.presentation_id ORDER BY p.block = 'main', p.position")));
        std::size_t i = 0;
        while (q.next()) {
            QVERIFY(i < saidCreated.size());
            QCOMPARE(q.value(0).toString(), saidCreated[i] ? QStringLiteral("created") : QStringLiteral("real"));
            QVERIFY(q.value(1).toLongLong() >= 0 && q.value(1).toLongLong() < 10000);
            ++i;
        }
        QCOMPARE(i, std::size_t{60});
    }
};

QTEST_MAIN(TestQuizPackage)
#include "tst_quizpackage.moc"
