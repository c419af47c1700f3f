// turing-reader-cli evaluate: the realism report of a generator on a
// project's real slices (studies/generatorrealism.h), printed and kept in the
// project; or a report kept earlier.
#include "studies/clicommands.h"

#include "core/clioptions.h"
#include "studies/generatorrealism.h"

#include <QFile>
#include <QSaveFile>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace tr::studies {

namespace {

using core::CliFailed;
using core::CliOk;
using core::CliUsage;
using core::failed;

std::atomic<bool> g_stop{false};
extern "C" void onEvaluateStop(int) { g_stop = true; }

// The sheet as PNG, or as one PDF page when the name ends in .pdf.
bool writeSheet(const QString& path, const QByteArray& png, std::ostream& err)
{
    if (png.isEmpty()) {
        err << "error: " << path.toStdString() << ": this report has no sheet (made without fonts).\n";
        return false;
    }
    QByteArray bytes = png;
    if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) {
        FigureGrid page;
        page.study = QStringLiteral("realism report");
        page.columns = 1;
        page.images.push_back({QImage::fromData(png, "PNG"), false, QString(), QString(), 0});
        bytes = figurePdf(page);
    }
    QSaveFile file(path);
    if (bytes.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        err << "error: " << path.toStdString() << ": the sheet cannot be written here; choose another file.\n";
        return false;
    }
    return true;
}

int evaluateCommand(const ModelLayer& model, const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const auto a = core::parseCliArguments(
        args, {"model", "real", "created", "seed", "device", "volumes", "observer", "sheet", "show"}, "evaluate", err);
    if (!a)
        return CliUsage;
    if (a->positional.size() != 1 || (!a->value("model") == !a->value("show"))) {
        err << "evaluate: name one project file, then --model MODEL (a new report) or --show latest|ID.\n";
        return CliUsage;
    }
    RealismRequest request;
    long long real = request.realCount, created = request.createdCount;
    unsigned long long seed = request.seed;
    if (!core::wholeNumber(a->value("real"), real, "real", err)
        || !core::wholeNumber(a->value("created"), created, "created", err)
        || !core::unsignedNumber(a->value("seed"), seed, "seed", err))
        return CliUsage;
    const std::string observer = a->value("observer").value_or("cnn");
    if (observer != "cnn" && observer != "none") {
        err << "evaluate: --observer must be cnn (the CNN two-sample test, minutes) or none (single cues only).\n";
        return CliUsage;
    }
    auto project = Project::open(QString::fromStdString(a->positional.front()));
    if (failed(project, err))
        return CliFailed;

    if (const auto show = a->value("show")) {
        auto all = realismReports(project->database());
        if (failed(all, err))
            return CliFailed;
        const StoredRealismReport* chosen = nullptr;
        for (const auto& r : *all)
            if (*show == "latest" ? chosen == nullptr : std::to_string(r.id) == *show)
                chosen = &r;
        if (!chosen) {
            err << "error: --show: " << (all->empty() ? "the project has no realism report yet"
                                                      : "no realism report " + *show + " (the newest is "
                                                              + std::to_string(all->front().id) + ")")
                << ".\n";
            return CliFailed;
        }
        out << "report " << chosen->id << " of generator " << chosen->modelSha256.toStdString() << ", made "
            << chosen->madeAt.toStdString() << "\n(" << chosen->request.toStdString() << ")\n\n"
            << chosen->summary.toStdString();
        if (const auto sheet = a->value("sheet"); sheet && !writeSheet(QString::fromStdString(*sheet), chosen->sheetPng, err))
            return CliFailed;
        return CliOk;
    }

    request.model = QString::fromStdString(*a->value("model"));
    request.realCount = int(std::clamp<long long>(real, -1, 1000000));
    request.createdCount = int(std::clamp<long long>(created, -1, 1000000));
    request.seed = seed;
    request.device = a->value("device").value_or("cpu");
    request.observer = observer == "cnn";
    if (const auto volumes = a->value("volumes"))
        request.volumes = QString::fromStdString(*volumes).split(QLatin1Char(','), Qt::SkipEmptyParts);
    g_stop = false;
    auto previous = std::signal(SIGINT, onEvaluateStop);
    std::string lastStage;
    int lastPercent = -1;
    auto stored = evaluateGenerator(*project, request, model,
        [&](const std::string& stage, double fraction) {
            const int percent = int(fraction * 100.0);
            if (stage != lastStage || percent >= lastPercent + 10) {
                std::fprintf(stderr, "%s %d%%\n", stage.c_str(), percent);
                lastStage = stage;
                lastPercent = percent;
            }
        },
        g_stop);
    std::signal(SIGINT, previous);
    if (failed(stored, err))
        return CliFailed;
    out << stored->summary.toStdString() << "kept in " << project->path().toStdString() << " as realism report "
        << stored->id << '\n';
    if (const auto sheet = a->value("sheet"); sheet && !writeSheet(QString::fromStdString(*sheet), stored->sheetPng, err))
        return CliFailed;
    return CliOk;
}

} // namespace

core::CliCommand evaluateCliCommand(ModelLayer model)
{
    return {"evaluate", "Measure a generator's realism before any reader: CNN and single-cue observers, memorisation",
        "evaluate PROJECT --model MODEL|default [--real 3000] [--created 3000] [--seed 1] [--device cpu|cuda]\n"
        "         [--volumes V001,...] [--observer cnn|none] [--sheet FILE.png|FILE.pdf]\n"
        "evaluate PROJECT --show latest|ID [--sheet FILE.png|FILE.pdf]\n"
        "  MODEL: default, a model file (.trmodel), a TorchScript module (.pt, .pth, .ts) or an image folder\n"
        "  (--created at most the images it holds).\n"
        "  Real slices are drawn evenly over the project's ready volumes (at least 3; each one subject) at the\n"
        "  generator's resolution. Observers are trained on two thirds of the subjects and scored on the rest:\n"
        "  0.5 means they cannot tell created from real. The report is kept with the generator in the project.\n"
        "  --observer none leaves out the CNN (minutes on a CPU). Ctrl+C stops; nothing is kept then.",
        [model](const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
            return evaluateCommand(model, args, out, err);
        }};
}

} // namespace tr::studies
