// The reader choice on a real project: one line a reader with where that
// reader stands, finished sessions not choosable, arrows and Enter choose.
// A 1920 x 1080 screenshot goes to the build folder (readerchoice.png).
#include "../studies/studyfixture.h"

#include "gui/readerchoicedialog.h"
#include "studies/readersession.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QtTest>

using namespace tr;
using namespace tr::gui;
using namespace tr::studies;
using namespace tr::studies::testing;

class TestReaderChoiceDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsReadersWithProgressAndChoosesByKeys()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        QVERIFY(holdCoordinatorKey(db));
        for (const char* code : {"NR1", "NR2", "NNR1", "NNR2"})
            QVERIFY(addReader(db, {0, QString::fromLatin1(code), {},
                                      QString::fromLatin1(code).startsWith(QLatin1String("NNR"))
                                          ? QStringLiteral("non-neuroradiologist")
                                          : QStringLiteral("neuroradiologist"),
                                      5})
                        .ok());
        const Answer real{Call::Real, {}, {}, {}, 0, 800, 0};
        { // NR1 has finished, NR2 is at image 12 of 50, NNR1 halfway through practice
            auto nr1 = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
            QVERIFY(nr1->begin().ok());
            for (int i = 0; i < 60; ++i)
                QVERIFY(nr1->answer(real).ok());
            auto nr2 = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR2"));
            QVERIFY(nr2->begin().ok());
            for (int i = 0; i < 21; ++i)
                QVERIFY(nr2->answer(real).ok());
            auto nnr1 = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NNR1"));
            QVERIFY(nnr1->begin().ok());
            for (int i = 0; i < 5; ++i)
                QVERIFY(nnr1->answer(real).ok());
        }
        const auto progress = readerProgress(db, QStringLiteral("s"));
        QVERIFY(progress.ok());
        ReaderChoiceDialog dialog(*study(db, QStringLiteral("s")), *progress, QStringLiteral("A note for the demo."));
        QListWidget* list = dialog.list();
        QCOMPARE(list->count(), 4);
        QCOMPARE(list->item(0)->text(), QStringLiteral("NR1  \u00b7  neuroradiologist  \u00b7  finished"));
        QCOMPARE(list->item(1)->text(), QStringLiteral("NR2  \u00b7  neuroradiologist  \u00b7  11 of 50 answered"));
        QCOMPARE(list->item(2)->text(), QStringLiteral("NNR1  \u00b7  non-neuroradiologist  \u00b7  practice 5 of 10 done"));
        QCOMPARE(list->item(3)->text(), QStringLiteral("NNR2  \u00b7  non-neuroradiologist  \u00b7  not started"));
        QVERIFY(!(list->item(0)->flags() & Qt::ItemIsEnabled)); // finished: cannot be chosen
        QCOMPARE(dialog.chosenReader(), QStringLiteral("NR2"));  // the first that can

        dialog.setGeometry(0, 0, 1920, 1080);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/readerchoice.png"));
        QTest::keyClick(list, Qt::Key_Up); // onto the finished reader: not taken
        QCOMPARE(dialog.chosenReader(), QStringLiteral("NR2"));
        QTest::keyClick(list, Qt::Key_Down);
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(dialog.chosenReader(), QStringLiteral("NNR2"));
        QTest::keyClick(list, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.chosenReader(), QStringLiteral("NNR2"));
    }

    void saysSoWhenNobodyCanRead()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        ReaderChoiceDialog dialog(*study(project->database(), QStringLiteral("s")), {});
        QVERIFY(dialog.chosenReader().isEmpty());
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("start"))->isEnabled());
        bool said = false;
        for (const QLabel* label : dialog.findChildren<QLabel*>())
            said = said || label->text().contains(QStringLiteral("no readers yet"));
        QVERIFY(said);
    }
};

QTEST_MAIN(TestReaderChoiceDialog)
#include "tst_readerchoicedialog.moc"
