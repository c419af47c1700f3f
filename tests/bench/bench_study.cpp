// Issue 5's targets, measured on a real project file with synchronous=FULL:
// a verdict's commit (median < 5 ms) and the results of 100 readers x 50
// images (< 200 ms: reading every verdict with truth and provenance, the
// tables, the bootstrap, the agreement). Prints figures; asserts nothing.
#include "../studies/studyfixture.h"

#include "studies/readersession.h"
#include "studies/resultsexport.h"
#include "studies/studyresults.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace tr::studies;

namespace {

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::size_t(p * double(v.size() - 1))];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir(argc > 1 ? QString::fromLocal8Bit(argv[1]) + QStringLiteral("/bench-study-XXXXXX") : QString());
    std::printf("project in %s (pass a folder to measure another disk)\n", qPrintable(dir.path()));
    const QString path = testing::buildStudyProject(dir, {}, 400, 400);
    if (path.isEmpty()) {
        std::fprintf(stderr, "could not build the project\n");
        return 1;
    }
    auto project = Project::open(path);
    auto& db = project->database();
    auto access = unlockCoordinator(db, QString::fromLatin1(testing::kPassphrase));

    std::vector<double> commitMs;
    QElapsedTimer timer;
    for (int r = 1; r <= 100; ++r) {
        const QString code = QStringLiteral("R%1").arg(r);
        (void)addReader(db, {0, code, {}, r % 3 ? QStringLiteral("non-neuroradiologist") : QStringLiteral("neuroradiologist"), r % 20});
        auto session = ReaderSession::open(db, QStringLiteral("s"), code);
        for (int i = 0; session->current(); ++i) {
            Answer a;
            a.call = (i * 7 + r) % 3 ? Call::Real : Call::Created;
            a.responseMs = 1500 + (i * 37 + r) % 6000;
            timer.start();
            if (!session->answer(a).ok()) {
                std::fprintf(stderr, "an answer failed\n");
                return 1;
            }
            commitMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
    }
    std::printf("verdict commit (one transaction each, WAL, synchronous=FULL), %zu verdicts:\n"
                "  median %.2f ms, 95th percentile %.2f ms, max %.2f ms   (target: median < 5 ms -> %.1fx under)\n",
        commitMs.size(), percentile(commitMs, 0.5), percentile(commitMs, 0.95), percentile(commitMs, 1.0),
        5.0 / percentile(commitMs, 0.5));

    std::vector<double> resultsMs, renderMs, loadMs, computeMs;
    for (int run = 0; run < 10; ++run) {
        timer.start();
        auto results = studyResults(db, *access, QStringLiteral("s"));
        resultsMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        timer.start();
        auto rows = loadResponses(db, *access, QStringLiteral("s"));
        loadMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        auto readerList = readers(db);
        timer.start();
        const auto computed = computeResults(results->study, *readerList, *rows);
        computeMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        timer.start();
        const auto md = renderResults(*results, ResultsFormat::Markdown);
        const auto csv = renderResults(*results, ResultsFormat::Csv);
        renderMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (run == 0)
            std::printf("results of %zu readers x 50 images (%d bootstrap replicates): %s\n", results->readers.size(),
                results->bootstrapReplicates, qPrintable(percentText(results->excluded.hype) + QStringLiteral(" % HYPE")));
    }
    std::printf("  studyResults (read + tables + bootstrap + agreement): median %.1f ms, max %.1f ms"
                "   (target < 200 ms -> %.1fx under)\n    of which reading the verdicts %.1f ms, the tables and the bootstrap %.1f ms\n"
                "  Markdown + CSV rendering: median %.2f ms\n",
        percentile(resultsMs, 0.5), percentile(resultsMs, 1.0), 200.0 / percentile(resultsMs, 0.5),
        percentile(loadMs, 0.5), percentile(computeMs, 0.5), percentile(renderMs, 0.5));
    return 0;
}
