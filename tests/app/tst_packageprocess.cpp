// Sealed reading packages in real processes (issue 16, part 5): the
// coordinator's CLI packages a sitting; a scripted reader answers from the
// package, is killed (SIGKILL) half-way and resumes; `session merge` takes it
// back once, and the results count it; a changed package is refused; and
// `turing-reader PACKAGE` opens the sitting from the file alone.
#include "clistudy.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using Run = tr::testing::CliRun;

class TestPackageProcess : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project, m_passphrase;

    static Run cli(const QStringList& args, const QByteArray& input = {}) { return tr::testing::runCli(args, input); }
    QStringList withPassphrase(QStringList args) { return args << QStringLiteral("--passphrase-file") << m_passphrase; }

    static QString write(const QString& path, const QByteArray& text)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size() ? path : QString();
    }

    Run package(const QString& reader, const QString& out)
    {
        return cli(withPassphrase({QStringLiteral("session"), QStringLiteral("package"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), reader, QStringLiteral("--out"), out}));
    }

    // How many events of `kind` the package's own log holds (read while a
    // sitting may hold it: SQLite lets a reader in beside the writer).
    static int packageEvents(const QString& package, const QString& kind)
    {
        int n = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(package);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
            if (db.open()) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral("SELECT count(*) FROM event WHERE kind = ?"));
                q.addBindValue(kind);
                if (q.exec() && q.next())
                    n = q.value(0).toInt();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_project = m_dir.filePath(QStringLiteral("p.trproj"));
        m_passphrase = write(m_dir.filePath(QStringLiteral("pass.txt")), "reading room 7\n");
        QVERIFY(!m_passphrase.isEmpty());
        for (const QStringList& step : tr::testing::pilotStudyWithTwoReaders(m_project, m_passphrase)) {
            const Run r = cli(step);
            QVERIFY2(r.status == 0, qPrintable(step.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
        }
    }

    // Packaged, answered by a scripted reader from the file, killed after its
    // 20th main answer, resumed at 21; merged once; the results hold it.
    void aPackageIsAnsweredResumedAndMergedOnce()
    {
        const QString pkg = m_dir.filePath(QStringLiteral("NR1.trpackage"));
        const Run made = package(QStringLiteral("NR1"), pkg);
        QVERIFY2(made.status == 0, qPrintable(made.err));
        QVERIFY2(made.out.contains(QStringLiteral("10 training + 50 main images, no truth")), qPrintable(made.out));
        QVERIFY(made.out.contains(QStringLiteral("turing-reader ") + pkg));

        // The coordinator's key, from the project: the scripted reader is always right.
        const Run key = cli(withPassphrase({QStringLiteral("study"), QStringLiteral("key"), m_project,
            QStringLiteral("--study"), QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1")}));
        QCOMPARE(key.status, 0);
        const QStringList lines = tr::testing::answersFromKey(key.out);
        QCOMPARE(lines.size(), 60);
        // The package gives nothing of the key to the reader's side.
        const Run listed = cli({QStringLiteral("session"), QStringLiteral("images"), pkg, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1")});
        QVERIFY2(listed.status == 0, qPrintable(listed.err));
        QCOMPARE(listed.out.count(QLatin1Char('\n')), 2 + 60);
        const Run keyFromPackage = cli(withPassphrase({QStringLiteral("study"), QStringLiteral("key"), pkg,
            QStringLiteral("--study"), QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1")}));
        QCOMPARE(keyFromPackage.status, 1);
        QVERIFY2(keyFromPackage.err.contains(QStringLiteral("reading package")), qPrintable(keyFromPackage.err));

        const auto reader = tr::testing::killReaderAfter(pkg, lines.mid(0, 30), 20);
        QVERIFY2(reader.killed, qPrintable(reader.seen));
        const QString rest = write(m_dir.filePath(QStringLiteral("rest.csv")),
            "position,verdict,response_ms\n" + lines.mid(30).join(QLatin1Char('\n')).toUtf8() + "\n");
        const Run resumed = cli({QStringLiteral("session"), QStringLiteral("answer"), pkg, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1"), QStringLiteral("--answers"), rest});
        QVERIFY2(resumed.status == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.out.startsWith(QStringLiteral("resuming after an interruption (logged)\nrecorded 21\n")), qPrintable(resumed.out));
        QVERIFY(resumed.out.contains(QStringLiteral("session completed, main block 50/50")));

        // A copy with one answer changed is refused; the real one merges, once.
        const QString changed = m_dir.filePath(QStringLiteral("NR1-changed.trpackage"));
        QVERIFY(QFile::copy(pkg, changed));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("edit"));
            db.setDatabaseName(changed);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER answer_is_final")));
            QVERIFY(q.exec(QStringLiteral("UPDATE answer SET verdict = CASE verdict WHEN 'real' THEN 'created' ELSE 'real' END "
                                          "WHERE seq = 33")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("edit"));
        const QStringList mergeChanged
            = withPassphrase({QStringLiteral("session"), QStringLiteral("merge"), m_project, QStringLiteral("--package"), changed});
        const Run refused = cli(mergeChanged);
        QCOMPARE(refused.status, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("Answer 33 was changed")) && refused.err.contains(QStringLiteral("nothing was merged")),
            qPrintable(refused.err));

        const QStringList mergeIt
            = withPassphrase({QStringLiteral("session"), QStringLiteral("merge"), m_project, QStringLiteral("--package"), pkg});
        const Run merged = cli(mergeIt);
        QVERIFY2(merged.status == 0, qPrintable(merged.err));
        QVERIFY2(merged.out.contains(QStringLiteral("reader NR1 in pilot, 10 training + 50/50 main answers")), qPrintable(merged.out));
        QVERIFY(merged.out.contains(QStringLiteral("session completed")));
        const Run twice = cli(mergeIt);
        QCOMPARE(twice.status, 1);
        QVERIFY2(twice.err.contains(QStringLiteral("merged already")), qPrintable(twice.err));

        const Run results = cli(withPassphrase({QStringLiteral("results"), m_project, QStringLiteral("--study"), QStringLiteral("pilot")}));
        QVERIFY2(results.status == 0, qPrintable(results.err));
        QVERIFY2(results.out.contains(QRegularExpression(QStringLiteral("\\| NR1 \\| neuroradiologist \\| 1 \\| 50 \\| \\d+ \\| 0 \\| 0 \\| \\d+ \\| 100 \\| 0 \\| 0 \\| 100 \\| 1.00 \\|"))), qPrintable(results.out));
        const Run events = cli({QStringLiteral("events"), m_project});
        QVERIFY2(events.out.contains(QStringLiteral("the previous opening ended without closing; resumed at main image 21 [reading package]")),
            qPrintable(events.out.right(2000)));
    }

    // The reader's workstation: `turing-reader PACKAGE` alone opens the
    // package's sitting (its log says so) and holds the file while it runs.
    void theDesktopProgramOpensAPackage()
    {
        const QString pkg = m_dir.filePath(QStringLiteral("NR2.trpackage"));
        const Run made = package(QStringLiteral("NR2"), pkg);
        QVERIFY2(made.status == 0, qPrintable(made.err));
        QCOMPARE(packageEvents(pkg, QStringLiteral("session opened")), 0);
        QProcess gui;
        gui.setProcessChannelMode(QProcess::MergedChannels);
        gui.start(QStringLiteral(TR_GUI), {pkg, QStringLiteral("--windowed")});
        QVERIFY(gui.waitForStarted());
        QElapsedTimer waited;
        waited.start();
        while (packageEvents(pkg, QStringLiteral("session opened")) < 1 && waited.elapsed() < 60000
            && gui.state() == QProcess::Running)
            QThread::msleep(200);
        QVERIFY2(packageEvents(pkg, QStringLiteral("session opened")) == 1, qPrintable(QString::fromUtf8(gui.readAll())));
        // A second program on the same package is refused, naming the first.
        const Run second = cli({QStringLiteral("session"), QStringLiteral("images"), pkg, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR2")});
        QCOMPARE(second.status, 1);
        QVERIFY2(second.err.contains(QStringLiteral("This reading package is open in another program")), qPrintable(second.err));
        gui.terminate();
        QVERIFY(gui.waitForFinished(10000));
        // Back with the coordinator: nothing answered, the package merges as it is.
        const Run merged = cli(withPassphrase({QStringLiteral("session"), QStringLiteral("merge"), m_project,
            QStringLiteral("--package"), pkg}));
        QVERIFY2(merged.status == 0, qPrintable(merged.err));
        QVERIFY2(merged.out.contains(QStringLiteral("0 training + 0/50 main answers")), qPrintable(merged.out));
    }
};

QTEST_GUILESS_MAIN(TestPackageProcess)
#include "tst_packageprocess.moc"
