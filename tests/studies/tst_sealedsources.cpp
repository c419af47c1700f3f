// Sealed image sources (issue 16, part 2): from its first coordinator
// passphrase on (or `seal`, for a file an older version left open), a project
// file read without the passphrase no longer says which image
// is created - not through the image table, the ids, the seeds or the file's
// bytes - while a drawn session still runs without it: images in order,
// practice feedback, verdicts. A project file only (the server has roles).
#include "studies/sealedsources.h"
#include "studyfixture.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

#include <map>

using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

ReaderRecord readerNamed(const char* code) { return {0, QString::fromLatin1(code), QString::fromLatin1(code), QStringLiteral("neuroradiologist"), 10}; }

// What a reader's session shows, by presentation, with the truth: the PNG's
// SHA-256 follows the image through its new id.
struct Shown {
    QString sha;
    bool created = false;
    bool operator==(const Shown&) const = default;
};

std::map<std::pair<int, int>, Shown> shownWithTruth(ProjectDatabase& db, const CoordinatorAccess& access, const char* reader)
{
    std::map<std::pair<int, int>, Shown> out;
    auto key = answerKey(db, access, QStringLiteral("s"), QString::fromLatin1(reader));
    if (!key)
        qFatal("answer key: %s", key.error().message.c_str());
    QSqlQuery q(db.db());
    q.prepare(QStringLiteral("SELECT p.block, p.position, i.png_sha256 FROM presentation p JOIN session se ON se.id = "
                             "p.session_id JOIN reader r ON r.id = se.reader_id JOIN image i ON i.id = p.image_id "
                             "WHERE r.code = ?"));
    q.addBindValue(QString::fromLatin1(reader));
    if (!q.exec())
        qFatal("presentations");
    std::map<std::pair<int, int>, QString> sha;
    while (q.next())
        sha[{q.value(0).toString() == QLatin1String("training") ? 0 : 1, q.value(1).toInt()}] = q.value(2).toString();
    for (const KeyEntry& e : *key)
        out[{e.block == Block::Training ? 0 : 1, e.position}] = {sha[{e.block == Block::Training ? 0 : 1, e.position}], e.created};
    return out;
}

// sqlite3 on the file: a plain connection, no key, no view.
struct RawFile {
    explicit RawFile(const QString& path) : name(QUuid::createUuid().toString())
    {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            qFatal("raw open");
    }
    ~RawFile()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    qint64 count(const QString& sql)
    {
        QSqlQuery q(db);
        if (!q.exec(sql) || !q.next())
            qFatal("%s", qPrintable(sql));
        return q.value(0).toLongLong();
    }
    QString name;
    QSqlDatabase db;
};

} // namespace

