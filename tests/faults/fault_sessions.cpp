// Faults in real processes on a real project file: reader sessions killed
// (SIGKILL) at random moments, the disk filling up while verdicts are written,
// and a project on a read-only medium. What must hold (issue 13, section 4):
//   - no verdict the program acknowledged is lost (the CLI's "recorded X"
//     line, the quiz window's next image or feedback), at most the one in
//     flight is stored unacknowledged;
//   - PRAGMA integrity_check is "ok" after every fault;
//   - the next run resumes at the next image;
//   - a full disk or a read-only medium gives a clear message naming the
//     project, nothing stored is lost, and the session resumes once space is back.
//
//   fault_sessions [--kills N] [--seed S]     (CTest runs 10; the campaign 100)
//
// Kills alternate between the CLI reader (`session answer --answers -`, fed
// one line every 15-40 ms) and the quiz window (this program again, in its
// child mode, answering by keys). Prints the figures; exit 1 when any rule broke.
#include "gui/quizwindow.h"
#include "studies/project.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>
#include <cstdio>
#include <sys/resource.h>

using namespace tr;

namespace {

constexpr const char* kStudy = "pilot";
constexpr int kTraining = 10, kMain = 50;

// ---- the quiz window's child mode ------------------------------------------------

// Answers the reader's session by keys until it is completed (or the process
// is killed). Prints "opened at K" (answers stored when it opened) and
// "acknowledged N" each time the window has taken an answer (stored, and the
// feedback or the next image is up).
int quizChild(const QString& path, const QString& reader, quint32 seed)
{
    auto opened = gui::QuizWindow::open(path, QString::fromLatin1(kStudy), reader);
    if (!opened) {
        std::fprintf(stderr, "child: %s\n", opened.error().toString().c_str());
        return 3;
    }
    gui::QuizWindow& w = **opened;
    w.resize(1280, 900);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return 4;
    const auto answered = [&] {
        return w.session().answered(studies::Block::Training) + w.session().answered(studies::Block::Main);
    };
    std::printf("opened at %d\n", answered());
    std::fflush(stdout);
    QRandomGenerator random(seed);
    int acknowledged = answered();
    QElapsedTimer idle;
    idle.start();
    while (w.page() != gui::QuizWindow::Page::Completed) {
        switch (w.page()) {
        case gui::QuizWindow::Page::Instructions:
        case gui::QuizWindow::Page::Feedback: QTest::keyClick(&w, Qt::Key_Space); break;
        case gui::QuizWindow::Page::Reading:
            QTest::qWait(int(random.bounded(20, 60)));
            QTest::keyClick(&w, random.bounded(2) ? Qt::Key_R : Qt::Key_C);
            break;
        case gui::QuizWindow::Page::Confidence: QTest::keyClick(&w, Qt::Key_3); break;
        case gui::QuizWindow::Page::Reasons: QTest::keyClick(&w, Qt::Key_Return); break;
        case gui::QuizWindow::Page::Completed:
        case gui::QuizWindow::Page::Waiting: break; // a file project has no server to wait for
        }
        QTest::qWait(1);
        if (answered() != acknowledged) {
            acknowledged = answered();
            std::printf("acknowledged %d\n", acknowledged);
            std::fflush(stdout);
            idle.restart();
        }
        if (idle.elapsed() > 20000)
            return 5; // stuck: never left running
    }
    w.setConfirmClose(false);
    std::printf("completed\n");
    std::fflush(stdout);
    return 0;
}

// ---- the parent: the project, the runs, the checks ------------------------------

struct Figures {
    int kills = 0, cliKills = 0, guiKills = 0, beforeFirstAck = 0, finishedBeforeKill = 0;
    int acknowledged = 0, lost = 0, storedUnacknowledged = 0, integrityFailures = 0, resumeMismatches = 0;
    int sessionsCompleted = 0, otherFailures = 0;
};

class Campaign {
public:
    explicit Campaign(quint32 seed) : m_random(seed) {}

