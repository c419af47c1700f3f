// libFuzzer harness: the answers CSV (`session answer --answers FILE`), scripted
// verdicts a coordinator feeds into a reader's session. Each input goes into a
// fresh copy of one small project's session, so that runs do not depend on
// one another; it must end in answers recorded or an error naming the line,
// with the project still whole.
#include "scratchfile.h"
#include "smallproject.h"
#include "studies/answerfile.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>

namespace {

QString pristinePath()
{
    return QString::fromStdString((tr::fuzz::scratchDirectory() / "pristine.trproj").string());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    static QCoreApplication app(*argc, *argv); // the SQLite driver is a Qt plugin
    if (!tr::fuzz::buildSmallProject(pristinePath(), QStringLiteral(TR_FUZZ_SEED_VOLUME)))
        std::abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace tr::studies;
    const QString work = QString::fromStdString((tr::fuzz::scratchDirectory() / "work.trproj").string());
    QFile::remove(work);
    QFile::remove(work + QStringLiteral("-wal"));
    QFile::remove(work + QStringLiteral("-shm"));
    if (!QFile::copy(pristinePath(), work))
        std::abort();
    int recordedAnswers = 0;
    {
        auto project = Project::open(work);
        if (!project)
            std::abort(); // the copy of a good project must open
        auto session = ReaderSession::open(project->database(), QStringLiteral("s"), QStringLiteral("NR1"));
        if (!session)
            std::abort();
        QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
        QBuffer in(&bytes);
        in.open(QIODevice::ReadOnly);
        // Acknowledged answers, counted as the CLI prints them: those before a
        // bad line stay recorded.
        const auto recorded = answerFromCsv(
            *session, in, QStringLiteral("answers.csv"), [&](const Recorded&) { ++recordedAnswers; });
        if (!recorded && recorded.error().subject.rfind("answers.csv", 0) != 0)
            __builtin_trap(); // the error must name the file (and line)
        if (recorded && *recorded != recordedAnswers)
            __builtin_trap();
    }
    // Every acknowledged answer is in the project, and the project is whole.
    auto again = Project::open(work);
    if (!again)
        __builtin_trap();
    auto session = ReaderSession::open(again->database(), QStringLiteral("s"), QStringLiteral("NR1"));
    if (!session)
        __builtin_trap();
    if (session->answered(Block::Training) + session->answered(Block::Main) != recordedAnswers)
        __builtin_trap(); // an acknowledged answer was lost, or one was stored unacknowledged
    return 0;
}
