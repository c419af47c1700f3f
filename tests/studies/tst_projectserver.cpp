// A project on a PostgreSQL server, against the throw-away cluster of the
// postgres fixture (tests/postgres/cluster.sh): the copy both ways keeps every
// row, a server's errors are named, and two workstations opening a new
// database at once migrate it once.
#include "studies/projectcopy.h"
#include "studies/sealedsources.h"
#include "studies/readeraccess.h"
#include "studies/studyresults.h"
#include "studies/readersession.h"
#include "studies/serveraddress.h"
#include "studyfixture.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSysInfo>
#include <QThread>
#include <QUuid>
#include <QtTest>

#include <atomic>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

// A database of this run's own: a cluster kept between runs has the last run's.
QString serverDatabase(const QString& name)
{
    static const QString run = QUuid::createUuid().toString(QUuid::Id128).left(10);
    return projectServer() + QLatin1Char('/') + name + QLatin1Char('_') + run;
}

// A project with rows in every kind of table: sessions with verdicts (one
// with confidence, reasons and a text), a correction, an abandoned session,
// a discarded image, events. Sealed, as a project file is from its first
// passphrase on, or open, as an older version left it.
QString fullProject(const QTemporaryDir& dir, Sources sources = Sources::Sealed)
{
    StudyDesign design;
    design.askConfidence = true;
    design.askReasons = true;
    design.allowUnknown = true;
    // The fixture's projectLocation would put it on the server: build in a file.
    qputenv("TR_TEST_POSTGRES_URL_FILE_SAVED", qgetenv("TR_TEST_POSTGRES_URL_FILE"));
    qunsetenv("TR_TEST_POSTGRES_URL_FILE");
    const QString path = buildStudyProject(dir, design, 60, 60, 42, sources);
    qputenv("TR_TEST_POSTGRES_URL_FILE", qgetenv("TR_TEST_POSTGRES_URL_FILE_SAVED"));
    if (path.isEmpty())
        return {};
    auto project = Project::open(path);
    if (!project)
        return {};
    auto& db = project->database();
    auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
    if (!access || !addCreatedPool(*project, QStringLiteral("spare"), 9, patternedBatch(5, 64))
        || !discardImage(db, *access, QStringLiteral("spare"), 2, QStringLiteral("a broken output")))
        return {};
    for (const char* code : {"NR1", "NR2", "NN1"})
        if (!addReader(db, {0, QString::fromLatin1(code), QStringLiteral("Dr ") + QLatin1String(code),
                QStringLiteral("neuroradiologist"), 7}))
            return {};
    {
        auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
        for (int i = 0; session && session->current() && i < 25; ++i) {
            Answer a;
            a.call = i % 4 == 3 ? Call::Unknown : (i % 2 ? Call::Real : Call::Created);
            a.onsetMs = 1000 + 11000 * i;
            a.responseMs = 1500 + 37 * i;
            a.confidence = 1 + i % 5;
            if (i % 3 == 0)
                a.reasons = QStringList{QStringLiteral("anatomy")};
            a.reasonText = i == 7 ? QStringLiteral("sulci\ttoo \"smooth\"\nline two; 'quoted' ü") : QString();
            if (!session->answer(a))
                return {};
        }
    }
    if (!ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR2"))
        || !abandonSession(db, *access, QStringLiteral("s"), QStringLiteral("NR2"), QStringLiteral("called away"))
        || !correctVerdict(db, *access, QStringLiteral("s"), QStringLiteral("NR1"), Block::Main, 2, Call::Real,
            QStringLiteral("reported a slip at once")))
        return {};
    return path;
}