    bool setUp()
    {
        if (!m_dir.isValid())
            return false;
        m_project = m_dir.filePath(QStringLiteral("p.trproj"));
        m_passphrase = m_dir.filePath(QStringLiteral("pass.txt"));
        QFile pass(m_passphrase);
        if (!pass.open(QIODevice::WriteOnly) || pass.write("fault campaign\n") <= 0)
            return false;
        pass.close();
        const QString p = m_project;
        const QList<QStringList> steps{
            {"create", p, "--passphrase-file", m_passphrase},
            {"import", p, TR_TEST_DATA_DIR "/stroke/T1.nii.gz"},
            {"landmarks", p, "V001", "--set", "ac=0,-4,-4", "pc=0,22,-6", "msp=0,10,50", "centre=0,10,0"},
            {"pool", "real", p, "--name", "real64", "--count", "120", "--passphrase-file", m_passphrase},
            {"pool", "created", p, "--name", "dcgan64", "--count", "120", "--model", "default", "--passphrase-file",
                m_passphrase},
            {"study", "create", p, "--name", kStudy, "--real", "real64", "--created", "dcgan64", "--seed", "11",
                "--passphrase-file", m_passphrase},
            // The blinding check raises on these pools; the campaign is about sessions.
            {"study", "check", p, "--study", kStudy, "--acknowledge", "a fault campaign", "--passphrase-file", m_passphrase},
        };
        for (const QStringList& step : steps)
            if (!cli(step))
                return false;
        return true;
    }

    // One run of the CLI reader or the quiz window on its current reader,
    // killed at a random moment unless it finished first; checked either way.
    void killOnce(bool window)
    {
        QString& reader = window ? m_guiReader : m_cliReader;
        if (reader.isEmpty() || stored(reader) == kTraining + kMain) {
            if (!reader.isEmpty())
                ++m_figures.sessionsCompleted;
            reader = QStringLiteral("%1%2").arg(window ? QStringLiteral("W") : QStringLiteral("C")).arg(++m_readers);
            if (!cli({"reader", "add", m_project, "--code", reader, "--group", "neuroradiologist", "--years", "10", "--passphrase-file", m_passphrase}))
                return;
        }
        const int before = stored(reader);
        const int killAfterMs = int(m_random.bounded(window ? 2500 : 1800));
        int acked = 0;
        bool finished = false, resumedRight = true;
        if (window)
            runWindow(reader, before, killAfterMs, acked, finished, resumedRight);
        else
            runCli(reader, before, killAfterMs, acked, finished, resumedRight);
        m_figures.acknowledged += acked;
        if (finished) {
            ++m_figures.finishedBeforeKill; // checked all the same, but not a kill
        } else {
            ++m_figures.kills;
            ++(window ? m_figures.guiKills : m_figures.cliKills);
            if (acked == 0)
                ++m_figures.beforeFirstAck;
        }
        if (!resumedRight)
            ++m_figures.resumeMismatches;
        const int after = stored(reader);
        if (after < before + acked) {
            m_figures.lost += before + acked - after;
            std::printf("LOST: %s had %d stored + %d acknowledged, now %d\n", qPrintable(reader), before, acked, after);
        } else if (after > before + acked + 1) {
            ++m_figures.otherFailures;
            std::printf("%s: %d verdicts stored, more than the %d acknowledged and one in flight\n", qPrintable(reader),
                after - before, acked);
        } else if (after == before + acked + 1) {
            ++m_figures.storedUnacknowledged;
        }
        if (!integrityOk())
            ++m_figures.integrityFailures;
    }

