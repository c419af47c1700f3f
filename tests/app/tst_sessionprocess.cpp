// The study commands as a coordinator and a scripted reader run them, in real
// processes on a real project file: the default generator's images in a pool,
// a reader's session killed (SIGKILL) half-way and resumed, a second program
// told plainly that the project is open, the coordinator lock, bad answer
// files refused with the line named, and the PDF report from the CLI.
#include "clistudy.h"
#include "studies/coordinatoraccess.h"
#include "studies/project.h"
#include "studies/readersession.h"

#include <QImage>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>


using namespace tr;
using namespace tr::studies;

using Run = tr::testing::CliRun;

class TestSessionProcess : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project, m_passphrase;

    static Run cli(const QStringList& args, const QByteArray& input = {}) { return tr::testing::runCli(args, input); }

    QStringList withPassphrase(QStringList args) { return args << QStringLiteral("--passphrase-file") << m_passphrase; }

    // The session's answer key (coordinator), as "T1,real" ... "50,created".
    QStringList answerLines(const QString& reader)
    {
        const Run key = cli(withPassphrase({QStringLiteral("study"), QStringLiteral("key"), m_project,
            QStringLiteral("--study"), QStringLiteral("pilot"), QStringLiteral("--reader"), reader}));
        [&] { QCOMPARE(key.status, 0); }();
        QStringList lines;
        for (const QString& line : key.out.trimmed().split(QLatin1Char('\n')).mid(1)) {
            const QStringList f = line.split(QLatin1Char(','));
            lines << QStringLiteral("%1%2,%3,%4")
                         .arg(f[0] == QLatin1String("training") ? QStringLiteral("T") : QString(), f[1],
                             f[2] == QLatin1String("real") ? QStringLiteral("created") : QStringLiteral("real"))
                         .arg(2500); // this reader gets every image wrong
        }
        return lines;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_project = m_dir.filePath(QStringLiteral("p.trproj"));
        m_passphrase = m_dir.filePath(QStringLiteral("pass.txt"));
        QFile pass(m_passphrase);
        QVERIFY(pass.open(QIODevice::WriteOnly) && pass.write("reading room 7\n") > 0);
        pass.close();
        QList<QStringList> steps = tr::testing::pilotStudySteps(m_project, m_passphrase);
        steps += QList<QStringList>{
            {QStringLiteral("reader"), QStringLiteral("add"), m_project, QStringLiteral("--code"), QStringLiteral("NR1"),
                QStringLiteral("--group"), QStringLiteral("neuroradiologist"), QStringLiteral("--years"),
                QStringLiteral("16"), QStringLiteral("--passphrase-file"), m_passphrase},
        };
        for (const QStringList& step : steps) {
            const Run r = cli(step);
            QVERIFY2(r.status == 0, qPrintable(step.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
        }
        // The pools are sealed (a new project file is): the check reads them with the passphrase.
        const Run check = cli({QStringLiteral("study"), QStringLiteral("check"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--passphrase-file"), m_passphrase});
        QVERIFY2(check.status == 0 && check.out.contains(QStringLiteral("RAISED"))
                && check.out.contains(QStringLiteral("Acknowledged by the coordinator")),
            qPrintable(check.out + check.err));
        const Run pools = cli({QStringLiteral("pool"), QStringLiteral("list"), m_project});
        QVERIFY(pools.out.contains(QRegularExpression(QStringLiteral("dcgan64 +created +120 +64px +120 images of generator 0d9a7b9b"))));
    }

    // The reader list shows positions only: nothing in it tells real from created.
    void imageListHidesTheTruth()
    {
        const Run r = cli({QStringLiteral("session"), QStringLiteral("images"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1"), QStringLiteral("--out"),
            m_dir.filePath(QStringLiteral("images"))});
        QCOMPARE(r.status, 0);
        QCOMPARE(r.out.count(QLatin1Char('\n')), 2 + 60);
        for (const char* hint : {"real", "created", "dcgan", "pool"})
            QVERIFY2(!r.out.contains(QLatin1String(hint), Qt::CaseInsensitive), hint);
        QCOMPARE(QDir(m_dir.filePath(QStringLiteral("images"))).entryList(QDir::Files).size(), 60);
        const QImage first(m_dir.filePath(QStringLiteral("images/1.png")));
        QCOMPARE(first.size(), QSize(64, 64));
    }

    // A wrong line is refused naming the file and line; what was stored stays.
    void badAnswerFilesAreRefused()
    {
        const QString file = m_dir.filePath(QStringLiteral("bad.csv"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("position,verdict,response_ms\nT2,real,900\n");
        f.close();
        const Run r = cli({QStringLiteral("session"), QStringLiteral("answer"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1"), QStringLiteral("--answers"), file});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains(QStringLiteral("bad.csv line 2: position 'T2', but the session is at T1")), qPrintable(r.err));
        // A line with more fields than the header (an unquoted comma), and an open quote.
        for (const auto& [body, message] : {std::pair{QByteArray("T1,real,900,odd, ventricles\n"),
                                               QStringLiteral("bad.csv line 2: 5 fields, but the header names 3")},
                 std::pair{QByteArray("\"T1,real,900\n"), QStringLiteral("bad.csv line 2: a double quote is not closed")},
                 // trailing junk after the number, and a timeout before the 10 s limit
                 std::pair{QByteArray("T1,real,500\0\n", 14), QStringLiteral("bad.csv line 2: response_ms '500")},
                 std::pair{QByteArray("T1,real,+500\n"), QStringLiteral("bad.csv line 2: response_ms '+500' is not a whole number")},
                 std::pair{QByteArray("T1,timeout,500\n"), QStringLiteral("before the time limit of 10 s")}}) {
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("position,verdict,response_ms\n" + body);
            f.close();
            const Run refused = cli({QStringLiteral("session"), QStringLiteral("answer"), m_project,
                QStringLiteral("--study"), QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1"),
                QStringLiteral("--answers"), file});
            QCOMPARE(refused.status, 1);
            QVERIFY2(refused.err.contains(message), qPrintable(refused.err));
        }
        const Run wrongKey = cli({QStringLiteral("study"), QStringLiteral("key"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1"), QStringLiteral("--passphrase-file"),
            QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz")});
        QCOMPARE(wrongKey.status, 1);
        QVERIFY(wrongKey.err.contains(QStringLiteral("passphrase is wrong")));
        QVERIFY(wrongKey.out.isEmpty());
    }

    // The reader's process is killed after its 20th main answer; the next run
    // resumes at main image 21, says so, logs it, and the file is intact.
    void killedSessionResumes()
    {
        const QStringList lines = answerLines(QStringLiteral("NR1"));
        QCOMPARE(lines.size(), 60);
        const auto reader = tr::testing::killReaderAfter(m_project, lines.mid(0, 30), 20);
        QVERIFY2(reader.killed, qPrintable(reader.seen));

        const QString rest = m_dir.filePath(QStringLiteral("rest.csv"));
        QFile f(rest);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("position,verdict,response_ms\n" + lines.mid(30).join(QLatin1Char('\n')).toUtf8() + "\n");
        f.close();
        const Run resumed = cli({QStringLiteral("session"), QStringLiteral("answer"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1"), QStringLiteral("--answers"), rest});
        QVERIFY2(resumed.status == 0, qPrintable(resumed.err));
        QVERIFY(resumed.out.startsWith(QStringLiteral("resuming after an interruption (logged)\nrecorded 21\n")));
        QVERIFY(resumed.out.contains(QStringLiteral("30 answers recorded; session completed, main block 50/50")));

        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        QSqlQuery q(project->database().db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM verdict")) && q.next());
        QCOMPARE(q.value(0).toInt(), 60);
        // The default generator's images keep their seed and latent vector (100 float32),
        // sealed: read with the coordinator's key.
        QVERIFY(unlockCoordinator(project->database(), QStringLiteral("reading room 7")).ok());
        QVERIFY(q.exec(QStringLiteral("SELECT min(length(i.latent)), max(length(i.latent)), count(i.image_seed) FROM "
                                      "image i JOIN image_pool p ON p.id = i.pool_id WHERE p.kind = 'created'"))
            && q.next());
        QCOMPARE((std::array{q.value(0).toInt(), q.value(1).toInt(), q.value(2).toInt()}), (std::array{400, 400, 120}));
        QVERIFY(q.exec(QStringLiteral("SELECT detail FROM event WHERE kind = 'session interrupted'")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("the previous opening ended without closing; resumed at main image 21"));
    }

    // --skip-training on a rerun (the session is in its main block by then) is no error.
    void skipTrainingTwice()
    {
        QVERIFY(cli({QStringLiteral("reader"), QStringLiteral("add"), m_project, QStringLiteral("--code"),
                    QStringLiteral("PILOT"), QStringLiteral("--group"), QStringLiteral("resident"),
                    QStringLiteral("--passphrase-file"), m_passphrase})
                    .status
            == 0);
        for (int part = 0; part < 2; ++part) {
            const QString file = m_dir.filePath(QStringLiteral("pilot%1.csv").arg(part));
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("position,verdict,response_ms\n");
            for (int i = 1; i <= 5; ++i)
                f.write(QStringLiteral("%1,real,1200\n").arg(5 * part + i).toUtf8());
            f.close();
            const Run r = cli({QStringLiteral("session"), QStringLiteral("answer"), m_project, QStringLiteral("--study"),
                QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("PILOT"), QStringLiteral("--answers"),
                file, QStringLiteral("--skip-training"), QStringLiteral("scripted pilot")});
            QVERIFY2(r.status == 0, qPrintable(r.err));
            QVERIFY(r.out.contains(QStringLiteral("main block %1/50").arg(5 * part + 5)));
        }
    }

    // While one program has the project open, another is told so and changes nothing.
    void secondProgramIsToldPlainly()
    {
        {
            auto project = Project::open(m_project);
            QVERIFY(project.ok());
            const Run r = cli({QStringLiteral("reader"), QStringLiteral("add"), m_project, QStringLiteral("--code"),
                QStringLiteral("NNR1"), QStringLiteral("--group"), QStringLiteral("resident")});
            QCOMPARE(r.status, 1);
            QVERIFY2(r.err.contains(QStringLiteral("This project is open in another program"))
                    && r.err.contains(QString::number(QCoreApplication::applicationPid())),
                qPrintable(r.err));
            // The same process cannot open it twice either.
            QCOMPARE(Project::open(m_project).error().code, core::ErrorCode::Busy);
        }
        const Run list = cli({QStringLiteral("reader"), QStringLiteral("list"), m_project});
        QCOMPARE(list.status, 0);
        QVERIFY(!list.out.contains(QStringLiteral("NNR1")));
    }

    void resultsFromTheCli()
    {
        const Run md = cli(withPassphrase({QStringLiteral("results"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--format"), QStringLiteral("md")}));
        QCOMPARE(md.status, 0);
        // Every image wrong: accuracy 0, all real ones FN, all created ones FP.
        QVERIFY2(md.out.contains(QRegularExpression(QStringLiteral(
                     "\\| NR1 \\| neuroradiologist \\| 1 \\| 50 \\| 0 \\| [0-9]+ \\| [0-9]+ \\| 0 \\| 0 \\| 100 \\| 100 \\| 0 \\| 0.00 \\|"))),
            qPrintable(md.out));
        const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
        const Run r = cli(withPassphrase({QStringLiteral("results"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("--out"), pdf}));
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly) && f.read(5) == "%PDF-");
        const Run noKey = cli({QStringLiteral("results"), m_project, QStringLiteral("--study"), QStringLiteral("pilot")});
        QCOMPARE(noKey.status, 1); // no passphrase given, not a terminal
        QVERIFY(noKey.err.contains(QStringLiteral("needs the coordinator passphrase")));
    }

    // Discarding from the command line: kept with its reason and shown in the
    // list; refused in a pool a study draws from.
    void discardFromTheCli()
    {
        const QStringList add{QStringLiteral("pool"), QStringLiteral("created"), m_project, QStringLiteral("--name"),
            QStringLiteral("extra"), QStringLiteral("--count"), QStringLiteral("8"), QStringLiteral("--model"),
            QStringLiteral("default")};
        // The file is sealed: a pool is written sealed, so only with the passphrase.
        const Run locked = cli(add);
        QCOMPARE(locked.status, 1);
        QVERIFY2(locked.err.contains(QStringLiteral("needs the coordinator passphrase")), qPrintable(locked.err));
        QVERIFY(!cli({QStringLiteral("pool"), QStringLiteral("list"), m_project}).out.contains(QStringLiteral("extra")));
        const Run made = cli(withPassphrase(add));
        QVERIFY2(made.status == 0, qPrintable(made.err));
        const auto discard = [&](const QString& pool) {
            return cli(withPassphrase({QStringLiteral("pool"), QStringLiteral("discard"), m_project, QStringLiteral("--name"),
                pool, QStringLiteral("--position"), QStringLiteral("2"), QStringLiteral("--reason"),
                QStringLiteral("a band across it")}));
        };
        const Run done = discard(QStringLiteral("extra"));
        QVERIFY2(done.status == 0, qPrintable(done.err));
        const Run list = cli({QStringLiteral("pool"), QStringLiteral("list"), m_project});
        QVERIFY2(list.out.contains(QRegularExpression(QStringLiteral("extra +created +7 .*\\(1 discarded\\)"))), qPrintable(list.out));
        const Run refused = discard(QStringLiteral("dcgan64"));
        QCOMPARE(refused.status, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("Study 'pilot' draws from this pool")), qPrintable(refused.err));
    }

    // The Figure 1B grid from the command line: a PNG with the key in its
    // caption, a PDF, and a file name that is neither refused plainly.
    void figureFromTheCli()
    {
        const QString png = m_dir.filePath(QStringLiteral("fig.png"));
        const Run r = cli(withPassphrase({QStringLiteral("figure"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--out"), png, QStringLiteral("--seed"), QStringLiteral("2")}));
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("Real \\(acquired\\): ([a-l], ){5}[a-l]\\."))));
        QImage image(png);
        QCOMPARE(image.width(), 4 * 256 + 5 * 8);
        const QString pdf = m_dir.filePath(QStringLiteral("fig.pdf"));
        QCOMPARE(cli(withPassphrase({QStringLiteral("figure"), m_project, QStringLiteral("--study"),
                     QStringLiteral("pilot"), QStringLiteral("--out"), pdf}))
                     .status,
            0);
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly) && f.read(5) == "%PDF-");
        const Run txt = cli(withPassphrase({QStringLiteral("figure"), m_project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--out"), m_dir.filePath(QStringLiteral("fig.txt"))}));
        QCOMPARE(txt.status, 2);
        QVERIFY(txt.err.contains(QStringLiteral("names a .png or a .pdf file")));
    }

    // Answer keys from the command line: a good set is stored and shown, a bad
    // one named and refused with nothing stored; 'study show' lists every
    // reader's progress.
    void answerKeysAndProgress()
    {
        const auto create = [&](const QString& name, const QString& keys) {
            return cli(withPassphrase({QStringLiteral("study"), QStringLiteral("create"), m_project,
                QStringLiteral("--name"), name, QStringLiteral("--real"), QStringLiteral("real64"),
                QStringLiteral("--created"), QStringLiteral("dcgan64"), QStringLiteral("--unknown"), QStringLiteral("yes"),
                QStringLiteral("--keys"), keys}));
        };
        const Run arrows = create(QStringLiteral("arrows"), QStringLiteral("left,right,down"));
        QVERIFY2(arrows.status == 0, qPrintable(arrows.err));
        QVERIFY2(arrows.out.contains(QStringLiteral("keys: Left,Right,Down")), qPrintable(arrows.out));
        const Run same = create(QStringLiteral("same"), QStringLiteral("R,R"));
        QCOMPARE(same.status, 1);
        QVERIFY2(same.err.contains(QStringLiteral("--keys")) && same.err.contains(QStringLiteral("'R' answers something else")),
            qPrintable(same.err));
        const Run shape = create(QStringLiteral("shape"), QStringLiteral("R"));
        QCOMPARE(shape.status, 2);
        QVERIFY2(shape.err.contains(QStringLiteral("--keys is REAL,CREATED[,UNKNOWN]")), qPrintable(shape.err));
        const Run show = cli({QStringLiteral("study"), QStringLiteral("show"), m_project});
        QCOMPARE(show.status, 0);
        QVERIFY(!show.out.contains(QStringLiteral("study same")));
        QVERIFY(!show.out.contains(QStringLiteral("study shape")));
        QVERIFY2(show.out.contains(QRegularExpression(QStringLiteral("study arrows .*\\n.*\\n.*keys: Left,Right,Down"))),
            qPrintable(show.out));
        QVERIFY2(show.out.contains(QRegularExpression(QStringLiteral("reader NR1 +completed +practice 10/10, 50/50 answered"))),
            qPrintable(show.out));
    }
};

QTEST_GUILESS_MAIN(TestSessionProcess)
#include "tst_sessionprocess.moc"
