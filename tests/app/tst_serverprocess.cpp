// Readers at workstations of their own, in real processes against the
// postgres fixture's cluster: the coordinator builds a study in a file, copies
// it to the server, gives a reader a login and prepares the session; the
// reader's scripted process signs in with that login, is killed (SIGKILL)
// half-way and resumes with nothing lost or doubled; the login cannot read the
// key or the pools.
#include "clistudy.h"
#include "studies/project.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>


using namespace tr;
using namespace tr::studies;

using Run = tr::testing::CliRun;

class TestServerProcess : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_file, m_url, m_readerUrl, m_passphrase, m_password;

    static Run cli(const QStringList& args, const QByteArray& input = {}) { return tr::testing::runCli(args, input); }

    QStringList withPassphrase(QStringList args) { return args << QStringLiteral("--passphrase-file") << m_passphrase; }

    static QString write(const QString& path, const QByteArray& text)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size() ? path : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QFile urlFile(QString::fromLocal8Bit(qgetenv("TR_TEST_POSTGRES_URL_FILE")));
        QVERIFY2(urlFile.open(QIODevice::ReadOnly), "runs against the postgres fixture's cluster only");
        const QString server = QString::fromUtf8(urlFile.readAll()).trimmed();
        const QString database = QStringLiteral("proc_") + QUuid::createUuid().toString(QUuid::Id128).left(10);
        m_url = server + QLatin1Char('/') + database;
        m_file = m_dir.filePath(QStringLiteral("p.trproj"));
        m_passphrase = write(m_dir.filePath(QStringLiteral("pass.txt")), "reading room 7\n");
        m_password = write(m_dir.filePath(QStringLiteral("reader.txt")), "a reader's own password\n");
        QVERIFY(!m_passphrase.isEmpty() && !m_password.isEmpty());
        QList<QStringList> steps = tr::testing::pilotStudySteps(m_file, m_passphrase);
        steps += QList<QStringList>{
            // To the server (the file is sealed: the passphrase opens it for
            // the copy), and the readers set up there.
            withPassphrase({QStringLiteral("project"), QStringLiteral("copy"), m_file, m_url}),
            {QStringLiteral("reader"), QStringLiteral("add"), m_url, QStringLiteral("--code"), QStringLiteral("NR1"),
                QStringLiteral("--group"), QStringLiteral("neuroradiologist")},
            withPassphrase({QStringLiteral("reader"), QStringLiteral("login"), m_url, QStringLiteral("--code"),
                QStringLiteral("NR1"), QStringLiteral("--password-file"), m_password}),
            withPassphrase({QStringLiteral("session"), QStringLiteral("prepare"), m_url, QStringLiteral("--study"),
                QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("all")}),
        };
        for (const QStringList& step : steps) {
            const Run r = cli(step);
            QVERIFY2(r.status == 0, qPrintable(step.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
            if (step.contains(QStringLiteral("login"))) {
                const auto m = QRegularExpression(QStringLiteral("signs in as (tr_\\w+)")).match(r.out);
                QVERIFY2(m.hasMatch(), qPrintable(r.out));
                m_readerUrl = QString(m_url).replace(QStringLiteral("postgres@"), m.captured(1) + QLatin1Char('@'));
            }
        }
        // The reader's processes sign in with the reader's password (the
        // cluster asks every role but postgres for it); a wrong one is refused.
        const QStringList images{QStringLiteral("session"), QStringLiteral("images"), m_readerUrl, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1")};
        qputenv("PGPASSWORD", "not the reader's password");
        const Run wrong = cli(images);
        QCOMPARE(wrong.status, 1);
        QVERIFY2(wrong.err.contains(QStringLiteral("refused the login")), qPrintable(wrong.err));
        qputenv("PGPASSWORD", "a reader's own password");
        // A file has no logins.
        const Run fileLogin = cli(withPassphrase({QStringLiteral("reader"), QStringLiteral("login"), m_file,
            QStringLiteral("--code"), QStringLiteral("NR1"), QStringLiteral("--password-file"), m_password}));
        QCOMPARE(fileLogin.status, 1);
        QVERIFY2(fileLogin.err.contains(QStringLiteral("A project file has no logins")), qPrintable(fileLogin.err));
    }

    // The login can do a sitting and nothing of a coordinator's.
    void theReadersLoginGetsNoTruth()
    {
        for (const QStringList& args :
            {QStringList{QStringLiteral("pool"), QStringLiteral("list"), m_readerUrl},
                withPassphrase({QStringLiteral("study"), QStringLiteral("key"), m_readerUrl, QStringLiteral("--study"),
                    QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1")}),
                QStringList{QStringLiteral("events"), m_readerUrl},
                QStringList{QStringLiteral("project"), QStringLiteral("copy"), m_readerUrl, m_dir.filePath(QStringLiteral("stolen.trproj"))}}) {
            const Run r = cli(args);
            QVERIFY2(r.status == 1, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.out));
            QVERIFY2(r.err.contains(QStringLiteral("this role may not do it")), qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
            QVERIFY(!r.out.contains(QStringLiteral("dcgan64")) && !r.out.contains(QStringLiteral("created,")));
        }
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("stolen.trproj"))));
        const Run list = cli({QStringLiteral("session"), QStringLiteral("images"), m_readerUrl, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1")});
        QVERIFY2(list.status == 0, qPrintable(list.err));
        QCOMPARE(list.out.count(QLatin1Char('\n')), 2 + 60);
    }

    // Killed after its 20th main answer, the reader's process resumes at main
    // image 21 on its next run; the server holds each of the 60 verdicts once.
    void aKilledReaderResumesOnTheServer()
    {
        const Run key = cli(withPassphrase({QStringLiteral("study"), QStringLiteral("key"), m_url,
            QStringLiteral("--study"), QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1")}));
        QCOMPARE(key.status, 0);
        const QStringList lines = tr::testing::answersFromKey(key.out);
        QCOMPARE(lines.size(), 60);
        const auto reader = tr::testing::killReaderAfter(m_readerUrl, lines.mid(0, 30), 20);
        QVERIFY2(reader.killed, qPrintable(reader.seen));

        const QString rest = write(m_dir.filePath(QStringLiteral("rest.csv")),
            "position,verdict,response_ms\n" + lines.mid(30).join(QLatin1Char('\n')).toUtf8() + "\n");
        const Run resumed = cli({QStringLiteral("session"), QStringLiteral("answer"), m_readerUrl, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1"), QStringLiteral("--answers"), rest});
        QVERIFY2(resumed.status == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.out.startsWith(QStringLiteral("resuming after an interruption (logged)\nrecorded 21\n")), qPrintable(resumed.out));
        QVERIFY(resumed.out.contains(QStringLiteral("30 answers recorded; session completed, main block 50/50")));

        auto project = Project::open(m_url);
        QVERIFY(project);
        QSqlQuery q(project->database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(DISTINCT presentation_id) FROM verdict")) && q.next());
        QCOMPARE(q.value(0).toInt(), 60);
        QCOMPARE(q.value(1).toInt(), 60);
        QVERIFY(q.exec(QStringLiteral("SELECT detail FROM event WHERE kind = 'session interrupted'")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("the previous opening ended without closing; resumed at main image 21"));
        // Every answer as the key had it: this reader was always right.
        const Run results = cli(withPassphrase({QStringLiteral("results"), m_url, QStringLiteral("--study"), QStringLiteral("pilot")}));
        QVERIFY2(results.status == 0, qPrintable(results.err));
        QVERIFY2(results.out.contains(QRegularExpression(QStringLiteral("\\| NR1 \\| neuroradiologist \\| 1 \\| 50 \\| \\d+ \\| 0 \\| 0 \\| \\d+ \\| 100 \\| 0 \\| 0 \\| 100 \\| 1.00 \\|"))), qPrintable(results.out));
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"
