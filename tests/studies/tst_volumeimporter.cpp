#include "studies/volumeimporter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "projectlocation.h"

using namespace tr;
using namespace tr::studies;
using tr::studies::testing::projectLocation;

namespace {
const QString kStroke = QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz");
const QString kIxi = QStringLiteral(TR_SHARED_DATA_DIR "/t1/ixi");
const QString kColin = QStringLiteral("/usr/share/mricron/templates/ch2.nii.gz");
const QString kHostile = QStringLiteral(TR_SOURCE_DIR "/tests/fuzz/regressions/volume");

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestVolumeImporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A folder with good scans, a truncated copy, a text file and a nested folder:
    // the good ones are imported, each bad one is reported by name.
    void badFilesAreReportedAndGoodOnesImported()
    {
        QTemporaryDir dir;
        const QString scans = dir.filePath(QStringLiteral("scans"));
        QVERIFY(QDir().mkpath(scans + QStringLiteral("/nested")));
        QVERIFY(QFile::copy(kStroke, scans + QStringLiteral("/nested/stroke.nii.gz")));
        const QByteArray whole = fileBytes(kStroke);
        QFile cut(scans + QStringLiteral("/cut.nii.gz"));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(whole.left(whole.size() / 2));
        cut.close();
        QFile text(scans + QStringLiteral("/notes.nii"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not an image at all, just a text file with a NIfTI name\n");
        text.close();
        QFile readme(scans + QStringLiteral("/README.txt")); // not a volume name: ignored in folders
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.close();

        auto project = Project::create(projectLocation(dir, QStringLiteral("p.trproj")));
        QVERIFY(project.ok());
        std::vector<ImportOutcome> reported;
        const auto outcomes = VolumeImporter(*project).importPaths(
            {scans, QStringLiteral("/nonexistent/scan.nii.gz")}, [&](const ImportOutcome& o) { reported.push_back(o); });
        QCOMPARE(outcomes.size(), std::size_t{4});
        QCOMPARE(reported.size(), outcomes.size());
        int imported = 0;
        for (const auto& o : outcomes) {
            if (!o.error) {
                ++imported;
                QVERIFY(o.source.endsWith(QStringLiteral("stroke.nii.gz")));
                QCOMPARE(o.pseudonym, QStringLiteral("V001"));
                continue;
            }
            const auto message = QString::fromStdString(o.error->toString());
            QVERIFY2(message.startsWith(o.source), qPrintable(message));
            if (o.source.endsWith(QStringLiteral("cut.nii.gz")))
                QCOMPARE(o.error->code, core::ErrorCode::Truncated);
            else if (o.source.endsWith(QStringLiteral("notes.nii")))
                QVERIFY(o.error->code == core::ErrorCode::UnsupportedFormat || o.error->code == core::ErrorCode::Corrupt);
            else
                QCOMPARE(o.error->code, core::ErrorCode::NotFound);
        }
        QCOMPARE(imported, 1);
        QCOMPARE(project->volumes()->size(), std::size_t{1});

        // Importing the same folder again adds nothing and says why.
        const auto again = VolumeImporter(*project).importPaths({scans + QStringLiteral("/nested")});
        QCOMPARE(again.size(), std::size_t{1});
        QVERIFY(again[0].error);
        QVERIFY(QString::fromStdString(again[0].error->message).contains(QStringLiteral("already as V001")));
        QCOMPARE(project->volumes()->size(), std::size_t{1});
    }

    // Good, hostile, good: files that once aborted or hung the program sit
    // between two good scans. Both good ones are imported, each hostile one is
    // reported by name, and the project closes cleanly (no -wal, -shm or .lock
    // left behind, as a crash would leave them).
    void hostileFilesBetweenGoodOnes()
    {
        QTemporaryDir dir;
        const QString scans = dir.filePath(QStringLiteral("scans"));
        QVERIFY(QDir().mkpath(scans));
        QVERIFY(QFile::copy(kStroke, scans + QStringLiteral("/a-good.nii.gz")));
        const auto hostile = QDir(kHostile).entryInfoList(QDir::Files, QDir::Name);
        QVERIFY(hostile.size() >= 7);
        for (const auto& file : hostile)
            QVERIFY(QFile::copy(file.absoluteFilePath(), scans + QStringLiteral("/b-") + file.fileName()));
        QVERIFY(QFile::copy(kColin, scans + QStringLiteral("/c-good.nii.gz")));
        const QString path = projectLocation(dir, QStringLiteral("p.trproj"));
        {
            auto project = Project::create(path);
            QVERIFY(project.ok());
            const auto outcomes = VolumeImporter(*project).importPaths({scans});
            QCOMPARE(outcomes.size(), std::size_t(hostile.size() + 2));
            QStringList imported;
            for (const auto& o : outcomes) {
                if (!o.error) {
                    imported << QFileInfo(o.source).fileName();
                    continue;
                }
                QVERIFY2(QFileInfo(o.source).fileName().startsWith(QStringLiteral("b-")), qPrintable(o.source));
                QVERIFY2(QString::fromStdString(o.error->toString()).startsWith(o.source), o.error->toString().c_str());
            }
            QCOMPARE(imported, (QStringList{QStringLiteral("a-good.nii.gz"), QStringLiteral("c-good.nii.gz")}));
            QCOMPARE(project->volumes()->size(), std::size_t{2});
        }
        if (!tr::studies::testing::onProjectServer())
            for (const char* suffix : {"-wal", "-shm", ".lock"})
                QVERIFY2(!QFileInfo::exists(path + QLatin1String(suffix)), suffix);
    }

    // Progress counts every item against a known total; a cancel from another
    // thread's flag lets the volume in hand finish and reports the rest, by name,
    // as not imported, with nothing of them stored. The import runs on a
    // second connection in a worker thread, as the workspace runs it.
    void progressAndCancelInAWorkerThread()
    {
        QTemporaryDir dir;
        const QString scans = dir.filePath(QStringLiteral("scans"));
        QVERIFY(QDir().mkpath(scans));
        QVERIFY(QFile::copy(kStroke, scans + QStringLiteral("/a.nii.gz")));
        QVERIFY(QFile::copy(kStroke, scans + QStringLiteral("/b.nii.gz"))); // cancelled before it is looked at
        const QString path = projectLocation(dir, QStringLiteral("p.trproj"));
        auto holder = Project::create(path);
        QVERIFY(holder.ok());

        // Without the holder's lock, no second connection to a file (a server
        // takes any number of connections; that is what it is for).
        if (!tr::studies::testing::onProjectServer()) {
            QTemporaryDir other;
            const QString loose = projectLocation(other, QStringLiteral("q.trproj"));
            { auto made = Project::create(loose); }
            QCOMPARE(Project::openSecondConnection(loose).error().code, core::ErrorCode::InvalidArgument);
        }

        std::vector<ImportProgress> progress;
        std::vector<ImportOutcome> outcomes;
        std::atomic<bool> cancel{false};
        QString workerError;
        std::unique_ptr<QThread> worker(QThread::create([&] {
            auto second = Project::openSecondConnection(path);
            if (!second) {
                workerError = QString::fromStdString(second.error().toString());
                return;
            }
            outcomes = VolumeImporter(*second).importPaths(
                {scans, scans + QStringLiteral("/a.nii.gz")},
                [&](const ImportOutcome&) { cancel = true; }, // cancelled once the first is in
                [&](const ImportProgress& p) { progress.push_back(p); }, &cancel);
        }));
        worker->start();
        QVERIFY(worker->wait(120000));
        QVERIFY2(workerError.isEmpty(), qPrintable(workerError));
        QCOMPARE(outcomes.size(), std::size_t{3});
        QVERIFY(!outcomes[0].error);
        for (std::size_t i = 1; i < 3; ++i) {
            QVERIFY(outcomes[i].error);
            QVERIFY2(QString::fromStdString(outcomes[i].error->message).contains(QStringLiteral("cancelled")),
                outcomes[i].error->message.c_str());
        }
        QCOMPARE(progress.back().done, 3);
        QCOMPARE(progress.back().total, 3);
        for (std::size_t i = 1; i < progress.size(); ++i)
            QVERIFY(progress[i].done >= progress[i - 1].done);
        QCOMPARE(holder->volumes()->size(), std::size_t{1}); // the holder sees what the worker stored
    }

    void emptyFolderIsReported()
    {
        QTemporaryDir dir;
        auto project = Project::create(projectLocation(dir, QStringLiteral("p.trproj")));
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        QDir().mkpath(dir.filePath(QStringLiteral("empty")));
        const auto outcomes = VolumeImporter(*project).importPaths({dir.filePath(QStringLiteral("empty"))});
        QCOMPARE(outcomes.size(), std::size_t{1});
        QVERIFY(outcomes[0].error);
        QVERIFY(QString::fromStdString(outcomes[0].error->message).contains(QStringLiteral("No volume files")));
    }

    // Folder and file names often carry the patient's name; none of it may reach
    // the project file.
    void identifyingPathsStayOutOfTheProject()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("DOE^JANE_19700101_MRN12345"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(kStroke, folder + QStringLiteral("/Jane_Doe_T1.nii.gz")));
        const QString path = projectLocation(dir, QStringLiteral("p.trproj"));
        {
            auto project = Project::create(path);
            QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
            const auto outcomes = VolumeImporter(*project).importPaths({folder});
            QCOMPARE(outcomes.size(), std::size_t{1});
            QVERIFY(!outcomes[0].error);
        }
        QByteArray stored;
        if (tr::studies::testing::onProjectServer()) {
            // On a server: every text column of every table, and the voxels' size.
            auto project = Project::open(path);
            QVERIFY(project.ok());
            QSqlQuery columns(project->database().db()), rows(project->database().db());
            QVERIFY(columns.exec(QStringLiteral("SELECT table_name, column_name FROM information_schema.columns WHERE "
                                                "table_schema = current_schema() AND data_type = 'text'")));
            int textColumns = 0;
            while (columns.next()) {
                QVERIFY(rows.exec(QStringLiteral("SELECT %2 FROM %1").arg(columns.value(0).toString(), columns.value(1).toString())));
                while (rows.next())
                    stored += rows.value(0).toString().toUtf8() + '\n';
                ++textColumns;
            }
            QVERIFY(textColumns > 30);
            QVERIFY(rows.exec(QStringLiteral("SELECT octet_length(voxels) FROM volume")) && rows.next());
            QVERIFY(rows.value(0).toLongLong() > 100000); // the voxels are there
        } else {
            stored = fileBytes(path) + fileBytes(path + QStringLiteral("-wal"));
            QVERIFY(stored.size() > 100000); // the voxels are there
        }
        for (const char* secret : {"DOE", "JANE", "Jane", "19700101", "MRN12345", "stroke", "T1.nii"})
            QVERIFY2(!stored.contains(secret), secret);
    }

    void ixiFolderImportsAllVolumes()
    {
        if (!QDir(kIxi).exists())
            QSKIP("shared/data/t1/ixi is not beside this checkout");
        QTemporaryDir dir;
        auto project = Project::create(projectLocation(dir, QStringLiteral("p.trproj")));
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        const auto outcomes = VolumeImporter(*project).importPaths({kIxi});
        QCOMPARE(outcomes.size(), std::size_t{42}); // participants.csv is not a volume
        for (const auto& o : outcomes)
            QVERIFY2(!o.error, o.error ? o.error->toString().c_str() : "");
        const auto volumes = project->volumes();
        QCOMPARE(volumes->size(), std::size_t{42});
        QCOMPARE(volumes->back().pseudonym, QStringLiteral("V042"));
        QCOMPARE(volumes->front().acquiredOrientation, QStringLiteral("PSR"));
        QCOMPARE(volumes->front().spacing, (std::array<double, 3>{2.0, 2.0, 2.0}));
    }
};

QTEST_GUILESS_MAIN(TestVolumeImporter)
#include "tst_volumeimporter.moc"
