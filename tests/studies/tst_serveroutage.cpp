// The project server goes away mid-session (a cluster of this test's own,
// tests/postgres/cluster.sh, stopped and started again): the reader's answer
// is kept in hand while the server is out of reach, committed exactly once
// when it is back and marked as disturbed; an answer whose commit had reached
// the server before the connection broke is not written again.
#include "../postgres/privatecluster.h"
#include "studies/readeraccess.h"
#include "studies/readersession.h"
#include "studies/studyresults.h"
#include "studyfixture.h"

#include <QSqlQuery>
#include <QtTest>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

Answer answerAt(int i)
{
    Answer a;
    a.call = i % 2 ? Call::Real : Call::Created;
    a.onsetMs = qint64(i) * 12000;
    a.responseMs = 1600 + i;
    return a;
}

} // namespace

class TestServerOutage : public QObject {
    Q_OBJECT

    PrivateCluster m_cluster;

    struct Sitting {
        std::optional<Project> coordinator, reader;
        std::optional<ReaderSession> session;
    };

    // A study on the server, NR1 on their own login, sitting with 2 answers in.
    bool sitDown(const QTemporaryDir& dir, Sitting& s)
    {
        const QString url = buildStudyProject(dir);
        if (url.isEmpty())
            return false;
        auto c = Project::open(url);
        if (!c)
            return false;
        s.coordinator.emplace(std::move(*c));
        auto& db = s.coordinator->database();
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        if (!access || !addReader(db, {0, QStringLiteral("NR1"), {}, QStringLiteral("neuroradiologist"), {}}))
            return false;
        auto login = grantReaderLogin(db, *access, QStringLiteral("NR1"), QStringLiteral("a reader's password"));
        if (!login || !prepareSession(db, *access, QStringLiteral("s"), QStringLiteral("NR1")))
            return false;
        qputenv("PGPASSWORD", "a reader's password"); // the cluster asks the readers' roles for theirs
        auto r = Project::open(QString(url).replace(QStringLiteral("postgres@"), *login + QLatin1Char('@')));
        if (!r)
            return false;
        s.reader.emplace(std::move(*r));
        auto session = ReaderSession::open(s.reader->database(), QStringLiteral("s"), QStringLiteral("NR1"));
        if (!session)
            return false;
        s.session.emplace(std::move(*session));
        return s.session->answer(answerAt(0)) && s.session->answer(answerAt(1));
    }

    // The coordinator, on a fresh connection: verdicts stored, distinct, disturbed.
    std::array<int, 3> stored(const QString& url)
    {
        auto project = Project::open(url);
        if (!project)
            return {-1, -1, -1};
        QSqlQuery q(project->database().db());
        if (!q.exec(QStringLiteral("SELECT count(*), count(DISTINCT presentation_id), coalesce(sum(disturbed), 0) FROM verdict"))
            || !q.next())
            return {-1, -1, -1};
        return {q.value(0).toInt(), q.value(1).toInt(), q.value(2).toInt()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cluster.start());
    }

    void anAnswerInHandIsRecordedOnceWhenTheServerIsBack()
    {
        QTemporaryDir dir;
        Sitting s;
        QVERIFY(sitDown(dir, s));
        const QString url = s.coordinator->path();
        s.coordinator.reset();
        QVERIFY(m_cluster.pause());
        auto lost = s.session->answer(answerAt(2));
        QVERIFY(!lost);
        QVERIFY(s.session->outage());
        QVERIFY2(lost.error().message.find("cannot be reached") != std::string::npos, lost.error().message.c_str());
        QCOMPARE(s.session->current()->position, 3); // still the image in hand
        auto stillDown = s.session->answerAfterOutage(answerAt(2));
        QVERIFY(!stillDown);
        QVERIFY(s.session->outage());
        QVERIFY(m_cluster.resume());
        auto back = s.session->answerAfterOutage(answerAt(2));
        QVERIFY2(back, back ? "" : back.error().toString().c_str());
        QVERIFY(!s.session->outage());
        QCOMPARE(back->presentation.position, 3);
        QVERIFY(back->trainingTruthIsCreated.has_value());
        for (int i = 3; s.session->current(); ++i)
            QVERIFY(s.session->answer(answerAt(i)));
        QCOMPARE(s.session->state(), SessionState::Completed);
        s.session.reset();
        QCOMPARE(stored(url), (std::array{60, 60, 1}));
        // The mark reaches the raw data.
        auto project = Project::open(url);
        QVERIFY(project);
        auto access = unlockCoordinator(project->database(), QString::fromLatin1(kPassphrase));
        QVERIFY(access);
        auto rows = loadResponses(project->database(), *access, QStringLiteral("s"));
        QVERIFY(rows);
        int disturbed = 0;
        for (const auto& r : *rows)
            if (r.disturbed) {
                ++disturbed;
                QCOMPARE(r.position, 3);
                QCOMPARE(r.block, Block::Training);
            }
        QCOMPARE(disturbed, 1);
    }

    // The commit reached the server but its acknowledgement did not: found
    // answered after the reconnection, and not written a second time.
    void aCommitThatReachedTheServerIsNotRepeated()
    {
        QTemporaryDir dir;
        Sitting s;
        QVERIFY(sitDown(dir, s));
        const QString url = s.coordinator->path();
        const qint64 pending = s.session->current()->id;
        s.coordinator.reset();
        QVERIFY(m_cluster.restart());
        QVERIFY(!s.session->answer(answerAt(2)));
        QVERIFY(s.session->outage());
        {
            // What the lost commit would have left: the verdict, stored.
            auto c = Project::open(url);
            QVERIFY(c);
            QSqlQuery q(c->database().db());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO verdict (presentation_id, verdict, onset_ms, response_ms, recorded_at) "
                                          "VALUES (%1, 'created', 24000, 1602, '2026-12-03T00:00:00Z')").arg(pending)));
        }
        auto back = s.session->answerAfterOutage(answerAt(2));
        QVERIFY2(back, back ? "" : back.error().toString().c_str());
        QCOMPARE(back->presentation.id, pending);
        QCOMPARE(s.session->current()->position, 4);
        QVERIFY(s.session->answer(answerAt(3)));
        s.session.reset();
        QCOMPARE(stored(url), (std::array{4, 4, 0}));
    }
};

QTEST_GUILESS_MAIN(TestServerOutage)
#include "tst_serveroutage.moc"
