#pragma once
// What the process tests share: running turing-reader-cli as a script would,
// and the coordinator's steps that make the pilot study both start from (the
// stroke T1 imported and aligned, 120 real slices, 120 of the default
// generator's images, a study "pilot" with its blinding check acknowledged).
#include <QProcess>
#include <QStringList>

#include <csignal>

namespace tr::testing {

struct CliRun {
    int status = -1;
    QString out, err;
};

inline CliRun runCli(const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.start(QStringLiteral(TR_CLI), args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(180000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError())};
}

// A scripted reader (`session answer PROJECT --answers -`, the answers on
// stdin) killed with SIGKILL once it has printed "recorded N": mid-session,
// stdin still open. What it printed, and whether it was killed as meant.
struct KilledReader {
    QString seen;
    bool killed = false;
};

inline KilledReader killReaderAfter(const QString& project, const QStringList& answerLines, int recorded)
{
    QProcess reader;
    reader.start(QStringLiteral(TR_CLI), {QStringLiteral("session"), QStringLiteral("answer"), project,
        QStringLiteral("--study"), QStringLiteral("pilot"), QStringLiteral("--reader"), QStringLiteral("NR1"),
        QStringLiteral("--answers"), QStringLiteral("-")});
    KilledReader out;
    if (!reader.waitForStarted())
        return out;
    reader.write("position,verdict,response_ms\n" + answerLines.join(QLatin1Char('\n')).toUtf8() + "\n");
    const QString marker = QStringLiteral("recorded %1\n").arg(recorded);
    while (!out.seen.contains(marker) && reader.state() == QProcess::Running) {
        reader.waitForReadyRead(10000);
        out.seen += QString::fromUtf8(reader.readAllStandardOutput());
    }
    if (!out.seen.contains(marker)) {
        out.seen += QString::fromUtf8(reader.readAllStandardError());
        return out;
    }
    ::kill(pid_t(reader.processId()), SIGKILL);
    reader.waitForFinished();
    out.killed = reader.exitStatus() == QProcess::CrashExit;
    return out;
}

// A scripted reader who is always right: the lines of an answers file
// (position,verdict,response_ms; T1... for practice cases) from what
// `study key` printed.
inline QStringList answersFromKey(const QString& keyOutput)
{
    QStringList lines;
    for (const QString& line : keyOutput.trimmed().split(QLatin1Char('\n')).mid(1)) {
        const QStringList f = line.split(QLatin1Char(','));
        lines << QStringLiteral("%1%2,%3,2500").arg(f[0] == QLatin1String("training") ? QStringLiteral("T") : QString(), f[1], f[2]);
    }
    return lines;
}

inline QList<QStringList> pilotStudySteps(const QString& project, const QString& passphraseFile)
{
    const auto coordinator = [&](QStringList args) {
        return args << QStringLiteral("--passphrase-file") << passphraseFile;
    };
    return {
        coordinator({QStringLiteral("create"), project}),
        {QStringLiteral("import"), project, QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz")},
        {QStringLiteral("landmarks"), project, QStringLiteral("V001"), QStringLiteral("--set"), QStringLiteral("ac=0,-4,-4"),
            QStringLiteral("pc=0,22,-6"), QStringLiteral("msp=0,10,50"), QStringLiteral("centre=0,10,0")},
        // The project file is sealed from `create` on: pools are written sealed, with the passphrase.
        coordinator({QStringLiteral("pool"), QStringLiteral("real"), project, QStringLiteral("--name"),
            QStringLiteral("real64"), QStringLiteral("--count"), QStringLiteral("120")}),
        coordinator({QStringLiteral("pool"), QStringLiteral("created"), project, QStringLiteral("--name"),
            QStringLiteral("dcgan64"), QStringLiteral("--count"), QStringLiteral("120"), QStringLiteral("--model"),
            QStringLiteral("default")}),
        coordinator({QStringLiteral("study"), QStringLiteral("create"), project, QStringLiteral("--name"),
            QStringLiteral("pilot"), QStringLiteral("--real"), QStringLiteral("real64"), QStringLiteral("--created"),
            QStringLiteral("dcgan64"), QStringLiteral("--seed"), QStringLiteral("11")}),
        // The default generator against slices of one stroke scan: the
        // blinding check raises, and the coordinator lets the pilot go ahead.
        coordinator({QStringLiteral("study"), QStringLiteral("check"), project, QStringLiteral("--study"),
            QStringLiteral("pilot"), QStringLiteral("--acknowledge"), QStringLiteral("a pilot of the protocol")}),
    };
}

// The pilot study's steps, then readers NR1 and NR2 added: the start of the
// package and seal process tests.
inline QList<QStringList> pilotStudyWithTwoReaders(const QString& project, const QString& passphraseFile)
{
    QList<QStringList> steps = pilotStudySteps(project, passphraseFile);
    // With the passphrase: a sealed project draws their sessions as they are added.
    for (const char* code : {"NR1", "NR2"})
        steps << QStringList{QStringLiteral("reader"), QStringLiteral("add"), project, QStringLiteral("--code"),
            QString::fromLatin1(code), QStringLiteral("--group"), QStringLiteral("neuroradiologist"),
            QStringLiteral("--passphrase-file"), passphraseFile};
    return steps;
}

} // namespace tr::testing
