// The reader's window when the project server goes away (a cluster of this
// test's own, stopped and started again): the quiz says so plainly, keeps the
// answer in hand, and records it once when the server is back.
#include "../postgres/privatecluster.h"
#include "../studies/studyfixture.h"

#include "gui/darktheme.h"
#include "gui/quizwindow.h"
#include "studies/readeraccess.h"
#include "studies/readersession.h"

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

using namespace tr;
using namespace tr::gui;
using namespace tr::studies;
using namespace tr::studies::testing;

class TestQuizOutage : public QObject {
    Q_OBJECT

    PrivateCluster m_cluster;

private Q_SLOTS:
    void initTestCase()
    {
        applyDarkTheme(*qApp);
        QVERIFY(m_cluster.start());
    }

    void theQuizWaitsWithTheAnswerInHand()
    {
        QTemporaryDir dir;
        const QString url = buildStudyProject(dir);
        QVERIFY(!url.isEmpty());
        QString login;
        {
            auto project = Project::open(url);
            QVERIFY(project);
            auto& db = project->database();
            auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
            QVERIFY(access && addReader(db, {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), 3}));
            auto made = grantReaderLogin(db, *access, QStringLiteral("NR1"), QStringLiteral("a reader's password"));
            QVERIFY(made && prepareSession(db, *access, QStringLiteral("s"), QStringLiteral("NR1")));
            login = *made;
        }
        qputenv("PGPASSWORD", "a reader's password"); // the cluster asks the readers' roles for theirs
        auto opened = QuizWindow::open(QString(url).replace(QStringLiteral("postgres@"), login + QLatin1Char('@')),
            QStringLiteral("s"), QStringLiteral("NR1"));
        QVERIFY2(opened, opened ? "" : opened.error().toString().c_str());
        std::unique_ptr<QuizWindow> w = std::move(*opened);
        w->resize(1280, 800);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QSignalSpy onsets(w.get(), &QuizWindow::imageOnset);
        QTest::keyClick(w.get(), Qt::Key_Space);
        QVERIFY(onsets.count() >= 1 || onsets.wait(5000));
        QTest::keyClick(w.get(), Qt::Key_R);
        QCOMPARE(w->page(), QuizWindow::Page::Feedback);
        QTest::keyClick(w.get(), Qt::Key_Space);
        QVERIFY(onsets.count() >= 2 || onsets.wait(5000));

        QVERIFY(m_cluster.pause());
        QTest::keyClick(w.get(), Qt::Key_C);
        QCOMPARE(w->page(), QuizWindow::Page::Waiting);
        auto* waiting = w->findChild<QLabel*>(QStringLiteral("waiting"));
        QVERIFY(waiting && waiting->isVisible());
        QVERIFY(waiting->text().contains(QStringLiteral("Your answer is kept")));
        w->grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/quiz-server-lost.png"));
        // Leaving now would lose the answer in hand, and the question says so.
        QString asked;
        QTimer::singleShot(300, this, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                asked = box->text();
                box->button(QMessageBox::No)->click();
            }
        });
        w->close();
        QVERIFY2(asked.contains(QStringLiteral("not saved yet")), qPrintable(asked));
        QVERIFY(w->isVisible());
        QTest::keyClick(w.get(), Qt::Key_R); // keys do nothing while waiting
        QTest::qWait(2 * QuizWindow::kRetryMs + 500); // retries fail meanwhile
        QCOMPARE(w->page(), QuizWindow::Page::Waiting);

        QVERIFY(m_cluster.resume());
        QTRY_COMPARE_WITH_TIMEOUT(w->page(), QuizWindow::Page::Feedback, 4 * QuizWindow::kRetryMs);
        QVERIFY(w->feedbackText().contains(QStringLiteral("Your answer: created")));
        w.reset();

        auto project = Project::open(url);
        QVERIFY(project);
        QSqlQuery q(project->database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT p.position, v.verdict, v.disturbed FROM verdict v JOIN presentation p ON "
                                      "p.id = v.presentation_id ORDER BY p.position")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QCOMPARE(q.value(2).toInt(), 0);
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        QCOMPARE(q.value(1).toString(), QStringLiteral("created"));
        QCOMPARE(q.value(2).toInt(), 1);
        QVERIFY(!q.next());
    }
};

QTEST_MAIN(TestQuizOutage)
#include "tst_quizoutage.moc"
