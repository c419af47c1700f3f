// The demo study of the README's first command, made for real: the shipped
// real slices of the default generator's 43 training subjects, the embedded
// default generator, a quiz that opens on it.
#include "gui/demostudy.h"
#include "gui/quizimageview.h"
#include "gui/quizwindow.h"
#include "studies/imagepool.h"
#include "studies/project.h"
#include "studies/sealedsources.h"
#include "studies/study.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace tr;

class TestDemoStudy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void madeOnceThenReused()
    {
        QTemporaryDir dir;
        QStringList steps;
        const auto demo = gui::ensureDemoStudy(dir.path(), [&](const QString& s) { steps << s; });
        QVERIFY2(demo.ok(), demo.ok() ? "" : demo.error().toString().c_str());
        QCOMPARE(steps.size(), 3);
        QCOMPARE(demo->readers, (QStringList{"R1", "R2", "R3"}));
        const QDateTime made = QFileInfo(demo->projectPath).lastModified();
        {
            auto project = studies::Project::open(demo->projectPath);
            QVERIFY(project.ok());
            // The demo is sealed like every project file; its passphrase is in the README.
            QVERIFY(studies::sealingEnabled(project->database()).value());
            QVERIFY(studies::unlockCoordinator(project->database(), QString::fromLatin1(gui::kDemoPassphrase)).ok());
            const auto pools = studies::pools(project->database());
            QCOMPARE(pools->size(), std::size_t{2});
            for (const auto& p : *pools) {
                QCOMPARE(p.size, 200);
                QCOMPARE(p.resolution, 64);
            }
            QCOMPARE(pools->at(1).modelSha256.left(8), QStringLiteral("0d9a7b9b")); // the shipped generator
            // The real slices: the shipped ones of the generator's own subjects, many of them, not one brain.
            const auto& real = pools->at(0);
            QCOMPARE(real.name, QStringLiteral("ixi-colin27"));
            QVERIFY2(real.recipe.contains(QStringLiteral("IXI dataset, brain-development.org (CC BY-SA 3.0)")), qPrintable(real.recipe));
            QVERIFY(real.recipe.count(QRegularExpression(QStringLiteral("\\bV0[0-9][0-9]\\b"))) >= 30);
            QVERIFY(real.recipe.contains(QStringLiteral("V043"))); // Colin27
            const auto images = studies::poolImages(project->database(), real.name);
            QFile first(QStringLiteral(TR_SOURCE_DIR "/resources/models/demo-real-64/0000.png"));
            QVERIFY(first.open(QIODevice::ReadOnly));
            QCOMPARE(images->front().png, first.readAll()); // stored as shipped
            const auto study = studies::study(project->database(), QStringLiteral("demo"));
            QVERIFY(study.ok());
            QCOMPARE(study->design.draw.imagesPerReader, 50);
        }
        steps.clear();
        const auto again = gui::ensureDemoStudy(dir.path(), [&](const QString& s) { steps << s; });
        QCOMPARE(again->projectPath, demo->projectPath);
        QVERIFY(steps.isEmpty()); // reused, not rebuilt
        QCOMPARE(QFileInfo(demo->projectPath).lastModified(), made);

        auto quiz = gui::QuizWindow::open(demo->projectPath, demo->study, QStringLiteral("R2"));
        QVERIFY(quiz.ok());
        (*quiz)->setConfirmClose(false);
        (*quiz)->resize(1920, 1080);
        (*quiz)->show();
        QVERIFY(QTest::qWaitForWindowExposed(quiz->get()));
        QSignalSpy onset(quiz->get(), &gui::QuizWindow::imageOnset);
        QTest::keyClick(quiz->get(), Qt::Key_Space);
        QVERIFY(onset.wait(5000));
        QCOMPARE((*quiz)->imageView()->image().size(), QSize(64, 64));
        (*quiz)->grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/quiz-demo.png"));
    }

    void unwritableFolderIsNamed()
    {
        const auto demo = gui::ensureDemoStudy(QStringLiteral("/proc/turing-reader-demo"));
        QVERIFY(!demo.ok());
        QCOMPARE(demo.error().subject, std::string("/proc/turing-reader-demo"));
    }
};

QTEST_MAIN(TestDemoStudy)
#include "tst_demostudy.moc"
