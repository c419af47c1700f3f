// Issue 16's figures: readers at once, each in a thread with a connection of
// its own, as each would be at a workstation of its own. 20 readers x 60
// verdicts against a PostgreSQL server (each reader on their own login, so
// the reader role's views and functions are what is measured): the median and
// 99th-percentile commit latency of a verdict (goal: median under 10 ms), no
// error, no verdict lost or doubled. Then 100 readers on the server against
// 100 readers on one SQLite project file (second connections of one program:
// the file admits one program), in the same run. Prints figures; asserts nothing.
//
//   bench_readers postgresql://postgres@127.0.0.1:PORT [--readers 20] [--many 100]
// tests/bench/run_readers_bench.sh starts a durable throw-away cluster for it.
#include "../studies/studyfixture.h"

#include "studies/projectcopy.h"
#include "studies/readeraccess.h"
#include "studies/serveraddress.h"
#include "studies/readersession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMutex>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace tr;
using namespace tr::studies;

namespace {

constexpr const char* kPassword = "a reader's own password";

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::size_t(p * double(v.size() - 1))];
}

struct Figures {
    std::vector<double> commitMs;
    int errors = 0;
    QString firstError;
    qint64 stored = 0, distinct = 0;
    double wallS = 0;
};

// Readers R1..Rn with sessions prepared (and logins on a server).
bool addReaders(ProjectDatabase& db, int count)
{
    auto access = unlockCoordinator(db, QString::fromLatin1(testing::kPassphrase));
    if (!access)
        return false;
    for (int r = 1; r <= count; ++r) {
        const QString code = QStringLiteral("R%1").arg(r);
        if (!addReader(db, {0, code, {}, QStringLiteral("neuroradiologist"), r % 20}))
            return false;
        if (db.onServer() && !grantReaderLogin(db, *access, code, QString::fromLatin1(kPassword)))
            return false;
        if (!prepareSession(db, *access, QStringLiteral("s"), code))
            return false;
    }
    return true;
}

// Every reader answers every image of their session at once, each in a thread.
Figures sitAtOnce(const QString& location, int readers, const std::function<QString(int)>& readerLocation)
{
    Figures f;
    QMutex mutex;
    std::vector<std::unique_ptr<QThread>> threads;
    QElapsedTimer wall;
    wall.start();
    for (int r = 1; r <= readers; ++r)
        threads.emplace_back(QThread::create([&, r] {
            std::vector<double> mine;
            QString error;
            {
                auto project = isServerLocation(location) ? Project::open(readerLocation(r))
                                                          : Project::openSecondConnection(location);
                if (!project) {
                    error = QString::fromStdString(project.error().toString() + " " + project.error().detail);
                } else {
                    auto session = ReaderSession::open(project->database(), QStringLiteral("s"), QStringLiteral("R%1").arg(r));
                    if (!session)
                        error = QString::fromStdString(session.error().toString() + " " + session.error().detail);
                    QElapsedTimer timer;
                    for (int i = 0; session && session->current(); ++i) {
                        Answer a;
                        a.call = (i * 7 + r) % 3 ? Call::Real : Call::Created;
                        a.onsetMs = qint64(i) * 12000;
                        a.responseMs = 1500 + (i * 37 + r) % 6000;
                        timer.start();
                        auto recorded = session->answer(a);
                        if (!recorded) {
                            error = QString::fromStdString(recorded.error().toString() + " " + recorded.error().detail);
                            break;
                        }
                        mine.push_back(double(timer.nsecsElapsed()) / 1e6);
                    }
                }
            }
            QMutexLocker lock(&mutex);
            f.commitMs.insert(f.commitMs.end(), mine.begin(), mine.end());
            if (!error.isEmpty() && f.errors++ == 0)
                f.firstError = error;
        }));
    for (auto& t : threads)
        t->start();
    for (auto& t : threads)
        t->wait();
    f.wallS = double(wall.nsecsElapsed()) / 1e9;
    return f;
}

void count(ProjectDatabase& db, Figures& f)
{
    QSqlQuery q(db.db());
    if (q.exec(QStringLiteral("SELECT count(*), count(DISTINCT presentation_id) FROM verdict")) && q.next()) {
        f.stored = q.value(0).toLongLong();
        f.distinct = q.value(1).toLongLong();
    }
}

void print(const char* what, int readers, const Figures& f)
{
    std::printf("%-34s %4d readers  %6zu verdicts  median %6.2f ms  p99 %7.2f ms  max %7.2f ms  %6.1f s  "
                "errors %d  stored %lld (distinct %lld)\n",
        what, readers, f.commitMs.size(), percentile(f.commitMs, 0.5), percentile(f.commitMs, 0.99),
        percentile(f.commitMs, 1.0), f.wallS, f.errors, static_cast<long long>(f.stored),
        static_cast<long long>(f.distinct));
    if (f.errors)
        std::printf("    first error: %s\n", qPrintable(f.firstError));
}

// A study project of `readers` readers on the server (copied from a file built
// by the test fixture) or in the file itself.
std::optional<Figures> run(const QString& server, const QTemporaryDir& dir, int readers, bool onServer)
{
    const QString file = testing::buildStudyProject(dir, {}, 400, 400);
    if (file.isEmpty())
        return std::nullopt;
    QString location = file;
    if (onServer) {
        location = server + QStringLiteral("/bench_") + QUuid::createUuid().toString(QUuid::Id128).left(10);
        // The file is sealed (a new project file is): the passphrase opens it for the copy.
        if (auto copied = copyProject(file, location, {}, QString::fromLatin1(testing::kPassphrase)); !copied) {
            std::fprintf(stderr, "%s\n", copied.error().toString().c_str());
            return std::nullopt;
        }
    }
    auto holder = Project::open(location);
    if (!holder || !addReaders(holder->database(), readers))
        return std::nullopt;
    const QString database = location.section(QLatin1Char('/'), -1);
    Figures f = sitAtOnce(location, readers, [&](int r) {
        return QString(location).replace(QStringLiteral("postgres@"),
            QStringLiteral("tr_%1_r%2@").arg(database.toLower()).arg(r));
    });
    count(holder->database(), f);
    return f;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2 || !isServerLocation(args[1])) {
        std::fprintf(stderr, "usage: bench_readers postgresql://USER@HOST:PORT [--readers 20] [--many 100]\n"
                             "  (tests/bench/run_readers_bench.sh starts a throw-away server for it)\n");
        return 2;
    }
    const QString server = args[1];
    const auto option = [&](const char* name, int fallback) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i > 0 && i + 1 < args.size() ? args[i + 1].toInt() : fallback;
    };
    const int readers = option("--readers", 20), many = option("--many", 100);
    // A reader's login signs in as its own role, with the server's trust or
    // this password (the run script's cluster trusts the loopback).
    qputenv("PGPASSWORD", kPassword);
    QTemporaryDir a, b, c;
    std::printf("goal: median commit under 10 ms with %d readers at once; each verdict is one transaction\n", readers);
    for (const auto& [what, dir, n, onServer] :
        {std::tuple{"PostgreSQL, reader logins", &a, readers, true}, std::tuple{"PostgreSQL, reader logins", &b, many, true},
            std::tuple{"SQLite file, one program", &c, many, false}}) {
        const auto f = run(server, *dir, n, onServer);
        if (!f) {
            std::fprintf(stderr, "could not build the %s project\n", what);
            return 1;
        }
        print(what, n, *f);
    }
    return 0;
}
