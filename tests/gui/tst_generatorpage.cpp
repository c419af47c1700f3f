// The generator page on a real project: the default generator's description
// and a gallery of its images, pools of real slices and of created images made
// in a worker thread (a bad name refused by name), and a tiny real training
// run at 64 px that is paused, resumed from its checkpoint and finished into a
// model file that the page then uses. Screenshot: workspace-generator.png.
#include "../studies/realismfixture.h"
#include "../studies/studyfixture.h"

#include "gui/darktheme.h"
#include "gui/generatorpage.h"
#include "gui/openproject.h"
#include "gui/trainingpanel.h"
#include "core/trainingdata.h"
#include "model/dcgantrainer.h"
#include "model/modelfile.h"
#include "model/trainingpreset.h"
#include "model/trainingrun.h"
#include "studies/generatorrealism.h"

#include <QApplication>
#include <QCheckBox>
#include <QScrollArea>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QTabWidget>
#include <QImage>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

using namespace tr;
using namespace tr::gui;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

QStringList column(QTableWidget* table, int c)
{
    QStringList out;
    for (int row = 0; row < table->rowCount(); ++row)
        out << table->item(row, c)->text();
    return out;
}

bool waitForState(TrainingPanel* panel, TrainingPanel::State state, int ms)
{
    QSignalSpy spy(panel, &TrainingPanel::stateChanged);
    QElapsedTimer clock;
    clock.start();
    while (panel->state() != state && clock.elapsed() < ms)
        spy.wait(ms - int(clock.elapsed()));
    return panel->state() == state;
}

// Fills the pool dialog that `button` opens and presses OK, as a coordinator
// would; the values must reach the job (they were once read from widgets the
// dialog had already deleted).
void fillPoolDialog(QPushButton* button, const QString& name, int count, int seed)
{
    QTimer::singleShot(0, [=] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->findChild<QLineEdit*>(QStringLiteral("name"))->setText(name);
        dialog->findChild<QSpinBox*>(QStringLiteral("count"))->setValue(count);
        dialog->findChild<QSpinBox*>(QStringLiteral("seed"))->setValue(seed);
        if (auto* side = dialog->findChild<QComboBox*>(QStringLiteral("side")))
            side->setCurrentIndex(side->findData(64));
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    });
    QTest::mouseClick(button, Qt::LeftButton);
}

} // namespace

class TestGeneratorPage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    OpenProject m_open;

