// `turing-reader-cli seal` in real processes (issue 16, part 2): `create` seals
// a new project file from its first passphrase; a pilot project made as an
// older version left it (open) is sealed by its coordinator; the file then
// holds no open link from an image to its pool; a scripted reader's process
// without the passphrase reads its drawn session to the end; adding a reader
// needs the passphrase (their session is drawn then); the pools still list
// their sizes.
#include "clistudy.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using Run = tr::testing::CliRun;

class TestSealProcess : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project, m_passphrase;

    static Run cli(const QStringList& args, const QByteArray& input = {}) { return tr::testing::runCli(args, input); }
    QStringList withPassphrase(QStringList args) { return args << QStringLiteral("--passphrase-file") << m_passphrase; }
    QStringList reading(const char* command, const char* reader)
    {
        return {QStringLiteral("session"), QLatin1String(command), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QLatin1String(reader)};
    }

    // sqlite3 on the file: a plain connection, no key.
    qint64 rawCount(const QString& sql, bool write = false)
    {
        qint64 n = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(m_project);
            if (!write)
                db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open()) {
                QSqlQuery q(db);
                if (write)
                    n = q.exec(sql) ? q.numRowsAffected() : -1;
                else if (q.exec(sql) && q.next())
                    n = q.value(0).toLongLong();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qunsetenv("TURING_READER_PASSPHRASE");
        m_project = m_dir.filePath(QStringLiteral("p.trproj"));
        m_passphrase = m_dir.filePath(QStringLiteral("pass.txt"));
        QFile f(m_passphrase);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("reading room 7\n") > 0);
        f.close();
        const QList<QStringList> steps = tr::testing::pilotStudyWithTwoReaders(m_project, m_passphrase);
        for (const QStringList& step : steps) {
            const Run r = cli(step);
            QVERIFY2(r.status == 0, qPrintable(step.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
            if (&step == &steps.front()) {
                // `create` sealed the new file with its passphrase; the
                // setting is taken out again, as a file of a version before
                // that would be, and the pilot is made open.
                QCOMPARE(rawCount(QStringLiteral("SELECT count(*) FROM setting WHERE key = 'seal_sources' AND value = '1'")),
                    qint64(1));
                QCOMPARE(rawCount(QStringLiteral("DELETE FROM setting WHERE key = 'seal_sources'"), true), qint64(1));
            }
        }
        QCOMPARE(rawCount(QStringLiteral("SELECT count(*) FROM image WHERE pool_id IS NULL")), qint64(0));
    }

    void aSealedProjectReadsWithoutThePassphrase()
    {
        // Not without the passphrase (no terminal to ask on).
        const Run refused = cli({QStringLiteral("seal"), m_project});
        QCOMPARE(refused.status, 1);
        QVERIFY2(refused.err.contains(QLatin1String("needs the coordinator passphrase")), qPrintable(refused.err));
        QCOMPARE(rawCount(QStringLiteral("SELECT count(*) FROM image WHERE pool_id IS NULL")), qint64(0));

        const Run sealed = cli(withPassphrase({QStringLiteral("seal"), m_project}));
        QVERIFY2(sealed.status == 0, qPrintable(sealed.err));
        QVERIFY2(sealed.out.contains(QLatin1String(": 240 image sources sealed now")), qPrintable(sealed.out));
        QCOMPARE(rawCount(QStringLiteral("SELECT count(*) FROM image WHERE pool_id IS NOT NULL OR position IS NOT "
                                         "NULL OR volume_id IS NOT NULL OR latent IS NOT NULL OR sealed_source IS NULL")),
            qint64(0));
        QCOMPARE(rawCount(QStringLiteral("SELECT count(*) FROM session")), qint64(2)); // NR1 and NR2, drawn

        // The coordinator's key is the same as the reader's session shows.
        const Run key = cli(withPassphrase({QStringLiteral("study"), QStringLiteral("key"), m_project,
            QStringLiteral("--study"), QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1")}));
        QVERIFY2(key.status == 0, qPrintable(key.err));
        const QStringList answers = tr::testing::answersFromKey(key.out);
        QCOMPARE(answers.size(), 60);

        // A scripted reader with no passphrase: the whole drawn session.
        const Run answered = cli(reading("answer", "NR1") << QStringLiteral("--answers") << QStringLiteral("-"),
            "position,verdict,response_ms\n" + answers.join(QLatin1Char('\n')).toUtf8() + "\n");
        QVERIFY2(answered.status == 0, qPrintable(answered.err));
        QVERIFY2(answered.out.contains(QLatin1String("60 answers recorded; session completed")), qPrintable(answered.out));
        const Run results = cli(withPassphrase({QStringLiteral("results"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot")}));
        QVERIFY2(results.status == 0, qPrintable(results.err));
        QVERIFY2(results.out.contains(QLatin1String("NR1")), qPrintable(results.out));

        // What reads the pools' images needs the passphrase now, and says so
        // rather than finding the pools empty.
        const QStringList check{QStringLiteral("study"), QStringLiteral("check"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot")};
        const Run checkLocked = cli(check);
        QCOMPARE(checkLocked.status, 1);
        QVERIFY2(checkLocked.err.contains(QLatin1String("needs the coordinator passphrase")), qPrintable(checkLocked.err));
        const Run checked = cli(withPassphrase(check));
        QVERIFY2(checked.status == 0 && checked.out.contains(QLatin1String("real64 (real, 120 images)")),
            qPrintable(checked.out + checked.err));
        const QStringList exportPool{QStringLiteral("pool"), QStringLiteral("export"), m_project, QStringLiteral("--name"),
            QStringLiteral("real64"), QStringLiteral("--out"), m_dir.filePath(QStringLiteral("export"))};
        QCOMPARE(cli(exportPool).status, 1);
        const Run exported = cli(withPassphrase(exportPool));
        QVERIFY2(exported.status == 0 && exported.out.startsWith(QLatin1String("120 images of pool real64")),
            qPrintable(exported.out + exported.err));

        // The pools' sizes read without the passphrase.
        const Run pools = cli({QStringLiteral("pool"), QStringLiteral("list"), m_project});
        QVERIFY2(pools.status == 0 && pools.out.contains(QLatin1String("120")), qPrintable(pools.out + pools.err));

        // Adding a reader needs the passphrase, which draws their session:
        // refused without it (nothing stored), then their images are there.
        const QStringList add{QStringLiteral("reader"), QStringLiteral("add"), m_project, QStringLiteral("--code"),
            QStringLiteral("NR3"), QStringLiteral("--group"), QStringLiteral("neuroradiologist")};
        const Run addLocked = cli(add);
        QCOMPARE(addLocked.status, 1);
        QVERIFY2(addLocked.err.contains(QLatin1String("needs the coordinator passphrase")), qPrintable(addLocked.err));
        QCOMPARE(rawCount(QStringLiteral("SELECT count(*) FROM reader WHERE code = 'NR3'")), qint64(0));
        const Run added = cli(withPassphrase(add));
        QVERIFY2(added.status == 0, qPrintable(added.err));
        QCOMPARE(rawCount(QStringLiteral("SELECT count(*) FROM session")), qint64(3));
        const Run images = cli(reading("images", "NR3") << QStringLiteral("--out") << m_dir.filePath(QStringLiteral("nr3")));
        QVERIFY2(images.status == 0, qPrintable(images.err));
        // `session prepare` finds nothing left to draw, and says so without error.
        const Run prepared = cli(withPassphrase(reading("prepare", "NR3")));
        QVERIFY2(prepared.status == 0, qPrintable(prepared.err));
    }
};

QTEST_GUILESS_MAIN(TestSealProcess)
#include "tst_sealprocess.moc"
