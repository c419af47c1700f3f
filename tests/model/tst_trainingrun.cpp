#include "model/trainingrun.h"

#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace tr;
using namespace tr::model;

namespace {
// A small smooth "head": bright ellipsoid with a dark core, 2 mm voxels.
core::TrainingData syntheticData()
{
    core::TrainingData data;
    data.grid.matrix = 64;
    core::PreparedVolume p;
    p.pseudonym = "V001";
    p.volume.size = {40, 48, 40};
    p.volume.spacing = {2.0, 2.0, 2.0};
    p.volume.origin = {-40.0, -48.0, -40.0};
    for (std::size_t k = 0; k < 40; ++k)
        for (std::size_t j = 0; j < 48; ++j)
            for (std::size_t i = 0; i < 40; ++i) {
                const double x = (double(i) - 20) / 16, y = (double(j) - 24) / 20, z = (double(k) - 20) / 16;
                const double r = x * x + y * y + z * z;
                p.volume.voxels.push_back(r < 1.0 ? (r < 0.2 ? 0.3f : 0.8f) : 0.0f);
            }
    data.volumes.push_back(p);
    return data;
}

TrainingSettings settingsIn(const QTemporaryDir& dir)
{
    TrainingSettings s;
    s.options.resolution = 64;
    s.options.generatorWidth = 8;
    s.options.discriminatorWidth = 8;
    s.options.batchSize = 8;
    s.epochs = 2;
    s.imagesPerEpoch = 48; // 6 steps an epoch
    s.seed = 11;
    s.checkpoint = dir.filePath(QStringLiteral("run.ckpt")).toStdString();
    s.checkpointEverySteps = 4;
    return s;
}
} // namespace

class TestTrainingRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void epochOrderIsASeededPermutation()
    {
        const auto a = epochOrder(1000, 5, 0, 0);
        QCOMPARE(a.size(), std::size_t{1000});
        QCOMPARE(std::set<std::int64_t>(a.begin(), a.end()).size(), std::size_t{1000});
        QVERIFY(a == epochOrder(1000, 5, 0, 0));
        QVERIFY(a != epochOrder(1000, 5, 1, 0)); // another epoch, another order
        QVERIFY(a != epochOrder(1000, 6, 0, 0)); // another seed
        const auto capped = epochOrder(1000, 5, 0, 100);
        QVERIFY(std::equal(capped.begin(), capped.end(), a.begin()));
        QCOMPARE(capped.size(), std::size_t{100});
    }

    // Stopped between steps in the middle of the second epoch and resumed from
    // its checkpoint, a run ends with the weights of an uninterrupted one.
    void stoppedAndResumedRunMatchesAStraightRun()
    {
        const auto data = syntheticData();
        QTemporaryDir straightDir, splitDir;
        std::atomic<bool> never{false};
        auto straightSettings = settingsIn(straightDir);
        straightSettings.samplesDir = straightDir.path().toStdString();
        int reports = 0;
        const auto straight = runTraining(data, straightSettings, std::nullopt, [&](const TrainingProgress& p) {
            ++reports;
            QVERIFY(p.epoch >= 1 && p.epoch <= 2 && p.stepsPerEpoch == 6);
        }, never);
        QVERIFY2(straight.ok(), straight.ok() ? "" : straight.error().toString().c_str());
        QCOMPARE(straight->trainer->steps(), std::int64_t{12});
        QCOMPARE(reports, 12);
        QVERIFY(QFile::exists(straightDir.filePath(QStringLiteral("epoch-001.png"))));
        QVERIFY(QFile::exists(straightDir.filePath(QStringLiteral("epoch-002.png"))));

        const auto settings = settingsIn(splitDir);
        std::atomic<bool> stop{false};
        const auto first = runTraining(data, settings, std::nullopt, [&](const TrainingProgress& p) {
            if (p.step == 9)
                stop = true;
        }, stop);
        QVERIFY(first.ok());
        QVERIFY(first->stopped);
        QCOMPARE(first->trainer->steps(), std::int64_t{9});
        std::atomic<bool> go{false};
        const auto resumed = runTraining(data, settings, settings.checkpoint, {}, go);
        QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().toString().c_str());
        QVERIFY(!resumed->stopped);
        QCOMPARE(resumed->trainer->steps(), std::int64_t{12});
        QVERIFY2(resumed->trainer->weights() == straight->trainer->weights(),
            "the resumed run's weights differ from the uninterrupted run's");
    }

    // The sample folder is made before the first step (a run of hours once died
    // at its first epoch's end on a --samples folder that did not exist), and a
    // path that cannot be a folder is refused before any training, by name.
    void samplesFolderIsMadeOrRefusedBeforeTraining()
    {
        const auto data = syntheticData();
        QTemporaryDir dir;
        std::atomic<bool> never{false};
        auto settings = settingsIn(dir);
        settings.epochs = 1;
        const std::filesystem::path nested = dir.filePath(QStringLiteral("progress/run-1")).toStdString();
        settings.samplesDir = nested;
        const auto run = runTraining(data, settings, std::nullopt, {}, never);
        QVERIFY2(run.ok(), run.ok() ? "" : run.error().toString().c_str());
        QVERIFY(std::filesystem::exists(nested / "epoch-001.png"));
        QVERIFY(std::filesystem::exists(settings.checkpoint));

        QTemporaryDir other;
        auto blocked = settingsIn(other);
        const std::filesystem::path file = other.filePath(QStringLiteral("samples")).toStdString();
        QFile f(QString::fromStdString(file.string()));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        blocked.samplesDir = file;
        int steps = 0;
        const auto refused = runTraining(data, blocked, std::nullopt, [&](const TrainingProgress&) { ++steps; }, never);
        QVERIFY(!refused.ok());
        QCOMPARE(steps, 0);
        QVERIFY(!std::filesystem::exists(blocked.checkpoint));
        const std::string message = refused.error().toString();
        QVERIFY2(message.find(file.string()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("--samples") != std::string::npos, message.c_str());
    }

    // Each epoch's end is kept as its own checkpoint; going back to epoch 1's and
    // training on gives the uninterrupted run's weights again.
    void epochCheckpointsAreKeptAndResumable()
    {
        QCOMPARE(epochCheckpointPath("/runs/g.trmodel.checkpoint", 3).string(),
            std::string("/runs/g.trmodel.epoch-003.checkpoint"));
        const auto data = syntheticData();
        QTemporaryDir dir;
        const auto settings = settingsIn(dir);
        std::atomic<bool> never{false};
        const auto straight = runTraining(data, settings, std::nullopt, {}, never);
        QVERIFY(straight.ok());
        const auto first = epochCheckpointPath(settings.checkpoint, 1);
        QVERIFY(std::filesystem::is_regular_file(first));
        QVERIFY(std::filesystem::is_regular_file(epochCheckpointPath(settings.checkpoint, 2)));
        QVERIFY(!std::filesystem::exists(first.string() + ".part"));
        auto again = settings;
        again.checkpoint = dir.filePath(QStringLiteral("again.checkpoint")).toStdString();
        const auto resumed = runTraining(data, again, first, {}, never);
        QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().toString().c_str());
        QCOMPARE(resumed->trainer->steps(), std::int64_t{12});
        QVERIFY2(resumed->trainer->weights() == straight->trainer->weights(),
            "resuming from epoch 1's kept checkpoint does not reproduce the run");

        auto noKeep = settings;
        noKeep.keepEpochCheckpoints = false;
        noKeep.checkpoint = dir.filePath(QStringLiteral("nokeep.checkpoint")).toStdString();
        QVERIFY(runTraining(data, noKeep, std::nullopt, {}, never).ok());
        QVERIFY(!std::filesystem::exists(epochCheckpointPath(noKeep.checkpoint, 1)));
    }

    void resumingOnOtherDataIsRefused()
    {
        const auto data = syntheticData();
        QTemporaryDir dir;
        auto settings = settingsIn(dir);
        settings.epochs = 1;
        std::atomic<bool> never{false};
        QVERIFY(runTraining(data, settings, std::nullopt, {}, never).ok());
        auto other = data;
        other.volumes[0].pseudonym = "V002";
        const auto refused = runTraining(other, settings, settings.checkpoint, {}, never);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.find("other data") != std::string::npos);
        settings.options.resolution = 128;
        const auto wrongSize = runTraining(data, settings, std::nullopt, {}, never);
        QVERIFY(!wrongSize.ok());
        QCOMPARE(wrongSize.error().subject, std::string("resolution"));
    }
};

QTEST_GUILESS_MAIN(TestTrainingRun)
#include "tst_trainingrun.moc"