private Q_SLOTS:
    void initTestCase()
    {
        applyDarkTheme(*qApp);
        const QString path = buildStudyProject(m_dir, {}, 40, 40);
        QVERIFY(!path.isEmpty());
        auto opened = Project::open(path);
        QVERIFY(opened.ok());
        m_open.project = std::make_unique<Project>(std::move(*opened));
        m_open.access = *unlockCoordinator(m_open.db(), QString::fromLatin1(kPassphrase));
    }

    void defaultGeneratorGalleryAndPools()
    {
        GeneratorPage page;
        page.resize(1600, 1000);
        page.setProject(&m_open);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(column(page.poolTable(), 0), (QStringList{QStringLiteral("real"), QStringLiteral("created")}));
        const auto used = page.useModel(QStringLiteral("default"));
        QVERIFY2(used.ok(), used.ok() ? "" : used.error().toString().c_str());
        QVERIFY2(page.modelInfoText().startsWith(QStringLiteral("64 \u00d7 64 px; trained on")), qPrintable(page.modelInfoText()));
        QVERIFY(page.showGallery(16, 7).ok());
        QCOMPARE(page.gallery()->count(), 16);
        QCOMPARE(page.gallery()->item(0)->icon().availableSizes().front(), QSize(64, 64));

        QSignalSpy made(&page, &GeneratorPage::jobFinished);
        page.makeRealPool(QStringLiteral("real-2"), 30, 9, 64);
        QVERIFY(made.wait(120000));
        QVERIFY2(made.back()[0].toBool(), qPrintable(made.back()[1].toString()));
        page.makeCreatedPool(QStringLiteral("created-2"), 20, 3);
        QVERIFY(made.wait(120000));
        QVERIFY2(made.back()[0].toBool(), qPrintable(made.back()[1].toString()));
        QCOMPARE(column(page.poolTable(), 0).mid(2), (QStringList{QStringLiteral("real-2"), QStringLiteral("created-2")}));
        QCOMPARE(column(page.poolTable(), 2).mid(2), (QStringList{QStringLiteral("30"), QStringLiteral("20")}));
        page.makeCreatedPool(QStringLiteral("bad name!"), 5, 1);
        QVERIFY(made.wait(120000));
        QVERIFY(!made.back()[0].toBool());
        QVERIFY2(made.back()[1].toString().contains(QStringLiteral("name")), qPrintable(made.back()[1].toString()));
        QCOMPARE(page.poolTable()->rowCount(), 4); // nothing stored

        // A broken image taken out of the new pool, with its reason; the study's pools stay whole.
        QVERIFY(page.showPool(QStringLiteral("created-2")).ok());
        QCOMPARE(page.gallery()->count(), 20);
        QVERIFY(page.discard(QStringLiteral("created-2"), 5, QStringLiteral("a stripe artefact")).ok());
        QCOMPARE(page.gallery()->item(5)->text(), QStringLiteral("5 discarded"));
        QVERIFY(!(page.gallery()->item(5)->flags() & Qt::ItemIsEnabled));
        QCOMPARE(column(page.poolTable(), 2)[3], QStringLiteral("19"));
        const auto refused = page.discard(QStringLiteral("created"), 1, QStringLiteral("looks odd"));
        QVERIFY(!refused.ok()); // study "s" draws from it
        QVERIFY(QString::fromStdString(refused.error().message).contains(QStringLiteral("draws from this pool")));
    }

    // The realism tab on a project of four subjects: the default generator
    // measured in a worker thread (the fast observers, as a coordinator may
    // choose), the report shown and kept; a stop keeps nothing.
    void realismTab()
    {
        if (!realismDataPresent())
            QSKIP("shared/data/t1/ixi is not beside this checkout");
        QTemporaryDir dir;
        const QString path = buildRealismProject(dir);
        QVERIFY(!path.isEmpty());
        OpenProject open;
        auto opened = Project::open(path);
        QVERIFY(opened.ok());
        open.project = std::make_unique<Project>(std::move(*opened));
        GeneratorPage page;
        page.resize(1600, 1000);
        page.setProject(&open);
        QVERIFY(page.useModel(QStringLiteral("default")).ok());
        auto* tabs = page.findChild<QTabWidget*>(QStringLiteral("tabs"));
        QVERIFY(tabs);
        tabs->setCurrentIndex(2);
        QCOMPARE(tabs->tabText(2), QStringLiteral("Realism"));
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY2(page.realismText().contains(QStringLiteral("No realism report")), qPrintable(page.realismText()));

        QSignalSpy finished(&page, &GeneratorPage::jobFinished);
        studies::RealismRequest stopped;
        stopped.realCount = 120;
        stopped.createdCount = 120;
        page.startRealismReport(stopped);
        page.stopRealism();
        QVERIFY(finished.wait(120000));
        QVERIFY(!finished.back()[0].toBool());
        QVERIFY2(finished.back()[1].toString().contains(QStringLiteral("stopped")), qPrintable(finished.back()[1].toString()));
        QVERIFY(page.realismText().contains(QStringLiteral("No realism report")));

        // As the coordinator does it: the counts and the observer choice in the tab, then the button.
        page.findChild<QSpinBox*>(QStringLiteral("realism-real"))->setValue(160);
        page.findChild<QSpinBox*>(QStringLiteral("realism-created"))->setValue(160);
        page.findChild<QCheckBox*>(QStringLiteral("realism-observer"))->setChecked(false);
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("realism-run")), Qt::LeftButton);
        QVERIFY(page.busy());
        QVERIFY(finished.wait(300000));
        QVERIFY2(finished.back()[0].toBool(), qPrintable(finished.back()[1].toString()));
        QVERIFY2(page.realismText().contains(QStringLiteral("Realism of 64 x 64 created images against real slices of 4 subjects")),
            qPrintable(page.realismText()));
        QVERIFY(page.realismText().contains(QStringLiteral("grey-level histogram")));
        QVERIFY(page.realismText().contains(QStringLiteral("CNN observer                       not run")));
        const auto* sheet = page.findChild<QLabel*>(QStringLiteral("realism-sheet"));
        QVERIFY(!sheet->pixmap().isNull());
        QCOMPARE(page.findChild<QProgressBar*>(QStringLiteral("realism-progress"))->value(), 100);
        auto kept = realismReports(open.db());
        QVERIFY(kept);
        QCOMPARE(int(kept->size()), 1);
        page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-realism.png"));
    }

    // Both "New pool" dialogs, driven by the mouse: what was typed becomes the pool.
    void poolDialogs()
    {
        GeneratorPage page;
        page.resize(1600, 1000);
        page.setProject(&m_open);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.useModel(QStringLiteral("default")).ok());
        QSignalSpy made(&page, &GeneratorPage::jobFinished);
        fillPoolDialog(page.findChild<QPushButton*>(QStringLiteral("new-real-pool")), QStringLiteral("dialog-real"), 7, 4);
        QVERIFY(made.wait(120000));
        QVERIFY2(made.back()[0].toBool(), qPrintable(made.back()[1].toString()));
        fillPoolDialog(page.findChild<QPushButton*>(QStringLiteral("new-created-pool")), QStringLiteral("dialog-created"), 5, 2);
        QVERIFY(made.wait(120000));
        QVERIFY2(made.back()[0].toBool(), qPrintable(made.back()[1].toString()));
        const QStringList names = column(page.poolTable(), 0);
        const QStringList counts = column(page.poolTable(), 2);
        const QStringList sizes = column(page.poolTable(), 3);
        const auto real = names.indexOf(QStringLiteral("dialog-real"));
        const auto created = names.indexOf(QStringLiteral("dialog-created"));
        QVERIFY2(real >= 0 && created >= 0, qPrintable(names.join(u',')));
        QCOMPARE(counts[real], QStringLiteral("7"));
        QCOMPARE(counts[created], QStringLiteral("5"));
        QVERIFY2(sizes[real].startsWith(QStringLiteral("64")), qPrintable(sizes[real]));
    }

    // Created images from elsewhere: a TorchScript module and a folder any
    // program wrote; the folder's refused files are listed by name.
    void poolsFromElsewhere()
    {
        GeneratorPage page;
        page.resize(1600, 1000);
        page.setProject(&m_open);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // A module as the generator in use: its gallery and description, as for our own.
        const auto used = page.useModel(QStringLiteral(TR_TEST_DATA_DIR "/torchscript/tiny_generator.pt"));
        QVERIFY2(used.ok(), used.ok() ? "" : used.error().toString().c_str());
        QVERIFY2(page.modelInfoText().contains(QStringLiteral("TorchScript module tiny_generator.pt")), qPrintable(page.modelInfoText()));
        QVERIFY(page.showGallery(8, 2).ok());
        QCOMPARE(page.gallery()->count(), 8);
        page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-torchscript-in-use.png"));
        QVERIFY(!page.useModel(QStringLiteral(TR_TEST_DATA_DIR "/torchscript/unlabelled_generator.pt")).ok());
        QSignalSpy made(&page, &GeneratorPage::jobFinished);
        page.makeCreatedPool(QStringLiteral("torchscript"), 12, 4, QStringLiteral(TR_TEST_DATA_DIR "/torchscript/tiny_generator.pt"));
        QVERIFY(made.wait(120000));
        QVERIFY2(made.back()[0].toBool(), qPrintable(made.back()[1].toString()));
        page.makeCreatedPool(QStringLiteral("colour"), 12, 4, QStringLiteral(TR_TEST_DATA_DIR "/torchscript/colour_generator.pt"));
        QVERIFY(made.wait(120000));
        QVERIFY(!made.back()[0].toBool());
        QVERIFY2(made.back()[1].toString().contains(QStringLiteral("3 channels")), qPrintable(made.back()[1].toString()));

        QTemporaryDir folder;
        for (int k = 0; k < 6; ++k) {
            QImage image(64, 64, QImage::Format_Grayscale8);
            image.fill(uchar(20 + 30 * k));
            QVERIFY(image.save(folder.filePath(QStringLiteral("s%1.png").arg(k))));
        }
        QFile::copy(folder.filePath(QStringLiteral("s1.png")), folder.filePath(QStringLiteral("s1-again.png")));
        QFile broken(folder.filePath(QStringLiteral("s9.png")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("\x89PNG not really");
        broken.close();
        page.importFolderPool(QStringLiteral("folder"), folder.path(), 3);
        QVERIFY(made.wait(120000));
        QVERIFY2(made.back()[0].toBool(), qPrintable(made.back()[1].toString()));
        QVERIFY2(made.back()[1].toString().contains(QStringLiteral("2 files refused")), qPrintable(made.back()[1].toString()));
        QCOMPARE(page.lastRefusals().size(), 2);
        // Name order: "s1-again.png" comes before "s1.png", so the later one is the duplicate.
        QVERIFY2(page.lastRefusals()[0].startsWith(QStringLiteral("s1.png: the same image as s1-again.png")),
            qPrintable(page.lastRefusals().join(u'\n')));
        QVERIFY(page.lastRefusals()[1].startsWith(QStringLiteral("s9.png: not a readable PNG")));
        auto* box = page.findChild<QMessageBox*>(QStringLiteral("refused-files"));
        QVERIFY(box);
        QVERIFY(box->detailedText().contains(QStringLiteral("s9.png")));
        const QStringList names = column(page.poolTable(), 0);
        QVERIFY(names.contains(QStringLiteral("torchscript")));
        QVERIFY(!names.contains(QStringLiteral("colour")));
        const auto at = names.indexOf(QStringLiteral("folder"));
        QVERIFY(at >= 0);
        QCOMPARE(column(page.poolTable(), 2)[at], QStringLiteral("6"));
        QVERIFY(column(page.poolTable(), 4)[at].contains(QStringLiteral("image folder")));
        if (auto* tabs = page.findChild<QTabWidget*>())
            for (int t = 0; t < tabs->count(); ++t)
                if (tabs->tabText(t) == QStringLiteral("Image pools"))
                    tabs->setCurrentIndex(t);
        page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-pools-from-elsewhere.png"));
        box->close();
    }

    // What the CLI's generate, augment and prepare write, from the page.
    void filesForWorkElsewhere()
    {
        GeneratorPage page;
        page.setProject(&m_open);
        QVERIFY(page.useModel(QStringLiteral("default")).ok());
        QSignalSpy finished(&page, &GeneratorPage::jobFinished);
        const QString images = m_dir.filePath(QStringLiteral("images"));
        page.saveImages(images, 6, 2);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.back()[0].toBool(), qPrintable(finished.back()[1].toString()));
        QCOMPARE(QDir(images).entryList({QStringLiteral("created_*.png")}).size(), 6);
        QFile manifest(images + QStringLiteral("/manifest.csv"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QCOMPARE(manifest.readAll().trimmed().count('\n'), 6); // a header and six images

        const QString set = m_dir.filePath(QStringLiteral("set"));
        page.exportTrainingImages(QStringLiteral("V001"), set, 12, 64);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.back()[0].toBool(), qPrintable(finished.back()[1].toString()));
        QCOMPARE(QDir(set).entryList({QStringLiteral("V001_*.png")}).size(), 12);

        const QString file = m_dir.filePath(QStringLiteral("all.trdata"));
        page.writeTrainingData(file, 64);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.back()[0].toBool(), qPrintable(finished.back()[1].toString()));
        const auto data = core::readTrainingData(file.toStdString());
        QVERIFY(data.ok());
        QCOMPARE(data->volumes.size(), std::size_t{1});

        page.saveImages(QStringLiteral("/proc/no/such/folder"), 2, 1);
        QVERIFY(finished.wait(120000));
        QVERIFY(!finished.back()[0].toBool());
        QVERIFY2(finished.back()[1].toString().contains(QStringLiteral("/proc/no/such/folder")), qPrintable(finished.back()[1].toString()));
    }

    // The recipe chooser: the recommended preset is the default, choosing the
    // paper's fills the form with it, any change shows "custom", and the form's
    // settings are exactly the preset's.
    void presetsFillTheForm()
    {
        GeneratorPage page;
        page.resize(1600, 1000);
        page.setProject(&m_open);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        TrainingPanel* panel = page.training();
        auto* preset = panel->findChild<QComboBox*>(QStringLiteral("preset"));
        auto* line = panel->findChild<QLabel*>(QStringLiteral("preset-line"));
        QVERIFY(preset && line);
        const auto& recommended = model::recommendedPreset();
        QCOMPARE(panel->presetName(), QString::fromStdString(recommended.name));
        QVERIFY(panel->settings().options == recommended.options);
        QCOMPARE(panel->settings().epochs, recommended.epochs);
        QCOMPARE(line->text(), QString::fromStdString(recommended.line));

        preset->setCurrentIndex(preset->findData(QStringLiteral("paper")));
        QCOMPARE(panel->presetName(), QStringLiteral("paper"));
        QVERIFY(panel->settings().options == model::DcganOptions{});
        QVERIFY(line->text().contains(QStringLiteral("Kikuchi")));

        auto* diffAugment = panel->findChild<QCheckBox*>(QStringLiteral("diffaugment"));
        QVERIFY(diffAugment);
        diffAugment->setChecked(true);
        QCOMPARE(panel->presetName(), QStringLiteral("custom"));
        QVERIFY(panel->settings().options.diffAugment);
        diffAugment->setChecked(false); // back to the paper's values: the paper's name again
        QCOMPARE(panel->presetName(), QStringLiteral("paper"));

        QVERIFY(panel->choosePreset(QStringLiteral("recommended")));
        QVERIFY(panel->settings().options == recommended.options);
        QVERIFY(!panel->choosePreset(QStringLiteral("fastest")));
        auto* minutes = panel->findChild<QDoubleSpinBox*>(QStringLiteral("minutes"));
        QVERIFY(minutes);
        minutes->setValue(90);
        QCOMPARE(panel->settings().maxSeconds, 5400.0);
        QCOMPARE(panel->presetName(), QString::fromStdString(recommended.name)); // a time limit is no recipe change
        for (auto* box : panel->findChildren<QCheckBox*>())
            if (box->text() == QStringLiteral("More settings"))
                box->setChecked(true);
        QTest::qWait(50);
        // With every setting shown, the form fits its scroll area's width,
        // on the 1366 x 768 laptop of tst_workspaceflow as on a large screen.
        page.resize(1366 - 220, 768 - 60);
        QTest::qWait(50);
        auto* scroll = panel->findChild<QScrollArea*>(QStringLiteral("training-settings"));
        QVERIFY(scroll && scroll->widget());
        QVERIFY2(scroll->widget()->minimumSizeHint().width() <= scroll->viewport()->width(),
            qPrintable(QStringLiteral("form %1 px, viewport %2 px")
                           .arg(scroll->widget()->minimumSizeHint().width())
                           .arg(scroll->viewport()->width())));
        page.resize(1600, 1000);
        QTest::qWait(50);
        page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-training-presets.png"));
    }

    void trainPauseResumeFinish()
    {
        GeneratorPage page;
        page.resize(1600, 1000);
        page.setProject(&m_open);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        TrainingPanel* panel = page.training();

        // Nothing to train on: said, nothing started.
        panel->setVolumes({});
        panel->start();
        QCOMPARE(panel->state(), TrainingPanel::State::Failed);
        QVERIFY(panel->statusText().contains(QStringLiteral("at least one scan")));

        model::TrainingSettings s;
        s.options.resolution = 64;
        s.options.batchSize = 16;
        s.options.modeSeekingWeight = 1.0;
        s.options.realLabel = 0.9;                          // one-sided label smoothing
        s.options.discriminatorFirstLayerBatchNorm = false; // DCGAN's discriminator
        s.checkpointEverySteps = 3;
        s.keepEpochCheckpoints = true;
        s.epochs = 2;
        s.seed = 5;
        panel->setSettings(s, 64); // 4 steps an epoch
        const model::TrainingSettings back = panel->settings();
        QCOMPARE(back.options.realLabel, 0.9);
        QCOMPARE(back.options.discriminatorFirstLayerBatchNorm, false);
        QCOMPARE(back.checkpointEverySteps, std::int64_t{3});
        panel->setVolumes({QStringLiteral("V001")});
        const QString modelFile = m_dir.filePath(QStringLiteral("tiny.trmodel"));
        panel->setModelPath(modelFile);
        QSignalSpy steps(panel, &TrainingPanel::progressed);
        QSignalSpy ready(panel, &TrainingPanel::modelReady);
        panel->start();
        QVERIFY(steps.wait(120000));
        panel->pause();
        QVERIFY(waitForState(panel, TrainingPanel::State::Paused, 120000));
        QVERIFY(QFileInfo::exists(modelFile + QStringLiteral(".checkpoint")));
        const int before = panel->lossPoints();
        QVERIFY(before >= 1 && before < 8);
        panel->resume();
        QVERIFY(waitForState(panel, TrainingPanel::State::Finished, 300000));
        QCOMPARE(panel->lossPoints(), 8); // 2 epochs x 4 steps, no step twice
        QCOMPARE(ready.size(), 1);
        QVERIFY(panel->lastSampleGrid().endsWith(QStringLiteral("epoch-002.png")));
        // The model file is real and the page uses it.
        auto model = model::GeneratorModel::load(modelFile.toStdString());
        QVERIFY2(model.ok(), model.ok() ? "" : model.error().toString().c_str());
        QCOMPARE(model->info().options.resolution, 64);
        QCOMPARE(model->info().imagesSeen, std::int64_t{128});
        // The model file records the training-only settings; the checkpoint keeps them too.
        QVERIFY2(QString::fromStdString(model->info().training).contains(QStringLiteral("mode-seeking weight 1, real label 0.9, discriminator first-layer batch norm no")),
            model->info().training.c_str());
        QVERIFY(page.modelInfoText().contains(QStringLiteral("real label 0.9")));
        model::RunState state;
        const auto trainer = model::DcganTrainer::loadCheckpoint((modelFile + QStringLiteral(".checkpoint")).toStdString(), state);
        QVERIFY(trainer.ok());
        QCOMPARE((*trainer)->options().realLabel, 0.9);
        QCOMPARE((*trainer)->options().discriminatorFirstLayerBatchNorm, false);
        for (int epoch : {1, 2}) // each epoch's end kept
            QVERIFY(QFileInfo::exists(QString::fromStdString(
                model::epochCheckpointPath((modelFile + QStringLiteral(".checkpoint")).toStdString(), epoch).string())));
        QCOMPARE(page.currentModel(), modelFile);
        page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-generator.png"));
    }
};

QTEST_MAIN(TestGeneratorPage)
#include "tst_generatorpage.moc"
