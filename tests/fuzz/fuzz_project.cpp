// libFuzzer harness: a project file (studies/project.h), the SQLite file a
// coordinator copies between workstations or gets back from a colleague. It is
// opened as the CLI and the workspace open it (read-only checks, then
// migration) and then read the way they read it: volumes with their voxels,
// pools with their images, studies, readers, progress and the event log.
// Whatever the bytes: data or an error naming the file, never a crash.
#include "scratchfile.h"
#include "studies/imagepool.h"
#include "studies/project.h"
#include "studies/readersession.h"
#include "studies/study.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    static QCoreApplication app(*argc, *argv); // the SQLite driver is a Qt plugin
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace tr::studies;
    const auto file = tr::fuzz::scratchDirectory() / "input.trproj";
    const QString path = QString::fromStdString(file.string());
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    tr::fuzz::writeScratch("input.trproj", data, size);
    auto project = Project::open(path);
    if (!project) {
        if (project.error().toString().find("input.trproj") == std::string::npos)
            __builtin_trap();
        return 0;
    }
    // Reads may fail with an error (a damaged row); they must not crash.
    if (auto volumes = project->volumes()) {
        for (std::size_t i = 0; i < std::min<std::size_t>(volumes->size(), 3); ++i) {
            (void)project->volume((*volumes)[i].pseudonym);
            (void)project->loadVolume((*volumes)[i].pseudonym);
        }
    }
    auto& db = project->database();
    if (auto all = pools(db)) {
        for (std::size_t i = 0; i < std::min<std::size_t>(all->size(), 3); ++i) {
            if (auto images = poolImages(db, (*all)[i].name)) {
                (void)images->size();
            }
            if (auto ids = poolImageIds(db, (*all)[i].id); ids && !ids->empty())
                (void)imagePng(db, ids->front());
        }
    }
    (void)readers(db);
    (void)eventLog(db, {}, 20);
    if (auto all = studies(db)) {
        for (std::size_t i = 0; i < std::min<std::size_t>(all->size(), 3); ++i) {
            (void)study(db, (*all)[i].name);
            (void)readerProgress(db, (*all)[i].name);
        }
        // A reader's session as the quiz opens it: its draw, its answers, where it resumes.
        if (auto codes = readers(db); codes && !all->empty() && !codes->empty())
            if (auto session = ReaderSession::open(db, all->front().name, codes->front().code))
                (void)session->current();
    }
    return 0;
}