// Every row of every table of two project files, compared value by value
// (type and value as SQLite returns them), in rowid order.
void compareFiles(const QString& a, const QString& b)
{
    auto left = Project::open(a);
    auto right = Project::open(b);
    QVERIFY(left && right);
    QSqlQuery tables(left->database().db());
    QVERIFY(tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")));
    int compared = 0;
    while (tables.next()) {
        const QString table = tables.value(0).toString();
        QSqlQuery l(left->database().db()), r(right->database().db());
        QVERIFY(l.exec(QStringLiteral("SELECT * FROM %1 ORDER BY rowid").arg(table)));
        QVERIFY2(r.exec(QStringLiteral("SELECT * FROM %1 ORDER BY rowid").arg(table)), qPrintable(table));
        QCOMPARE(l.record().count(), r.record().count());
        int rows = 0;
        while (l.next()) {
            QVERIFY2(r.next(), qPrintable(table + QStringLiteral(": a row missing")));
            for (int c = 0; c < l.record().count(); ++c) {
                QCOMPARE(l.value(c).isNull(), r.value(c).isNull());
                QVERIFY2(l.value(c) == r.value(c),
                    qPrintable(QStringLiteral("%1 row %2 column %3").arg(table).arg(rows).arg(l.record().fieldName(c))));
            }
            ++rows;
        }
        QVERIFY2(!r.next(), qPrintable(table + QStringLiteral(": a row too many")));
        ++compared;
    }
    QCOMPARE(compared, int(projectTables().size()) + 1); // and schema_version
}

qint64 count(ProjectDatabase& db, const QString& table)
{
    QSqlQuery q(db.db());
    return q.exec(QStringLiteral("SELECT count(*) FROM ") + table) && q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace

class TestProjectServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(onProjectServer(), "runs against the postgres fixture's cluster only"); }

    // File -> server -> file: every row comes back as it was; on the server the
    // copy is a working project whose numbering continues after the copied ids.
    // A file an older version left open: no passphrase needed to copy it.
    void copyThereAndBackKeepsEveryRow()
    {
        QTemporaryDir dir;
        const QString original = fullProject(dir, Sources::OpenAsBefore);
        QVERIFY(!original.isEmpty());
        const QString server = serverDatabase(QStringLiteral("roundtrip"));
        auto there = copyProject(original, server);
        QVERIFY2(there, there ? "" : there.error().toString().c_str());
        const QString back = dir.filePath(QStringLiteral("back.trproj"));
        auto home = copyProject(server, back);
        QVERIFY2(home, home ? "" : home.error().toString().c_str());
        QCOMPARE(home->rows(), there->rows());
        QVERIFY(there->rows() > 300);
        for (std::size_t i = 0; i < there->tables.size(); ++i)
            QCOMPARE(home->tables[i].sha256, there->tables[i].sha256);
        compareFiles(original, back);

        auto onServer = Project::open(server);
        QVERIFY(onServer);
        auto& db = onServer->database();
        QVERIFY(db.onServer());
        for (const char* table : {"verdict", "verdict_correction", "event", "image_discard"})
            QVERIFY2(count(db, QLatin1String(table)) > 0, table);
        auto added = addReader(db, {0, QStringLiteral("NR9"), {}, QStringLiteral("neuroradiologist"), {}});
        QVERIFY2(added, added ? "" : added.error().toString().c_str());
        QCOMPARE(added->id, qint64(4));
        auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR9"));
        QVERIFY2(session, session ? "" : session.error().toString().c_str());
        Answer a;
        a.call = Call::Real;
        a.onsetMs = 5;
        a.responseMs = 900;
        a.confidence = 3;
        QVERIFY(session->answer(a));
        // The passphrase travelled with the project.
        QVERIFY(unlockCoordinator(db, QString::fromLatin1(kPassphrase)));
        QVERIFY(!unlockCoordinator(db, QStringLiteral("wrong")));
    }

    // A sealed file (sealedsources.h; every new project file) goes to a server
    // only with the passphrase, arrives open (the server's roles keep the
    // truth), and comes back sealed exactly as it was.
    void aSealedFileCopiesThereAndBack()
    {
        QTemporaryDir dir;
        const QString original = fullProject(dir);
        QVERIFY(!original.isEmpty());
        {
            auto project = Project::open(original);
            QVERIFY(sealingEnabled(project->database()).value());
        }
        const QString server = serverDatabase(QStringLiteral("sealed"));
        auto refused = copyProject(original, server);
        QVERIFY(!refused);
        QVERIFY2(QString::fromStdString(refused.error().message).contains(QLatin1String("passphrase")),
            refused.error().message.c_str());
        QVERIFY(!copyProject(original, server, {}, QStringLiteral("not the passphrase")));
        auto there = copyProject(original, server, {}, QString::fromLatin1(kPassphrase));
        QVERIFY2(there, there ? "" : there.error().toString().c_str());
        {
            auto onServer = Project::open(server);
            QVERIFY(onServer);
            QSqlQuery q(onServer->database().db());
            QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(pool_id), count(sealed_source) FROM image")) && q.next());
            QCOMPARE(q.value(0).toLongLong(), qint64(125));
            QCOMPARE(q.value(1).toLongLong(), qint64(125)); // open on the server
            QCOMPARE(q.value(2).toLongLong(), qint64(125));
            auto pools = tr::studies::pools(onServer->database());
            QVERIFY(pools);
            QCOMPARE((*pools)[0].size + (*pools)[1].size, 120);
        }
        const QString back = dir.filePath(QStringLiteral("back.trproj"));
        auto home = copyProject(server, back);
        QVERIFY2(home, home ? "" : home.error().toString().c_str());
        compareFiles(original, back); // sealed again, row for row
    }

    // A target that holds a project is refused and kept; a failed copy into a
    // new file leaves no file.
    void aCopyNeverOverwrites()
    {
        QTemporaryDir dir;
        const QString original = fullProject(dir);
        QVERIFY(!original.isEmpty());
        const QString server = serverDatabase(QStringLiteral("occupied"));
        QVERIFY(copyProject(original, server, {}, QString::fromLatin1(kPassphrase)));
        auto again = copyProject(original, server, {}, QString::fromLatin1(kPassphrase));
        QVERIFY(!again);
        QCOMPARE(again.error().code, core::ErrorCode::AlreadyExists);
        QVERIFY2(QString::fromStdString(again.error().message).contains(QStringLiteral("holds a project already")),
            again.error().message.c_str());
        {
            auto kept = Project::open(server);
            QVERIFY(kept);
            QCOMPARE(count(kept->database(), QStringLiteral("verdict")), qint64(25));
        }
        auto intoFile = copyProject(server, original);
        QVERIFY(!intoFile);
        QCOMPARE(intoFile.error().code, core::ErrorCode::AlreadyExists);

        const QString missing = dir.filePath(QStringLiteral("missing.trproj"));
        const QString target = dir.filePath(QStringLiteral("never.trproj"));
        auto none = copyProject(missing, target);
        QVERIFY(!none);
        QCOMPARE(none.error().code, core::ErrorCode::NotFound);
        QVERIFY(!QFileInfo::exists(target));
        QCOMPARE(copyProject(original, original).error().code, core::ErrorCode::InvalidArgument);
    }

    // What goes wrong with a server is said in words, naming the URL.
    void serverErrorsAreNamed()
    {
        const QString server = projectServer();
        auto noDatabase = Project::open(server + QStringLiteral("/"));
        QCOMPARE(noDatabase.error().code, core::ErrorCode::InvalidArgument);
        QVERIFY(noDatabase.error().message.find("names no database") != std::string::npos);
        QCOMPARE(Project::open(server + QStringLiteral("/bad;name")).error().code, core::ErrorCode::InvalidArgument);

        auto missing = Project::open(serverDatabase(QStringLiteral("nobody_made_this")));
        QCOMPARE(missing.error().code, core::ErrorCode::NotFound);
        QVERIFY(missing.error().subject.find("nobody_made_this") != std::string::npos);

        auto unreachable = Project::open(QStringLiteral("postgresql://127.0.0.1:1/turing"));
        QCOMPARE(unreachable.error().code, core::ErrorCode::Io);
        QVERIFY2(unreachable.error().message.find("cannot be reached") != std::string::npos,
            unreachable.error().message.c_str());

        auto refusedLogin = Project::open(QString(server).replace(QStringLiteral("postgres@"), QStringLiteral("nosuchrole@"))
            + QStringLiteral("/postgres"));
        QCOMPARE(refusedLogin.error().code, core::ErrorCode::PermissionDenied);

        // A database that holds something else is not touched.
        {
            auto made = Project::create(serverDatabase(QStringLiteral("foreign_db")));
            QVERIFY(made);
            QSqlQuery q(made->database().db());
            QVERIFY(q.exec(QStringLiteral("CREATE DATABASE ") + QUrl(serverDatabase(QStringLiteral("other_app"))).path().mid(1)));
        }
        {
            const QString connection = QStringLiteral("admin");
            {
                QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
                auto address = ServerAddress::parse(serverDatabase(QStringLiteral("other_app")));
                QVERIFY(address);
                address->applyTo(admin);
                QVERIFY(admin.open());
                QSqlQuery q(admin);
                QVERIFY(q.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)")));
            }
            QSqlDatabase::removeDatabase(connection);
        }
        auto foreign = Project::open(serverDatabase(QStringLiteral("other_app")));
        QCOMPARE(foreign.error().code, core::ErrorCode::UnsupportedFormat);
        QVERIFY(foreign.error().message.find("invoices") != std::string::npos);
        auto twice = Project::create(serverDatabase(QStringLiteral("foreign_db")));
        QCOMPARE(twice.error().code, core::ErrorCode::AlreadyExists);
        // The display never carries a password given in the URL.
        auto address = ServerAddress::parse(QStringLiteral("postgresql://u:secret@h:5/d?sslmode=require"));
        QVERIFY(address);
        QCOMPARE(address->display(), QStringLiteral("postgresql://u@h:5/d"));
        QCOMPARE(address->options, QStringLiteral("sslmode=require;connect_timeout=10"));
        QVERIFY(ServerAddress::parse(QStringLiteral("postgresql://u:secret@h/")).error().subject.find("secret")
            == std::string::npos);
    }

    // A reader's login reads its own sitting and records its own verdicts;
    // every query for the truth is refused by the server itself.
    void aReaderLoginNeverReachesTheTruth()
    {
        QTemporaryDir dir;
        const QString url = buildStudyProject(dir);
        QVERIFY(!url.isEmpty());
        auto coordinatorProject = Project::open(url);
        QVERIFY(coordinatorProject);
        auto& cdb = coordinatorProject->database();
        QVERIFY(!cdb.readerLogin());
        auto access = unlockCoordinator(cdb, QString::fromLatin1(kPassphrase));
        QVERIFY(access);
        QVERIFY(addReader(cdb, {0, QStringLiteral("NR1"), QStringLiteral("Dr One"), QStringLiteral("neuroradiologist"), 9}));
        QVERIFY(addReader(cdb, {0, QStringLiteral("NR2"), {}, QStringLiteral("neuroradiologist"), {}}));
        QVERIFY(!grantReaderLogin(cdb, *access, QStringLiteral("NR1"), QStringLiteral("short")));
        auto login = grantReaderLogin(cdb, *access, QStringLiteral("NR1"), QStringLiteral("reader one's password"));
        QVERIFY2(login, login ? "" : login.error().toString().c_str());
        QVERIFY(grantReaderLogin(cdb, *access, QStringLiteral("NR2"), QStringLiteral("reader two's password")));
        QVERIFY(prepareSession(cdb, *access, QStringLiteral("s"), QStringLiteral("NR1")));
        auto otherSession = prepareSession(cdb, *access, QStringLiteral("s"), QStringLiteral("NR2"));
        QVERIFY(otherSession);
        {
            auto other = ReaderSession::open(cdb, QStringLiteral("s"), QStringLiteral("NR2"));
            QVERIFY(other);
            Answer a;
            a.call = Call::Created;
            a.onsetMs = 1;
            a.responseMs = 800;
            QVERIFY(other->answer(a));
        }
        QSqlQuery c(cdb.db());
        QVERIFY(c.exec(QStringLiteral("SELECT min(id) FROM presentation WHERE session_id = %1").arg(*otherSession)) && c.next());
        const qint64 othersImage = c.value(0).toLongLong() + 3;

        // The reader's workstation: the same server, the reader's own role and
        // password (the cluster asks every role but postgres for it): a wrong
        // one is refused by the server, the reader's own signs in.
        const QString readerUrl = QString(url).replace(QStringLiteral("postgres@"), *login + QLatin1Char('@'));
        qputenv("PGPASSWORD", "reader two's password");
        auto wrongPassword = Project::open(readerUrl);
        QVERIFY(!wrongPassword);
        QCOMPARE(wrongPassword.error().code, core::ErrorCode::PermissionDenied);
        QVERIFY2(wrongPassword.error().message.find("refused the login") != std::string::npos,
            wrongPassword.error().message.c_str());
        qputenv("PGPASSWORD", "reader one's password");
        auto readerProject = Project::open(readerUrl);
        QVERIFY2(readerProject, readerProject ? "" : readerProject.error().toString().c_str());
        auto& rdb = readerProject->database();
        QVERIFY(rdb.readerLogin());
        QSqlQuery q(rdb.db());
        const QStringList truth{QStringLiteral("SELECT name, kind FROM image_pool"), QStringLiteral("SELECT pool_id FROM image"),
            QStringLiteral("SELECT source_file, source_sha256, volume_id, image_seed FROM image"),
            QStringLiteral("SELECT png FROM image"), QStringLiteral("SELECT image_id FROM presentation"),
            QStringLiteral("SELECT seed FROM study"), QStringLiteral("SELECT seed, created_count FROM session"),
            QStringLiteral("SELECT * FROM verdict"), QStringLiteral("SELECT * FROM verdict_correction"),
            QStringLiteral("SELECT value FROM setting"), QStringLiteral("SELECT * FROM event"),
            QStringLiteral("SELECT * FROM model"), QStringLiteral("SELECT * FROM blinding_check"),
            QStringLiteral("SELECT * FROM volume"), QStringLiteral("SELECT * FROM reader"),
            QStringLiteral("SELECT * FROM image_discard"), QStringLiteral("SELECT * FROM realism_report"),
            QStringLiteral("UPDATE session SET state = 'completed'"),
            QStringLiteral("INSERT INTO verdict (presentation_id, verdict, onset_ms, response_ms, recorded_at) VALUES "
                           "(1, 'real', 0, 1, 'x')"),
            QStringLiteral("SELECT reading.record_verdict(%1, 'real', NULL, '', '', 0, 900, 'x', 0, 0)").arg(othersImage),
            QStringLiteral("SELECT reading.set_state(%1, 'completed')").arg(*otherSession),
            QStringLiteral("SELECT reading.log_event(%1, 'session opened', '', 'x')").arg(*otherSession),
            QStringLiteral("SELECT reading.log_event(%1, 'answer key read', '', 'x')").arg(*otherSession),
            QStringLiteral("CREATE TABLE mine (x INTEGER)")};
        for (const QString& sql : truth) {
            QVERIFY2(!q.exec(sql), qPrintable(QStringLiteral("the server answered: ") + sql));
            QVERIFY2(q.lastError().nativeErrorCode() == QLatin1String("42501"),
                qPrintable(sql + QStringLiteral(" -> ") + q.lastError().nativeErrorCode() + QLatin1Char(' ')
                    + q.lastError().databaseText()));
        }
        // What it does see: its own sitting, nothing of NR2's.
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(DISTINCT session_id) FROM reading.presentation")) && q.next());
        QCOMPARE(q.value(0).toInt(), 60);
        QCOMPARE(q.value(1).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM reading.sitting WHERE reader_code = 'NR1'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM reading.sitting")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM reading.training_answer")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0); // nothing answered yet
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM reading.session_event")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);

        // The quiz's engine runs on the login, practice feedback included.
        QCOMPARE(ReaderSession::open(rdb, QStringLiteral("s"), QStringLiteral("NR2")).error().code,
            core::ErrorCode::PermissionDenied);
        auto key = answerKey(cdb, *access, QStringLiteral("s"), QStringLiteral("NR1"));
        QVERIFY(key);
        {
            auto session = ReaderSession::open(rdb, QStringLiteral("s"), QStringLiteral("NR1"));
            QVERIFY2(session, session ? "" : session.error().toString().c_str());
            QCOMPARE(session->reader().displayName, QStringLiteral("Dr One"));
            QCOMPARE(session->study().design.timeLimitSeconds, 10);
            QVERIFY(session->study().realPool.isEmpty() && session->study().seed == 0);
            QCOMPARE(session->count(Block::Training), 10);
            QCOMPARE(session->count(Block::Main), 50);
            QVERIFY(session->png(*session->current())->startsWith("\x89PNG"));
            std::size_t i = 0;
            while (session->current()) {
                Answer a;
                a.call = i % 2 ? Call::Real : Call::Created;
                a.onsetMs = qint64(i) * 12000;
                a.responseMs = 1500;
                auto recorded = session->answer(a);
                QVERIFY2(recorded, recorded ? "" : recorded.error().toString().c_str());
                const KeyEntry& truthOf = (*key)[i];
                QCOMPARE(recorded->trainingTruthIsCreated.has_value(), truthOf.block == Block::Training);
                if (recorded->trainingTruthIsCreated)
                    QCOMPARE(*recorded->trainingTruthIsCreated, truthOf.created);
                ++i;
            }
            QCOMPARE(i, std::size_t{60});
            QCOMPARE(session->state(), SessionState::Completed);
        }
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM reading.training_answer")) && q.next());
        QCOMPARE(q.value(0).toInt(), 10);
        // Nothing recorded twice, the coordinator sees it all.
        auto responses = loadResponses(cdb, *access, QStringLiteral("s"));
        QVERIFY(responses);
        int nr1 = 0;
        for (const auto& r : *responses)
            nr1 += r.readerCode == QStringLiteral("NR1") && r.block == Block::Main;
        QCOMPARE(nr1, 50);
        QVERIFY(c.exec(QStringLiteral("SELECT count(*) FROM event e JOIN session se ON se.id = e.session_id JOIN reader "
                                      "r ON r.id = se.reader_id WHERE r.code = 'NR1' AND e.kind IN ('session opened', "
                                      "'session completed', 'session closed')")) && c.next());
        QCOMPARE(c.value(0).toInt(), 3);
    }

    // A second sitting of the same reader is refused, naming where the first
    // one is; once the first ends, the reader can sit again.
    void aSecondSittingIsRefused()
    {
        QTemporaryDir dir;
        const QString url = buildStudyProject(dir);
        QVERIFY(!url.isEmpty());
        auto first = Project::open(url);
        auto second = Project::open(url);
        QVERIFY(first && second);
        QVERIFY(addReader(first->database(), {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), {}}));
        {
            auto sitting = ReaderSession::open(first->database(), QStringLiteral("s"), QStringLiteral("NR1"));
            QVERIFY2(sitting, sitting ? "" : sitting.error().toString().c_str());
            auto again = ReaderSession::open(second->database(), QStringLiteral("s"), QStringLiteral("NR1"));
            QVERIFY(!again);
            QCOMPARE(again.error().code, core::ErrorCode::Busy);
            const QString message = QString::fromStdString(again.error().message);
            QVERIFY2(message.contains(QStringLiteral("This reader is sitting already: Turing Reader, reader NR1 on %1 (process %2) from 127.0.0.1, since ")
                                          .arg(QSysInfo::machineHostName())
                                          .arg(QCoreApplication::applicationPid())),
                qPrintable(message));
            Answer a;
            a.call = Call::Real;
            a.onsetMs = 1;
            a.responseMs = 700;
            QVERIFY(sitting->answer(a)); // the first sitting goes on
        }
        auto later = ReaderSession::open(second->database(), QStringLiteral("s"), QStringLiteral("NR1"));
        QVERIFY2(later, later ? "" : later.error().toString().c_str());
        QCOMPARE(later->answered(Block::Training), 1);
        QVERIFY(!later->resumedAfterInterruption()); // the refused one logged nothing
    }

    // Two workstations opening a new server project at the same moment: one
    // migrates, the other waits for it and finds the schema done.
    void twoFirstOpensMigrateOnce()
    {
        const QString url = serverDatabase(QStringLiteral("raced"));
        QVERIFY(Project::create(url)); // the empty database; drop its schema to race the migration
        {
            auto project = Project::open(url);
            QVERIFY(project);
            QSqlQuery q(project->database().db());
            QVERIFY(q.exec(QStringLiteral("DROP SCHEMA public CASCADE")) && q.exec(QStringLiteral("CREATE SCHEMA public")));
        }
        std::atomic<int> opened{0};
        QStringList errors;
        QMutex mutex;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back(QThread::create([&] {
                auto project = Project::open(url);
                if (project) {
                    ++opened;
                    return;
                }
                QMutexLocker lock(&mutex);
                errors << QString::fromStdString(project.error().toString() + " " + project.error().detail);
            }));
        for (auto& t : threads)
            t->start();
        for (auto& t : threads)
            QVERIFY(t->wait(60000));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(opened.load(), 4);
        auto project = Project::open(url);
        QVERIFY(project);
        QSqlQuery q(project->database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), max(version) FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QCOMPARE(q.value(1).toInt(), ProjectDatabase::kSchemaVersion);
    }
};

QTEST_GUILESS_MAIN(TestProjectServer)
#include "tst_projectserver.moc"
