#include "studies/project.h"

#include "core/io/volumereader.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace tr;
using namespace tr::studies;

namespace {
const QString kStroke = QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz");

core::Volume smallVolume(float seed)
{
    core::Volume v;
    v.size = {4, 5, 6};
    v.spacing = {0.94, 0.94, 1.5};
    v.origin = {-1.5, 2.25, 100.0};
    v.direction = core::rotationZ(12.0);
    v.acquiredOrientation = "ASL";
    for (std::size_t i = 0; i < v.voxelCount(); ++i)
        v.voxels.push_back(seed + 0.25f * float(i));
    return v;
}
} // namespace

class TestProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createAddReopenRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.trproj"));
        core::AcquisitionFacts facts;
        facts.manufacturer = "GE MEDICAL SYSTEMS";
        facts.model = "Signa Excite HD";
        facts.fieldStrengthT = 3.0;
        facts.repetitionTimeMs = 8.6;
        facts.echoTimeMs = 1.8;
        facts.flipAngleDeg = 8.0;
        {
            auto project = Project::create(path);
            QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
            auto a = project->addVolume(smallVolume(1.0f), QStringLiteral("dicom"), facts);
            auto b = project->addVolume(smallVolume(2.0f), QStringLiteral("nifti"), {});
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(a->pseudonym, QStringLiteral("V001"));
            QCOMPARE(b->pseudonym, QStringLiteral("V002"));
        }
        auto project = Project::open(path);
        QVERIFY(project.ok());
        auto volumes = project->volumes();
        QVERIFY(volumes.ok());
        QCOMPARE(volumes->size(), std::size_t{2});
        const auto& first = volumes->front();
        QCOMPARE(first.sourceFormat, QStringLiteral("dicom"));
        QCOMPARE(first.acquiredOrientation, QStringLiteral("ASL"));
        QCOMPARE(first.facts.model, std::string("Signa Excite HD"));
        QCOMPARE(first.facts.fieldStrengthT, std::optional<double>(3.0));
        QCOMPARE(first.facts.flipAngleDeg, std::optional<double>(8.0));
        QVERIFY(!volumes->back().facts.fieldStrengthT);
        QCOMPARE(first.status(), QStringLiteral("needs ac,pc,msp,centre"));

        const auto loaded = project->loadVolume(QStringLiteral("v001")); // names are case-insensitive
        QVERIFY(loaded.ok());
        const auto original = smallVolume(1.0f);
        QCOMPARE(loaded->size, original.size);
        QCOMPARE(loaded->spacing, original.spacing);
        QCOMPARE(loaded->origin, original.origin);
        QCOMPARE(loaded->direction, original.direction); // 17 significant digits: exact
        QVERIFY(loaded->voxels == original.voxels);
    }

    void realVolumeSurvivesStorage()
    {
        QTemporaryDir dir;
        auto project = Project::create(dir.filePath(QStringLiteral("p.trproj")));
        QVERIFY(project.ok());
        const auto volume = core::io::readVolume(kStroke.toStdString());
        QVERIFY(volume.ok());
        QVERIFY(project->addVolume(*volume, QStringLiteral("nifti"), {}).ok());
        const auto loaded = project->loadVolume(QStringLiteral("V001"));
        QVERIFY(loaded.ok());
        QVERIFY(loaded->voxels == volume->voxels);
        QCOMPARE(loaded->direction, volume->direction);
    }

    void duplicateScanIsRefused()
    {
        QTemporaryDir dir;
        auto project = Project::create(dir.filePath(QStringLiteral("p.trproj")));
        QVERIFY(project->addVolume(smallVolume(1.0f), QStringLiteral("nifti"), {}).ok());
        const auto again = project->addVolume(smallVolume(1.0f), QStringLiteral("nifti"), {});
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, core::ErrorCode::AlreadyExists);
        QCOMPARE(again.error().subject, std::string("V001"));
        QCOMPARE(project->volumes()->size(), std::size_t{1});
    }

    void landmarksAreSetAndReplaced()
    {
        QTemporaryDir dir;
        auto project = Project::create(dir.filePath(QStringLiteral("p.trproj")));
        QVERIFY(project->addVolume(smallVolume(1.0f), QStringLiteral("nifti"), {}).ok());
        core::Landmarks auto_;
        for (auto l : core::kAllLandmarks)
            auto_[l] = core::Vec3{1.0, 2.0, double(int(l))};
        QVERIFY(project->setLandmarks(QStringLiteral("V001"), auto_, LandmarkSource::Auto).ok());
        core::Landmarks moved;
        moved[core::Landmark::PosteriorCommissure] = core::Vec3{0.5, 25.0, -1.0};
        QVERIFY(project->setLandmarks(QStringLiteral("V001"), moved, LandmarkSource::Manual).ok());
        const auto r = project->volume(QStringLiteral("V001"));
        QVERIFY(r.ok());
        QCOMPARE(r->status(), QStringLiteral("ready"));
        QCOMPARE(*r->landmarks[core::Landmark::PosteriorCommissure], (core::Vec3{0.5, 25.0, -1.0}));
        QCOMPARE(r->landmarkSources[1], std::optional<LandmarkSource>(LandmarkSource::Manual));
        QCOMPARE(r->landmarkSources[0], std::optional<LandmarkSource>(LandmarkSource::Auto));
        const auto missing = project->setLandmarks(QStringLiteral("V404"), moved, LandmarkSource::Manual);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, core::ErrorCode::NotFound);
    }

    void wrongFilesAreRefusedUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text file") << QByteArray("subject,verdict\n1,real\n") << "not a Turing Reader project";
        static const char gzipStart[] = "\x1f\x8b\x08\x00 not sqlite";
        QTest::newRow("volume file") << QByteArray(gzipStart, sizeof gzipStart - 1) << "not a Turing Reader project";
    }
    void wrongFilesAreRefusedUntouched()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.trproj"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        const auto project = Project::open(path);
        QVERIFY(!project.ok());
        const auto message = QString::fromStdString(project.error().toString());
        QVERIFY2(message.contains(expected) && message.contains(path), qPrintable(message));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content);
        QVERIFY(!Project::create(path).ok()); // never overwritten either
    }

    void newerSchemaIsRefusedUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.trproj"));
        QVERIFY(Project::create(path).ok());
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 99")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("future"));
        const auto project = Project::open(path);
        QVERIFY(!project.ok());
        QVERIFY(QString::fromStdString(project.error().message).contains(QStringLiteral("newer Turing Reader")));
    }

    // Open read-only, check, then migrate: a newer project kept in rollback-
    // journal mode, a foreign SQLite database and a damaged project are refused
    // with their real cause, and not one byte of them changes.
    void refusedFilesAreNotWritten_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("newer, rollback journal") << "newer" << "newer Turing Reader";
        QTest::newRow("foreign database") << "foreign" << "not a Turing Reader project (it has tables patients";
        QTest::newRow("damaged project") << "damaged" << "damaged";
    }
    void refusedFilesAreNotWritten()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.trproj"));
        if (kind == QLatin1String("foreign")) {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE patients (name TEXT)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO patients VALUES ('someone')")));
            db.close();
        } else {
            auto project = Project::create(path);
            QVERIFY(project.ok());
            for (int i = 0; i < 6; ++i) // enough pages that a damaged one is not the schema's
                QVERIFY(project->addVolume(smallVolume(float(i)), QStringLiteral("nifti"), {}).ok());
            QSqlQuery q(project->database().db());
            if (kind == QLatin1String("newer")) {
                QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 99")));
            }
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=DELETE")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        QFile file(path);
        if (kind == QLatin1String("damaged")) {
            QVERIFY(file.open(QIODevice::ReadWrite));
            QByteArray bytes = file.readAll();
            QVERIFY(bytes.size() > 8 * 4096);
            for (qsizetype i = 3 * 4096 + 8; i < 3 * 4096 + 200; ++i) // the third page's b-tree header and cells
                bytes[i] = char(0x5a);
            file.seek(0);
            file.write(bytes);
            file.close();
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        QCOMPARE(int(before[18]), 1); // rollback journal, not WAL (the file header's write version)

        const auto project = Project::open(path);
        QVERIFY(!project.ok());
        const QString message = QString::fromStdString(project.error().toString());
        QVERIFY2(message.contains(expected) && message.contains(path), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("disk is full")), qPrintable(message));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll() == before);
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".lock")));
    }

    // A project written by the previous version (schema 1: volumes and
    // landmarks only) is brought forward on opening, its volumes intact.
    void schemaOneProjectIsMigrated()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.trproj"));
        {
            auto project = Project::create(path);
            QVERIFY(project->addVolume(smallVolume(3.0f), QStringLiteral("nifti"), {}).ok());
            QSqlQuery q(project->database().db());
            for (const char* table : {"reading_package", "blinding_check", "realism_report", "image_discard", "event", "verdict_correction", "verdict", "presentation", "session", "reader",
                     "study", "image", "image_pool", "model", "setting"})
                QVERIFY2(q.exec(QStringLiteral("DROP TABLE %1").arg(QLatin1String(table))), table);
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 1")));
        }
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        QSqlQuery q(project->database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT version FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), ProjectDatabase::kSchemaVersion);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 8);
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        const auto volume = project->loadVolume(QStringLiteral("V001"));
        QVERIFY(volume.ok());
        QCOMPARE(volume->voxels.front(), 3.0f);
    }

    void missingFolderAndFile()
    {
        const auto created = Project::create(QStringLiteral("/nonexistent-dir/p.trproj"));
        QVERIFY(!created.ok());
        QVERIFY(QString::fromStdString(created.error().message).contains(QStringLiteral("/nonexistent-dir")));
        const auto opened = Project::open(QStringLiteral("/nonexistent-dir/p.trproj"));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, core::ErrorCode::NotFound);
    }

    // Another program holds the file locked: the import fails with a message
    // naming the file, and what was stored before is intact.
    void lockedFileFailsCleanly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.trproj"));
        QVERIFY(Project::create(path).ok());
        auto project = Project::open(path);
        QVERIFY(project->addVolume(smallVolume(1.0f), QStringLiteral("nifti"), {}).ok());
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            const auto blocked = project->addVolume(smallVolume(2.0f), QStringLiteral("nifti"), {});
            QVERIFY(!blocked.ok());
            QVERIFY2(QString::fromStdString(blocked.error().toString()).contains(path),
                blocked.error().toString().c_str());
            q.exec(QStringLiteral("ROLLBACK"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));
        const auto volumes = project->volumes();
        QVERIFY(volumes.ok());
        QCOMPARE(volumes->size(), std::size_t{1});
        QVERIFY(project->loadVolume(QStringLiteral("V001")).ok());
        QVERIFY(project->addVolume(smallVolume(2.0f), QStringLiteral("nifti"), {}).ok());
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