class TestSealedSources : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A file an older version left open, sealed by its coordinator (`seal`).
    void sealedFileKeepsTheTruth()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir, {}, 80, 80, 42, Sources::OpenAsBefore);
        QVERIFY(!path.isEmpty());
        std::map<std::pair<int, int>, Shown> before;
        QString nr1Seed;
        {
            auto project = Project::open(path);
            QVERIFY(project.ok());
            ProjectDatabase& db = project->database();
            auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
            QVERIFY(access.ok());
            QVERIFY(addReader(db, readerNamed("NR1")).ok());
            QVERIFY(addReader(db, readerNamed("NR2")).ok());
            { // NR1's session, drawn while everything is open.
                auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
                QVERIFY2(session.ok(), session ? "" : session.error().message.c_str());
                nr1Seed = QString::number(session->seed());
            }
            before = shownWithTruth(db, *access, "NR1");
            QCOMPARE(int(before.size()), 60);
            QVERIFY(!sealingEnabled(db).value());

            auto sealed = enableSealing(db, *access);
            QVERIFY2(sealed.ok(), sealed ? "" : sealed.error().message.c_str());
            QCOMPARE(*sealed, 160); // both pools, 80 each
            QVERIFY(sealingEnabled(db).value());
            // The coordinator reads the same study through the sealed sources.
            QCOMPARE(shownWithTruth(db, *access, "NR1"), before);
            auto pools = tr::studies::pools(db);
            QVERIFY(pools.ok());
            QCOMPARE(pools->size(), std::size_t(2));
            QCOMPARE((*pools)[0].size + (*pools)[1].size, 160);
            auto st = study(db, QStringLiteral("s"));
            QCOMPARE(st->seed, quint64(42));
        }

        { // sqlite3 on the file: nothing links an image to its pool.
            RawFile raw(path);
            QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM image")), qint64(160));
            QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM image WHERE sealed_source IS NULL OR pool_id IS NOT NULL "
                                              "OR position IS NOT NULL OR volume_id IS NOT NULL OR grid_index IS NOT NULL "
                                              "OR lr_deg IS NOT NULL OR image_seed IS NOT NULL OR latent IS NOT NULL OR "
                                              "source_file IS NOT NULL OR subject IS NOT NULL")),
                qint64(0));
            // Ids written pool after pool were replaced by random ones.
            QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM image WHERE id < 4294967296")), qint64(0));
            QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM study WHERE seed NOT LIKE 'sealed:%'")), qint64(0));
            QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM session WHERE seed NOT LIKE 'sealed:%'")), qint64(0));
            // Every reader's session is drawn (NR2's by enableSealing).
            QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM session")), qint64(2));
            QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM presentation WHERE block = 'main' AND practice_created "
                                              "IS NOT NULL")),
                qint64(0));
            QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM presentation WHERE block = 'training' AND "
                                              "practice_created IS NULL")),
                qint64(0));
        }
        { // The file's bytes: no reader seed, no created image's latent.
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) || QFile(path + QStringLiteral("-wal")).size() == 0);
            QVERIFY(!bytes.contains(nr1Seed.toLatin1()));
            const auto latent = patternedBatch(80, 64).images[37].latent;
            QVERIFY(!bytes.contains(QByteArray(reinterpret_cast<const char*>(latent.data()), qsizetype(latent.size() * 4))));
        }

        { // The reader's program, no passphrase: the drawn session runs.
            auto project = Project::open(path);
            QVERIFY(project.ok());
            ProjectDatabase& db = project->database();
            QVERIFY(db.truthKey().isEmpty());
            // Pool sizes are no secret, and read without the passphrase.
            auto pools = tr::studies::pools(db);
            QVERIFY(pools.ok());
            QCOMPARE((*pools)[0].size, 80);
            QCOMPARE((*pools)[1].size, 80);
            auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
            QVERIFY2(session.ok(), session ? "" : session.error().message.c_str());
            QCOMPARE(session->seed(), quint64(0)); // sealed, and not needed here
            QVERIFY(session->begin().ok());
            for (int i = 1; i <= 10; ++i) {
                QVERIFY(session->png(*session->current()).ok());
                auto recorded = session->answer(called(Call::Real));
                QVERIFY2(recorded.ok(), recorded ? "" : recorded.error().message.c_str());
                // Practice feedback from the open practice truth, as the key says.
                QCOMPARE(recorded->trainingTruthIsCreated.value(), before.at({0, i}).created);
            }
            auto main = session->answer(called(Call::Created));
            QVERIFY(main.ok());
            QVERIFY(!main->trainingTruthIsCreated);

            // A reader added without the passphrase has nothing drawn, and is told why.
            QVERIFY(addReader(db, readerNamed("NR3")).ok());
            auto none = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR3"));
            QVERIFY(!none.ok());
            QVERIFY2(QString::fromStdString(none.error().message).contains(QLatin1String("coordinator passphrase")),
                none.error().message.c_str());
        }
        { // The coordinator opens the project again: NR3 is drawn.
            auto project = Project::open(path);
            ProjectDatabase& db = project->database();
            auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
            QVERIFY(access.ok());
            QVERIFY(ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR3")).ok());
            QCOMPARE(shownWithTruth(db, *access, "NR1"), before);
        }
    }

    void aChangedSealIsRefused()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        {
            auto project = Project::open(path);
            QVERIFY(sealingEnabled(project->database()).value());
        }
        {
            RawFile raw(path);
            QSqlQuery q(raw.db);
            // One byte of one image's sealed source.
            QVERIFY(q.exec(QStringLiteral("UPDATE image SET sealed_source = substr(sealed_source, 1, 20) || "
                                          "x'5a' || substr(sealed_source, 22) WHERE id = (SELECT min(id) FROM image)")));
        }
        // The coordinator's program reads the pools as it opens: the changed
        // image is named, and nothing is read as something else.
        auto project = Project::open(path);
        auto access = unlockCoordinator(project->database(), QString::fromLatin1(kPassphrase));
        QVERIFY(!access.ok());
        QCOMPARE(access.error().code, tr::core::ErrorCode::Corrupt);
        const QString said = QString::fromStdString(access.error().message);
        QVERIFY2(said.contains(QLatin1String("sealed source")) && said.contains(QLatin1String("does not open")),
            qPrintable(said));
    }

    // A new project file is sealed as its first passphrase is set: pools
    // written before and after, the study's and the session's seeds.
    void aNewProjectFileIsSealedFromItsFirstPassphrase()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        {
            auto project = Project::open(path);
            QVERIFY(project.ok());
            QVERIFY(sealingEnabled(project->database()).value());
            QVERIFY(holdCoordinatorKey(project->database()));
            QVERIFY(addReader(project->database(), readerNamed("NR1")).ok());
            QVERIFY(addCreatedPool(*project, QStringLiteral("later"), 6, patternedBatch(20, 64)).ok());
        }
        RawFile raw(path);
        QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM image")), qint64(180));
        QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM image WHERE sealed_source IS NULL OR pool_id IS NOT NULL")),
            qint64(0));
        QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM study WHERE seed NOT LIKE 'sealed:%'")), qint64(0));
        QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM session WHERE seed NOT LIKE 'sealed:%'")), qint64(0));
        QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM event WHERE kind = 'image sources sealed'")), qint64(1));
    }

    // A file an older version left open stays as it was until `seal`.
    void anOlderFileStaysOpenUntilSealed()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir, {}, 80, 80, 42, Sources::OpenAsBefore);
        QVERIFY(!path.isEmpty());
        {
            auto project = Project::open(path);
            QVERIFY(unlockCoordinator(project->database(), QString::fromLatin1(kPassphrase)).ok());
            QVERIFY(addReader(project->database(), readerNamed("NR1")).ok());
            QVERIFY(ReaderSession::open(project->database(), QStringLiteral("s"), QStringLiteral("NR1")).ok());
        }
        RawFile raw(path);
        QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM image WHERE pool_id IS NULL OR sealed_source IS NOT NULL")), qint64(0));
        QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM study WHERE seed = '42'")), qint64(1));
        QCOMPARE(raw.count(QStringLiteral("SELECT count(*) FROM presentation WHERE block = 'training' AND practice_created IS NULL")), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestSealedSources)
#include "tst_sealedsources.moc"
