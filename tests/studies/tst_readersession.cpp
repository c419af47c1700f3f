// The study engine on a real project file: sessions drawn and stored per the
// paper's protocol, the state machine, one transaction per verdict, verdicts
// that cannot be changed, coordinator corrections and the coordinator lock.
// (Killing a process mid-session: tests/app/tst_sessionprocess.cpp.)
#include "studyfixture.h"

#include <QtTest>

#include "studies/readersession.h"
#include "studies/resultsexport.h"
#include "studies/studyresults.h"

#include <QSqlError>
#include <QSqlQuery>

#include <set>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

int countRows(ProjectDatabase& db, const QString& table)
{
    QSqlQuery q(db.db());
    q.exec(QStringLiteral("SELECT count(*) FROM ") + table);
    return q.next() ? q.value(0).toInt() : -1;
}

bool hasEvent(ProjectDatabase& db, const QString& kind)
{
    QSqlQuery q(db.db());
    q.prepare(QStringLiteral("SELECT 1 FROM event WHERE kind = ?"));
    q.addBindValue(kind);
    return q.exec() && q.next();
}

} // namespace

class TestReaderSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // 30 readers of one study: each session stores 50 main images with 20-30
    // created (the count recorded), no image twice, training cases not in the
    // main block; reopening gives the same list (it is stored, not redrawn).
    void sessionsFollowTheProtocol()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir, {}, 200, 200);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY(project.ok());
        auto& db = project->database();
        QVERIFY(holdCoordinatorKey(db));
        std::set<int> counts;
        for (int r = 1; r <= 30; ++r) {
            ReaderRecord reader;
            reader.code = QStringLiteral("R%1").arg(r);
            reader.group = r % 2 ? QStringLiteral("neuroradiologist") : QStringLiteral("resident");
            QVERIFY(addReader(db, reader).ok());
            std::vector<Presentation> first;
            {
                auto session = ReaderSession::open(db, QStringLiteral("s"), reader.code);
                QVERIFY2(session.ok(), session.ok() ? "" : session.error().toString().c_str());
                QCOMPARE(session->state(), SessionState::NotStarted);
                QCOMPARE(session->count(Block::Main), 50);
                QCOMPARE(session->count(Block::Training), 10);
                first = session->presentations();
            }
            auto again = ReaderSession::open(db, QStringLiteral("s"), reader.code);
            QVERIFY(again.ok());
            QCOMPARE(again->presentations().size(), first.size());
            for (std::size_t i = 0; i < first.size(); ++i)
                QCOMPARE(again->presentations()[i].imageId, first[i].imageId);
            std::set<qint64> images;
            for (const auto& p : first)
                images.insert(p.imageId);
            QCOMPARE(images.size(), std::size_t{60});
            QSqlQuery q(db.db());
            q.prepare(QStringLiteral(
                "SELECT se.created_count, count(*) FILTER (WHERE pl.kind = 'created') FROM session se JOIN presentation p ON "
                "p.session_id = se.id AND p.block = 'main' JOIN image i ON i.id = p.image_id JOIN image_pool pl ON "
                "pl.id = i.pool_id WHERE se.id = ? GROUP BY se.id"));
            q.addBindValue(again->id());
            QVERIFY(q.exec() && q.next());
            const int recorded = q.value(0).toInt();
            QCOMPARE(q.value(1).toInt(), recorded);
            QVERIFY(recorded >= 20 && recorded <= 30);
            counts.insert(recorded);
        }
        QVERIFY2(counts.size() >= 5, "the created count hardly varies over 30 readers");
    }

    // not started -> training (with feedback that matches the key) -> main ->
    // completed; nothing is taken after that; the steps are logged.
    void stateMachineFeedbackAndLog()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        QVERIFY(addReader(db, {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), 16}).ok());
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        QVERIFY(access.ok());
        auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
        QVERIFY(session.ok());
        const auto key = answerKey(db, *access, QStringLiteral("s"), QStringLiteral("NR1"));
        QVERIFY(key.ok());
        QCOMPARE(key->size(), std::size_t{60});
        QVERIFY(session->begin().ok());
        QCOMPARE(session->state(), SessionState::Training);
        for (int i = 0; i < 60; ++i) {
            const auto current = session->current();
            QVERIFY(current);
            QCOMPARE(current->block, i < 10 ? Block::Training : Block::Main);
            QCOMPARE(current->position, i < 10 ? i + 1 : i - 9);
            const auto recorded = session->answer(called(i % 3 ? Call::Real : Call::Created));
            QVERIFY2(recorded.ok(), recorded.ok() ? "" : recorded.error().toString().c_str());
            QCOMPARE(recorded->trainingTruthIsCreated.has_value(), i < 10);
            if (i < 10)
                QCOMPARE(*recorded->trainingTruthIsCreated, (*key)[std::size_t(i)].created);
            QCOMPARE(recorded->stateAfter, i < 9 ? SessionState::Training : i < 59 ? SessionState::Main
                                                                                   : SessionState::Completed);
        }
        QVERIFY(!session->current());
        const auto late = session->answer(called(Call::Real));
        QVERIFY(!late.ok());
        QVERIFY(QString::fromStdString(late.error().message).contains(QStringLiteral("completed")));
        QCOMPARE(countRows(db, QStringLiteral("verdict")), 60);
        for (const char* kind : {"session created", "session opened", "session training", "session main",
                 "session completed", "answer key read"})
            QVERIFY2(hasEvent(db, QString::fromLatin1(kind)), kind);
    }

    // Each wrong answer names the field, and nothing is stored for it.
    void badAnswersAreRefusedAndNothingIsStored_data()
    {
        QTest::addColumn<int>("call");
        QTest::addColumn<int>("confidence");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<qint64>("responseMs");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown not offered") << int(Call::Unknown) << 3 << QString() << qint64(900) << "verdict";
        QTest::newRow("confidence missing") << int(Call::Real) << 0 << QString() << qint64(900) << "confidence";
        QTest::newRow("confidence 6") << int(Call::Real) << 6 << QString() << qint64(900) << "confidence";
        QTest::newRow("reason not on the list") << int(Call::Real) << 4 << "vibes" << qint64(900) << "reasons";
        QTest::newRow("past the time limit") << int(Call::Created) << 4 << QString() << qint64(10001) << "response ms";
        QTest::newRow("negative time") << int(Call::Created) << 4 << QString() << qint64(-1) << "response ms";
        QTest::newRow("timeout before the limit") << int(Call::Timeout) << 0 << QString() << qint64(500) << "response ms";
    }
    void badAnswersAreRefusedAndNothingIsStored()
    {
        QFETCH(int, call);
        QFETCH(int, confidence);
        QFETCH(QString, reason);
        QFETCH(qint64, responseMs);
        QFETCH(QString, field);
        QTemporaryDir dir;
        StudyDesign design;
        design.askConfidence = true;
        design.askReasons = true;
        const QString path = buildStudyProject(dir, design);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        QVERIFY(holdCoordinatorKey(db));
        QVERIFY(addReader(db, {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), {}}).ok());
        auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
        Answer good = called(Call::Real);
        good.confidence = 5;
        good.reasons = QStringList{QStringLiteral("anatomy")};
        good.reasonText = QStringLiteral("ventricles too small");
        QVERIFY(session->answer(good).ok());
        Answer bad = called(Call(call), responseMs);
        if (confidence)
            bad.confidence = confidence;
        if (!reason.isEmpty())
            bad.reasons << reason;
        const auto refused = session->answer(bad);
        QVERIFY(!refused.ok());
        QCOMPARE(QString::fromStdString(refused.error().subject), field);
        QCOMPARE(countRows(db, QStringLiteral("verdict")), 1);
        QCOMPARE(session->current()->position, 2);
    }

    // A state or verdict this version does not know (a hand-edited or damaged
    // file) is refused naming the row, never read as "abandoned" or "unknown".
    void unknownStoredValuesAreRefused()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        QVERIFY(holdCoordinatorKey(db));
        QVERIFY(addReader(db, {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), {}}).ok());
        qint64 next = 0;
        {
            auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
            QVERIFY(session.ok());
            QVERIFY(session->answer(called(Call::Real)).ok());
            next = session->current()->id;
        }
        QSqlQuery q(db.db());
        // A project written with values this version does not know: SQLite
        // stores them when told to ignore CHECKs, PostgreSQL once they are dropped.
        if (onProjectServer())
            QVERIFY2(q.exec(QStringLiteral("ALTER TABLE verdict DROP CONSTRAINT verdict_verdict_check"))
                    && q.exec(QStringLiteral("ALTER TABLE session DROP CONSTRAINT session_state_check")),
                qPrintable(q.lastError().text()));
        else
            QVERIFY(q.exec(QStringLiteral("PRAGMA ignore_check_constraints = ON")));
        QVERIFY2(q.exec(QStringLiteral("INSERT INTO verdict (presentation_id, verdict, onset_ms, response_ms, recorded_at) "
                                       "VALUES (%1, 'maybe', 0, 900, '2026-12-01T00:00:00Z')").arg(next)),
            qPrintable(q.lastError().text()));
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        QVERIFY(access.ok());
        const auto responses = loadResponses(db, *access, QStringLiteral("s"));
        QVERIFY(!responses.ok());
        QVERIFY2(responses.error().message.find("reader NR1 at T2 is stored as 'maybe'") != std::string::npos,
            responses.error().toString().c_str());

        QVERIFY(q.exec(QStringLiteral("UPDATE session SET state = 'paused'")));
        const auto reopened = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
        QVERIFY(!reopened.ok());
        QVERIFY2(reopened.error().message.find("stored with the state 'paused'") != std::string::npos,
            reopened.error().toString().c_str());
        const auto progress = readerProgress(db, QStringLiteral("s"));
        QVERIFY(!progress.ok());
        QCOMPARE(progress.error().code, core::ErrorCode::Corrupt);
    }

    // A reader cannot change what is recorded: the file itself refuses updates
    // and deletes. The coordinator's correction is stored beside the original,
    // logged, and used by the analysis.
    void verdictsAreFinalCorrectionsAreLogged()
    {
        QTemporaryDir dir;
        StudyDesign design;
        design.draw.trainingCases = 0;
        const QString path = buildStudyProject(dir, design);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        QVERIFY(addReader(db, {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), {}}).ok());
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        {
            auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
            QCOMPARE(session->count(Block::Training), 0);
            for (int i = 0; i < 50; ++i)
                QVERIFY(session->answer(called(Call::Real)).ok());
            QCOMPARE(session->state(), SessionState::Completed);
        }
        QSqlQuery q(db.db());
        QVERIFY(!q.exec(QStringLiteral("UPDATE verdict SET verdict = 'created'")));
        QVERIFY(q.lastError().text().contains(QStringLiteral("cannot be changed")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM verdict")));
        QVERIFY(!q.exec(QStringLiteral("UPDATE event SET kind = 'x'")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM event")));
        QCOMPARE(countRows(db, QStringLiteral("verdict")), 50);

        const auto key = answerKey(db, *access, QStringLiteral("s"), QStringLiteral("NR1"));
        const auto before = studyResults(db, *access, QStringLiteral("s"));
        QVERIFY(before.ok());
        const TableRow nr1 = before->excluded.rows.front();
        QCOMPARE(nr1.fp + nr1.tp, 50); // everything called real
        const int firstCreated = int(std::find_if(key->begin(), key->end(), [](auto& k) { return k.created; })
                                     - key->begin()) + 1;
        QVERIFY(!correctVerdict(db, *access, QStringLiteral("s"), QStringLiteral("NR1"), Block::Main, firstCreated,
            Call::Created, QString()).ok()); // a reason is required
        QVERIFY(correctVerdict(db, *access, QStringLiteral("s"), QStringLiteral("NR1"), Block::Main, firstCreated,
            Call::Created, QStringLiteral("reader reported a slipped key at once")).ok());
        const auto after = studyResults(db, *access, QStringLiteral("s"));
        QCOMPARE(after->excluded.rows.front().tn, 1);
        QCOMPARE(after->excluded.rows.front().fp, nr1.fp - 1);
        const auto rows = loadResponses(db, *access, QStringLiteral("s"));
        const auto corrected = std::find_if(rows->begin(), rows->end(), [&](auto& r) { return r.position == firstCreated; });
        QCOMPARE(corrected->readerCall, QStringLiteral("real")); // the original is kept
        QCOMPARE(corrected->call, Call::Created);
        QVERIFY(hasEvent(db, QStringLiteral("verdict corrected")));
        QVERIFY(!q.exec(QStringLiteral("UPDATE verdict_correction SET verdict = 'real'")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM verdict_correction")));
        // A correction to an answer the study does not offer is refused.
        QCOMPARE(correctVerdict(db, *access, QStringLiteral("s"), QStringLiteral("NR1"), Block::Main, 1, Call::Unknown,
                     QStringLiteral("no such answer"))
                     .error()
                     .subject,
            std::string("verdict"));
    }

    // The key and the results need the passphrase; it is stored only as a
    // salted hash; PBKDF2 matches published test vectors.
    void coordinatorPassphrase()
    {
        QCOMPARE(pbkdf2Sha256("password", "salt", 1, 32).toHex(),
            QByteArray("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"));
        QCOMPARE(pbkdf2Sha256("password", "salt", 4096, 32).toHex(),
            QByteArray("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"));
        QCOMPARE(pbkdf2Sha256("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 40).toHex(),
            QByteArray("348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"));

        QTemporaryDir dir;
        auto project = Project::create(projectLocation(dir, QStringLiteral("p.trproj")));
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        QCOMPARE(unlockCoordinator(db, QStringLiteral("anything")).error().code, core::ErrorCode::NotFound);
        QCOMPARE(setCoordinatorPassphrase(db, QStringLiteral("short")).error().subject, std::string("passphrase"));
        QVERIFY(setCoordinatorPassphrase(db, QStringLiteral("first passphrase")).ok());
        QVERIFY(unlockCoordinator(db, QStringLiteral("first passphrase")).ok());
        QCOMPARE(unlockCoordinator(db, QStringLiteral("first passphrasE")).error().code,
            core::ErrorCode::PermissionDenied);
        // Changing it needs the current one.
        QVERIFY(!setCoordinatorPassphrase(db, QStringLiteral("second passphrase"), QStringLiteral("wrong one")).ok());
        QVERIFY(unlockCoordinator(db, QStringLiteral("first passphrase")).ok());
        QVERIFY(setCoordinatorPassphrase(db, QStringLiteral("second passphrase"), QStringLiteral("first passphrase")).ok());
        QVERIFY(unlockCoordinator(db, QStringLiteral("second passphrase")).ok());
        // Access unlocked for one project opens no other.
        QTemporaryDir other;
        auto second = Project::create(projectLocation(other, QStringLiteral("q.trproj")));
        QVERIFY(setCoordinatorPassphrase(second->database(), QStringLiteral("another passphrase")).ok());
        const auto firstAccess = unlockCoordinator(db, QStringLiteral("second passphrase"));
        const auto crossed = loadResponses(second->database(), *firstAccess, QStringLiteral("s"));
        QVERIFY(!crossed.ok());
        QCOMPARE(crossed.error().code, core::ErrorCode::PermissionDenied);
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("SELECT value FROM setting WHERE key = 'coordinator_passphrase'")) && q.next());
        const QString stored = q.value(0).toString();
        QVERIFY(stored.startsWith(QStringLiteral("pbkdf2-sha256$600000$")));
        QVERIFY(!stored.contains(QStringLiteral("second")));
    }

    // Bad study designs are refused naming the field; nothing is stored.
    void badStudiesAreRefused()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir, {}, 40, 40);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        StudyDesign design;
        const auto make = [&](const QString& name, const QString& real, const QString& created, const StudyDesign& d) {
            return createStudy(db, *access, name, real, created, 1, d);
        };
        QCOMPARE(make(QStringLiteral("t"), QStringLiteral("created"), QStringLiteral("created"), design).error().subject,
            std::string("real pool"));
        QCOMPARE(make(QStringLiteral("t"), QStringLiteral("real"), QStringLiteral("nope"), design).error().code,
            core::ErrorCode::NotFound);
        QCOMPARE(make(QStringLiteral("s"), QStringLiteral("real"), QStringLiteral("created"), design).error().code,
            core::ErrorCode::AlreadyExists);
        QCOMPARE(make(QStringLiteral("bad name!"), QStringLiteral("real"), QStringLiteral("created"), design).error().subject,
            std::string("name"));
        design.draw.imagesPerReader = 100; // 60 real would be needed from a pool of 40
        QVERIFY(!make(QStringLiteral("t"), QStringLiteral("real"), QStringLiteral("created"), design).ok());
        design = {};
        design.timeLimitSeconds = -1;
        QCOMPARE(make(QStringLiteral("t"), QStringLiteral("real"), QStringLiteral("created"), design).error().subject,
            std::string("time limit"));
        Project& p = *project;
        QVERIFY(addCreatedPool(p, QStringLiteral("big"), 1, patternedBatch(60, 128)).ok());
        QCOMPARE(make(QStringLiteral("t"), QStringLiteral("real"), QStringLiteral("big"), {}).error().subject,
            std::string("created pool")); // 128 px against 64 px real slices
        QCOMPARE(countRows(db, QStringLiteral("study")), 1);
    }

    // The answer keys are part of the design: checked, stored canonically,
    // read back; a bad set is refused naming --keys, and nothing is stored.
    void answerKeys_data()
    {
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<bool>("confidence");
        QTest::addColumn<QString>("problem"); // empty: accepted
        QTest::newRow("default") << QStringList{"R", "C", "U"} << false << QString();
        QTest::newRow("lower case") << QStringList{"r", "c", "u"} << false << QString();
        QTest::newRow("arrows") << QStringList{"Left", "Right", "Down"} << false << QString();
        QTest::newRow("digits") << QStringList{"1", "2", "3"} << false << QString();
        QTest::newRow("digits, confidence") << QStringList{"7", "9", "8"} << true << QString();
        QTest::newRow("same key") << QStringList{"R", "R", "U"} << false << QStringLiteral("answers something else");
        QTest::newRow("unknown clash") << QStringList{"R", "C", "c"} << false << QStringLiteral("answers something else");
        QTest::newRow("modifier") << QStringList{"Ctrl+R", "C", "U"} << false << QStringLiteral("not one plain key");
        QTest::newRow("two keys") << QStringList{"R, C", "C", "U"} << false << QStringLiteral("not one plain key");
        QTest::newRow("space") << QStringList{"Space", "C", "U"} << false << QStringLiteral("not one plain key");
        QTest::newRow("escape") << QStringList{"R", "Esc", "U"} << false << QStringLiteral("not one plain key");
        QTest::newRow("empty") << QStringList{"", "C", "U"} << false << QStringLiteral("not one plain key");
        QTest::newRow("confidence digit") << QStringList{"1", "2", "U"} << true << QStringLiteral("confidence rating");
    }

    void answerKeys()
    {
        QFETCH(QStringList, keys);
        QFETCH(bool, confidence);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir, {}, 40, 40);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        StudyDesign design;
        design.askConfidence = confidence;
        design.keys = {keys[0], keys[1], keys[2]};
        const auto made = createStudy(db, *access, QStringLiteral("k"), QStringLiteral("real"),
            QStringLiteral("created"), 1, design);
        if (problem.isEmpty()) {
            QVERIFY2(made.ok(), made.ok() ? "" : made.error().toString().c_str());
            const auto read = study(db, QStringLiteral("k"));
            // Stored canonically: "r" as "R", "Left" as it is.
            const auto canonical = [](const QString& k) { return k.size() == 1 ? k.toUpper() : k; };
            QCOMPARE(read->design.keys.real, canonical(keys[0]));
            QCOMPARE(read->design.keys.created, canonical(keys[1]));
            QCOMPARE(read->design.keys.unknown, canonical(keys[2]));
            return;
        }
        QVERIFY(!made.ok());
        QCOMPARE(made.error().subject, std::string("keys"));
        QVERIFY2(QString::fromStdString(made.error().message).contains(problem), made.error().message.c_str());
        QCOMPARE(countRows(db, QStringLiteral("study")), 1); // only the fixture's
    }

    // A study made before answer keys were part of the design (schema 3) gets
    // the keys its readers used, R, C and U, when the file is brought forward.
    void schemaThreeStudyGetsTheDefaultKeys()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        {
            auto project = Project::open(path);
            QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
            QSqlQuery q(project->database().db());
            for (const char* column : {"image DROP COLUMN sealed_source", "presentation DROP COLUMN practice_created",
                     "image_pool DROP COLUMN image_count", "image_pool DROP COLUMN discarded_count"}) // schema 11
                QVERIFY2(q.exec(QStringLiteral("ALTER TABLE %1").arg(QLatin1String(column))), qPrintable(q.lastError().text()));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE reading_package"))); // schema 10
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE verdict DROP COLUMN disturbed"))); // schema 9
            // On a server the readers' views use the column; the next opening makes them again.
            if (onProjectServer())
                QVERIFY(q.exec(QStringLiteral("DROP SCHEMA reading CASCADE")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE reader DROP COLUMN login_role"))); // schema 8
            QVERIFY(q.exec(QStringLiteral("DROP TABLE blinding_check"))); // schema 7
            for (const char* column : {"model DROP COLUMN kind", "image DROP COLUMN source_file", "image DROP COLUMN source_sha256",
                     "image DROP COLUMN subject"})
                QVERIFY2(q.exec(QStringLiteral("ALTER TABLE %1").arg(QLatin1String(column))), qPrintable(q.lastError().text()));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE realism_report"))); // schema 6
            QVERIFY(q.exec(QStringLiteral("DROP TABLE image_discard"))); // schema 5
            for (const char* column : {"real_key", "created_key", "unknown_key"})
                QVERIFY2(q.exec(QStringLiteral("ALTER TABLE study DROP COLUMN %1").arg(QLatin1String(column))),
                    qPrintable(q.lastError().text()));
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 3")));
        }
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        const auto read = study(project->database(), QStringLiteral("s"));
        QVERIFY(read.ok());
        QCOMPARE(read->design.keys, AnswerKeys{});
        QCOMPARE(read->design.keys.real, QStringLiteral("R"));
    }

    // An image taken out of a pool is recorded with its reason, never drawn,
    // counted in the study's report, and only possible before a study uses
    // the pool; bad requests are named and change nothing.
    void discardsAreRecordedAndReported()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        const auto used = discardImage(db, *access, QStringLiteral("created"), 3, QStringLiteral("stripes"));
        QVERIFY(!used.ok());
        QVERIFY2(QString::fromStdString(used.error().message).contains(QStringLiteral("Study 's' draws from this pool")),
            used.error().message.c_str());

        QVERIFY(addCreatedPool(*project, QStringLiteral("c2"), 7, patternedBatch(60, 64)).ok());
        const qint64 doomed = (*poolImages(db, QStringLiteral("c2")))[3].id;
        QVERIFY(discardImage(db, *access, QStringLiteral("c2"), 3, QStringLiteral("  stripes across  ")).ok());
        QCOMPARE(discardImage(db, *access, QStringLiteral("c2"), 3, QStringLiteral("again")).error().code,
            core::ErrorCode::AlreadyExists);
        QCOMPARE(discardImage(db, *access, QStringLiteral("c2"), 99, QStringLiteral("x")).error().subject, std::string("position"));
        QCOMPARE(discardImage(db, *access, QStringLiteral("c2"), 4, QStringLiteral("  ")).error().subject, std::string("reason"));
        QCOMPARE(discardImage(db, *access, QStringLiteral("nope"), 4, QStringLiteral("x")).error().code, core::ErrorCode::NotFound);
        const auto c2 = pool(db, QStringLiteral("c2"));
        QCOMPARE((std::array{c2->size, c2->discarded}), (std::array{59, 1}));
        const auto images = poolImages(db, QStringLiteral("c2"));
        QCOMPARE(images->size(), std::size_t{60});
        QVERIFY((*images)[3].discarded);
        QCOMPARE((*images)[3].reason, QStringLiteral("stripes across"));
        const auto ids = poolImageIds(db, c2->id);
        QCOMPARE(ids->size(), std::size_t{59});
        QVERIFY(std::find(ids->begin(), ids->end(), doomed) == ids->end());
        QSqlQuery q(db.db());
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM image_discard"))); // final
        QCOMPARE(countRows(db, QStringLiteral("image_discard")), 1);

        // A study of the pool: never drawn, and said in its report.
        StudyDesign design;
        design.draw.sameSetForEveryReader = true;
        const auto t = createStudy(db, *access, QStringLiteral("t"), QStringLiteral("real"), QStringLiteral("c2"), 9, design);
        QVERIFY2(t.ok(), t.ok() ? "" : t.error().toString().c_str());
        QCOMPARE((std::array{t->createdPoolSize, t->createdDiscarded, t->realDiscarded}), (std::array{59, 1, 0}));
        QVERIFY(acknowledgeBlindingCheck(db, *access, QStringLiteral("t"), QStringLiteral("test patterns")).ok());
        QVERIFY(addReader(db, {0, QStringLiteral("D1"), {}, QStringLiteral("neuroradiologist"), 1}).ok());
        auto session = ReaderSession::open(db, QStringLiteral("t"), QStringLiteral("D1"));
        for (const Presentation& p : session->presentations())
            QVERIFY(p.imageId != doomed);
        const auto results = studyResults(db, *access, QStringLiteral("t"));
        QVERIFY(results.ok());
        const QString md = QString::fromUtf8(renderResults(*results, ResultsFormat::Markdown));
        QVERIFY2(md.contains(QStringLiteral("discarded by the coordinator before the study, with reasons in the event log: 0 real, 1 created")),
            qPrintable(md));
        QVERIFY(QString::fromUtf8(renderResults(*results, ResultsFormat::Json)).contains(QStringLiteral("\"created_pool_discarded\": 1")));
    }

    // Where each reader stands: counts only, readers without a session included.
    void readerProgressCounts()
    {
        QTemporaryDir dir;
        const QString path = buildStudyProject(dir);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        QVERIFY(holdCoordinatorKey(db));
        for (const char* code : {"A1", "A2", "A3"})
            QVERIFY(addReader(db, {0, QString::fromLatin1(code), {}, QStringLiteral("neuroradiologist"), 3}).ok());
        {
            auto a2 = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("A2"));
            QVERIFY(a2->begin().ok());
            for (int i = 0; i < 12; ++i) // the 10 practice cases and 2 that count
                QVERIFY(a2->answer({Call::Real, {}, {}, {}, 0, 900, 0}).ok());
            auto a3 = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("A3"));
            QVERIFY(a3->begin().ok());
            QVERIFY(a3->answer({Call::Created, {}, {}, {}, 0, 900, 0}).ok());
        }
        const auto progress = readerProgress(db, QStringLiteral("s"));
        QVERIFY(progress.ok());
        QCOMPARE(progress->size(), std::size_t{3});
        const auto& p = *progress;
        QCOMPARE(p[0].reader.code, QStringLiteral("A1"));
        QCOMPARE(p[0].state, SessionState::NotStarted);
        QCOMPARE((std::array{p[0].trainingAnswered, p[0].trainingCount, p[0].mainAnswered, p[0].mainCount}),
            (std::array{0, 10, 0, 50}));
        QCOMPARE(p[1].state, SessionState::Main);
        QCOMPARE((std::array{p[1].trainingAnswered, p[1].trainingCount, p[1].mainAnswered, p[1].mainCount}),
            (std::array{10, 10, 2, 50}));
        QCOMPARE(p[2].state, SessionState::Training);
        QCOMPARE((std::array{p[2].trainingAnswered, p[2].mainAnswered}), (std::array{1, 0}));
        QCOMPARE(readerProgress(db, QStringLiteral("nope")).error().code, core::ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestReaderSession)
#include "tst_readersession.moc"