    // Disk full (RLIMIT_FSIZE: every write past 96 KiB fails, as on a full
    // disk) while a reader answers; then the same session with space again.
    bool diskFull()
    {
        const QString reader = QStringLiteral("F1");
        if (!cli({"reader", "add", m_project, "--code", reader, "--group", "neuroradiologist", "--years", "3", "--passphrase-file", m_passphrase}))
            return false;
        QProcess p;
        p.setChildProcessModifier([] {
            ::signal(SIGXFSZ, SIG_IGN); // the write fails with EFBIG instead of killing the process
            const rlimit limit{96 * 1024, 96 * 1024};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
        p.start(QStringLiteral(TR_CLI), answerArgs(reader));
        p.write(answers(0, kTraining + kMain));
        p.closeWriteChannel();
        p.waitForFinished(120000);
        const QString out = QString::fromUtf8(p.readAllStandardOutput()), err = QString::fromUtf8(p.readAllStandardError());
        const int acked = int(out.count(QStringLiteral("recorded ")));
        const int kept = stored(reader);
        std::printf("disk full (writes past 96 KiB fail): exit %d after %d acknowledged answers, %d stored; says: %s",
            p.exitCode(), acked, kept, qPrintable(err));
        bool ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 1 && err.contains(m_project)
            && acked < kTraining + kMain && kept == acked && integrityOk();
        // Space again: the session resumes at the next image and completes.
        const int resumedAt = kept;
        QProcess again;
        again.start(QStringLiteral(TR_CLI), answerArgs(reader));
        again.write(answers(resumedAt, kTraining + kMain));
        again.closeWriteChannel();
        again.waitForFinished(120000);
        const QString resumed = QString::fromUtf8(again.readAllStandardOutput());
        const QRegularExpression first(QStringLiteral("^(resuming[^\n]*\n)?recorded %1[ \n]").arg(label(resumedAt)));
        ok = ok && again.exitCode() == 0 && first.match(resumed).hasMatch()
            && stored(reader) == kTraining + kMain && integrityOk();
        std::printf("  with space again: %s\n", ok ? "resumed at the next image and completed" : "FAILED");
        if (!ok)
            std::printf("%s%s", qPrintable(resumed), qPrintable(QString::fromUtf8(again.readAllStandardError())));
        return ok;
    }

    // A real full file system (a 'tmpfs' just big enough) and a read-only one;
    // needs mount(8) as root, else says so and skips.
    int fullAndReadOnlyMedia()
    {
        const QString mountPoint = m_dir.filePath(QStringLiteral("medium"));
        QDir().mkpath(mountPoint);
        const qint64 size = QFileInfo(m_project).size();
        constexpr qint64 kFree = 160 * 1024; // room for the session and some answers, then full
        const QString options = QStringLiteral("size=%1").arg(size + kFree);
        if (run(QStringLiteral("mount"), {"-t", "tmpfs", "-o", options, "tmpfs", mountPoint}) != 0) {
            std::printf("full and read-only media: SKIPPED (mounting a tmpfs needs root here)\n");
            return 0;
        }
        int failures = 0;
        const QString copy = mountPoint + QStringLiteral("/p.trproj");
        const QString reader = QStringLiteral("M1");
        if (!cli({"reader", "add", m_project, "--code", reader, "--group", "neuroradiologist", "--years", "4", "--passphrase-file", m_passphrase})
            || !QFile::copy(m_project, copy)) {
            run(QStringLiteral("umount"), {mountPoint});
            return 1;
        }
        QProcess p;
        p.start(QStringLiteral(TR_CLI), answerArgs(reader, copy));
        p.write(answers(0, kTraining + kMain));
        p.closeWriteChannel();
        p.waitForFinished(120000);
        const QString out = QString::fromUtf8(p.readAllStandardOutput()), err = QString::fromUtf8(p.readAllStandardError());
        const int acked = int(out.count(QStringLiteral("recorded ")));
        const int kept = stored(reader, copy);
        std::printf("full file system (%s free): exit %d after %d acknowledged answers, %d stored; says: %s",
            qPrintable(QLocale::c().formattedDataSize(kFree)), p.exitCode(), acked, kept, qPrintable(err));
        if (!(p.exitCode() == 1 && err.contains(copy) && err.contains(QStringLiteral("the disk is full")) && kept == acked
                && acked < kTraining + kMain && integrityOk(copy)))
            ++failures;
        run(QStringLiteral("mount"), {"-o", "remount,size=64m", mountPoint});
        QProcess again;
        again.start(QStringLiteral(TR_CLI), answerArgs(reader, copy));
        again.write(answers(kept, kTraining + kMain));
        again.closeWriteChannel();
        again.waitForFinished(120000);
        const bool resumed = again.exitCode() == 0 && stored(reader, copy) == kTraining + kMain && integrityOk(copy);
        std::printf("  with space again: %s\n", resumed ? "resumed at the next image and completed" : "FAILED");
        failures += resumed ? 0 : 1;

        // Read-only: a clear message for a reader and for a listing; the file unchanged.
        const QByteArray digest = sha256(copy);
        run(QStringLiteral("mount"), {"-o", "remount,ro", mountPoint});
        QProcess ro;
        ro.start(QStringLiteral(TR_CLI), answerArgs(QStringLiteral("C1"), copy));
        ro.closeWriteChannel();
        ro.waitForFinished(60000);
        const QString said = QString::fromUtf8(ro.readAllStandardError());
        std::printf("read-only medium: exit %d; says: %s", ro.exitCode(), qPrintable(said));
        if (!(ro.exitCode() == 1 && said.contains(copy) && said.contains(QStringLiteral("read-only medium"))
                && sha256(copy) == digest))
            ++failures;
        run(QStringLiteral("umount"), {mountPoint});
        return failures;
    }

    const Figures& figures() const { return m_figures; }

private:
    QTemporaryDir m_dir;
    QString m_project, m_passphrase, m_cliReader, m_guiReader;
    int m_readers = 0;
    QRandomGenerator m_random;
    Figures m_figures;

    static int run(const QString& program, const QStringList& args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(program, args);
        if (!p.waitForFinished(60000))
            return -1;
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    bool cli(const QStringList& args)
    {
        QProcess p;
        p.start(QStringLiteral(TR_CLI), args);
        p.closeWriteChannel();
        p.waitForFinished(300000);
        if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
            return true;
        std::printf("setup: %s failed: %s\n", qPrintable(args.join(QLatin1Char(' '))), p.readAllStandardError().constData());
        ++m_figures.otherFailures;
        return false;
    }

    QStringList answerArgs(const QString& reader, const QString& project = {}) const
    {
        return {"session", "answer", project.isEmpty() ? m_project : project, "--study", kStudy, "--reader", reader,
            "--answers", "-"};
    }

    // "T3" for the third training image, "12" for the twelfth main one (index 0-based over both).
    static QString label(int index)
    {
        return index < kTraining ? QStringLiteral("T%1").arg(index + 1) : QString::number(index - kTraining + 1);
    }

    QByteArray answers(int from, int to)
    {
        QByteArray csv("position,verdict,response_ms\n");
        for (int i = from; i < to; ++i)
            csv += answerLine(i);
        return csv;
    }
    QByteArray answerLine(int index)
    {
        return (label(index) + (m_random.bounded(2) ? QStringLiteral(",real,") : QStringLiteral(",created,"))
            + QString::number(m_random.bounded(400, 9000)) + QLatin1Char('\n')).toUtf8();
    }

    // Lets the started process run until it ends or `killAfterMs` has passed
    // (then SIGKILL), calling tick(elapsed) between reads. Returns the whole
    // lines it printed: a line the kill cut off was never said.
    static QList<QByteArray> runUntilKilled(
        QProcess& p, int killAfterMs, bool& finished, const std::function<void(qint64)>& tick = {})
    {
        QElapsedTimer clock;
        clock.start();
        QByteArray out;
        while (clock.elapsed() < killAfterMs && p.state() == QProcess::Running) {
            if (tick)
                tick(clock.elapsed());
            p.waitForReadyRead(2);
            out += p.readAllStandardOutput();
        }
        if (p.state() == QProcess::Running)
            ::kill(pid_t(p.processId()), SIGKILL);
        else
            finished = true;
        p.waitForFinished(10000);
        out += p.readAllStandardOutput();
        QList<QByteArray> lines = out.split('\n');
        lines.removeLast(); // after the last newline: empty, or cut off
        return lines;
    }

    void runCli(const QString& reader, int before, int killAfterMs, int& acked, bool& finished, bool& resumedRight)
    {
        QProcess p;
        p.start(QStringLiteral(TR_CLI), answerArgs(reader));
        if (!p.waitForStarted())
            return;
        p.write("position,verdict,response_ms\n");
        int next = before;
        qint64 nextLineAt = 0;
        const auto lines = runUntilKilled(p, killAfterMs, finished, [&](qint64 elapsed) {
            if (elapsed >= nextLineAt && next < kTraining + kMain) {
                p.write(answerLine(next++));
                nextLineAt = elapsed + m_random.bounded(15, 40);
            }
        });
        // Acknowledged: the "recorded X" lines; the first names the next image.
        for (const QByteArray& line : lines) {
            if (!line.startsWith("recorded "))
                continue;
            if (QString::fromLatin1(line.mid(9).split(' ').front()) != label(before + acked))
                resumedRight = false;
            ++acked;
        }
        if (finished && p.exitCode() != 0 && before + acked < kTraining + kMain) {
            std::printf("cli %s ended with %d: %s\n", qPrintable(reader), p.exitCode(), p.readAllStandardError().constData());
            ++m_figures.otherFailures;
        }
    }

    void runWindow(const QString& reader, int before, int killAfterMs, int& acked, bool& finished, bool& resumedRight)
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TR_FAULT_QUIZ_CHILD"),
            m_project + QLatin1Char('|') + reader + QLatin1Char('|') + QString::number(m_random.generate()));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        if (!child.waitForStarted())
            return;
        int last = before;
        for (const QByteArray& line : runUntilKilled(child, killAfterMs, finished)) {
            if (line.startsWith("opened at ") && line.mid(10).toInt() != before)
                resumedRight = false;
            if (line.startsWith("acknowledged "))
                last = line.mid(13).toInt();
        }
        acked = last - before;
        if (finished && child.exitCode() != 0) {
            std::printf("window %s ended with %d: %s\n", qPrintable(reader), child.exitCode(),
                child.readAllStandardError().constData());
            ++m_figures.otherFailures;
        }
    }

    // Verdicts stored for the reader's session, read as the product opens a project.
    int stored(const QString& reader, const QString& path = {})
    {
        auto project = studies::Project::open(path.isEmpty() ? m_project : path);
        if (!project)
            return -1;
        QSqlQuery q(project->database().db());
        q.prepare(QStringLiteral("SELECT count(*) FROM verdict v JOIN presentation p ON p.id = v.presentation_id "
                                 "JOIN session s ON s.id = p.session_id JOIN reader r ON r.id = s.reader_id WHERE r.code = ?"));
        q.addBindValue(reader);
        return q.exec() && q.next() ? q.value(0).toInt() : -1;
    }

    bool integrityOk(const QString& path = {})
    {
        auto project = studies::Project::open(path.isEmpty() ? m_project : path);
        if (!project) {
            std::printf("after the fault the project does not open: %s\n", project.error().toString().c_str());
            return false;
        }
        QSqlQuery q(project->database().db());
        const bool ok = q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next() && q.value(0).toString() == QLatin1String("ok");
        if (!ok)
            std::printf("integrity_check: %s\n", qPrintable(q.value(0).toString()));
        return ok;
    }

    static QByteArray sha256(const QString& path)
    {
        QFile f(path);
        QCryptographicHash h(QCryptographicHash::Sha256);
        return f.open(QIODevice::ReadOnly) && h.addData(&f) ? h.result() : QByteArray();
    }
};

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (const QStringList child = qEnvironmentVariable("TR_FAULT_QUIZ_CHILD").split(QLatin1Char('|')); child.size() == 3)
        return quizChild(child[0], child[1], child[2].toUInt());
    int kills = 10;
    quint32 seed = 1;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--kills"))
            kills = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--seed"))
            seed = args[i + 1].toUInt();
    }
    QElapsedTimer clock;
    clock.start();
    Campaign campaign(seed);
    if (!campaign.setUp()) {
        std::printf("fault_sessions: the project could not be made\n");
        return 1;
    }
    // Runs that finish before their kill moment are checked but not counted.
    for (int run = 0; campaign.figures().kills < kills && run < 4 * kills; ++run)
        campaign.killOnce(run % 2 == 1);
    const Figures& f = campaign.figures();
    std::printf("kills: %d (CLI reader %d, quiz window %d; %d before the first answer was acknowledged; %d more runs "
                "finished before their kill moment)\n",
        f.kills, f.cliKills, f.guiKills, f.beforeFirstAck, f.finishedBeforeKill);
    std::printf("acknowledged verdicts: %d; lost: %d; stored but not yet acknowledged when killed: %d\n", f.acknowledged,
        f.lost, f.storedUnacknowledged);
    const int runs = f.kills + f.finishedBeforeKill;
    std::printf("integrity_check ok after %d of %d runs; resumed at the next image: %d of %d; sessions completed: %d\n",
        runs - f.integrityFailures, runs, runs - f.resumeMismatches, runs, f.sessionsCompleted);
    const bool full = campaign.diskFull();
    const int media = campaign.fullAndReadOnlyMedia();
    std::printf("fault_sessions: %.0f s\n", double(clock.elapsed()) / 1000.0);
    const bool ok = f.lost == 0 && f.integrityFailures == 0 && f.resumeMismatches == 0 && f.otherFailures == 0 && full
        && media == 0 && f.kills == kills;
    std::printf("fault_sessions: %s\n", ok ? "PASSED" : "FAILED");
    return ok ? 0 : 1;
}
