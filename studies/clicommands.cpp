#include "studies/clicommands.h"

#include "core/alignedframe.h"
#include "core/clioptions.h"
#include "core/io/landmarksuggestion.h"
#include "studies/project.h"
#include "studies/storagelocations.h"
#include "studies/trainingdatapreparer.h"
#include "studies/trainingsetexporter.h"
#include "studies/volumeimporter.h"

#include <QStringList>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <unistd.h>

namespace tr::studies {

namespace {

using core::operator-;
using core::operator*;
using core::CliFailed;
using core::CliOk;
using core::CliUsage;
using core::failed;

std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted = true; }

std::string fixed(double v, int decimals)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

int pathsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (!args.empty()) {
        err << "paths: takes no arguments.\n";
        return CliUsage;
    }
    const StorageLocations locations = storageLocations();
    out << "projects: " << locations.projectsDir.toStdString() << '\n'
        << "data:     " << locations.dataDir.toStdString() << '\n'
        << "settings: " << locations.configDir.toStdString() << '\n';
    return CliOk;
}

int importCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.size() < 2) {
        err << "import: name the project file and at least one file or folder to import.\n";
        return CliUsage;
    }
    ImportSettings settings;
    QStringList paths;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--n4")
            settings.biasCorrection = true;
        else if (args[i].rfind("--", 0) == 0) {
            err << "import: unknown option '" << args[i] << "'.\n";
            return CliUsage;
        } else
            paths << QString::fromStdString(args[i]);
    }
    if (paths.isEmpty()) {
        err << "import: name at least one file or folder to import.\n";
        return CliUsage;
    }
    auto project = Project::openOrCreate(QString::fromStdString(args[0]));
    if (failed(project, err))
        return CliFailed;
    int imported = 0, failed = 0;
    VolumeImporter(*project, settings).importPaths(paths, [&](const ImportOutcome& o) {
        if (o.error) {
            ++failed;
            core::printCliError(err, *o.error);
        } else {
            ++imported;
            out << "imported " << o.pseudonym.toStdString() << "  from " << o.source.toStdString() << '\n';
        }
    });
    out << imported << " imported, " << failed << " not imported, into " << args[0] << '\n';
    return failed ? CliFailed : CliOk;
}

std::string landmarkSummary(const VolumeRecord& r)
{
    int manual = 0, automatic = 0;
    for (const auto& s : r.landmarkSources)
        if (s)
            ++(*s == LandmarkSource::Manual ? manual : automatic);
    return std::to_string(manual + automatic) + "/4" + (automatic ? " (" + std::to_string(automatic) + " auto)" : "");
}

int volumesCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.size() != 1) {
        err << "volumes: name one project file.\n";
        return CliUsage;
    }
    auto project = Project::open(QString::fromStdString(args[0]));
    if (failed(project, err))
        return CliFailed;
    auto volumes = project->volumes();
    if (failed(volumes, err))
        return CliFailed;
    out << std::left << std::setw(8) << "volume" << std::setw(10) << "format" << std::setw(16) << "voxels"
        << std::setw(20) << "spacing mm" << std::setw(9) << "axes" << std::setw(14) << "landmarks"
        << "status\n";
    for (const auto& r : *volumes) {
        const std::string dims = std::to_string(r.size[0]) + "x" + std::to_string(r.size[1]) + "x"
            + std::to_string(r.size[2]);
        const std::string spacing = fixed(r.spacing[0], 2) + "x" + fixed(r.spacing[1], 2) + "x" + fixed(r.spacing[2], 2);
        out << std::setw(8) << r.pseudonym.toStdString() << std::setw(10) << r.sourceFormat.toStdString()
            << std::setw(16) << dims << std::setw(20) << spacing << std::setw(9)
            << r.acquiredOrientation.toStdString() << std::setw(14) << landmarkSummary(r)
            << r.status().toStdString() << (r.biasCorrected ? " (N4)" : "") << '\n';
        if (!r.facts.manufacturer.empty() || !r.facts.model.empty())
            out << "        " << r.facts.manufacturer << ' ' << r.facts.model
                << (r.facts.fieldStrengthT ? " " + fixed(*r.facts.fieldStrengthT, 1) + " T" : "")
                << (r.facts.sequence.empty() ? "" : ", " + r.facts.sequence)
                << (r.facts.repetitionTimeMs ? ", TR " + fixed(*r.facts.repetitionTimeMs, 1) + " ms" : "")
                << (r.facts.echoTimeMs ? ", TE " + fixed(*r.facts.echoTimeMs, 1) + " ms" : "")
                << (r.facts.flipAngleDeg ? ", flip " + fixed(*r.facts.flipAngleDeg, 0) + " deg" : "") << '\n';
    }
    if (volumes->empty())
        out << "(no volumes yet: 'import " << args[0] << " FILE-OR-FOLDER' adds some)\n";
    return CliOk;
}

// NAME=x,y,z in LPS millimetres.
core::Result<std::pair<core::Landmark, core::Vec3>> parseLandmark(const std::string& text)
{
    const auto eq = text.find('=');
    const auto name = text.substr(0, eq);
    const auto which = core::landmarkFromKey(name);
    if (eq == std::string::npos || !which)
        return core::Error{core::ErrorCode::InvalidArgument, text,
            "expected NAME=x,y,z with NAME one of ac, pc, msp, centre and x,y,z in LPS millimetres.", {}};
    core::Vec3 p{};
    std::istringstream in(text.substr(eq + 1));
    char c1 = 0, c2 = 0;
    if (!(in >> p[0] >> c1 >> p[1] >> c2 >> p[2]) || c1 != ',' || c2 != ',' || !in.eof())
        return core::Error{core::ErrorCode::InvalidArgument, name,
            "'" + text.substr(eq + 1) + "' is not three numbers x,y,z (LPS millimetres).", {}};
    return std::pair{*which, p};
}

bool insideVolume(const core::Volume& v, const core::Vec3& p)
{
    const core::Vec3 local = core::transpose(v.direction) * (p - v.origin);
    for (int d = 0; d < 3; ++d) {
        const double index = local[std::size_t(d)] / v.spacing[std::size_t(d)];
        if (index < -0.5 || index > double(v.size[std::size_t(d)]) - 0.5)
            return false;
    }
    return true;
}

int landmarksCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.size() < 2) {
        err << "landmarks: name the project file and a volume.\n";
        return CliUsage;
    }
    auto project = Project::open(QString::fromStdString(args[0]));
    if (failed(project, err))
        return CliFailed;
    const QString name = QString::fromStdString(args[1]);
    auto record = project->volume(name);
    if (failed(record, err))
        return CliFailed;
    std::vector<std::string> sets;
    bool automatic = false;
    for (std::size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--set" && i + 1 < args.size()) {
            while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0)
                sets.push_back(args[++i]);
        } else if (args[i] == "--auto") {
            automatic = true;
        } else {
            err << "landmarks: unknown argument '" << args[i] << "'.\n";
            return CliUsage;
        }
    }
    if (automatic && !sets.empty()) {
        err << "landmarks: use --auto or --set, not both (run --set afterwards to move a suggested point).\n";
        return CliUsage;
    }
    if (automatic) {
        auto volume = project->loadVolume(record->pseudonym);
        if (failed(volume, err))
            return CliFailed;
        const auto start = std::chrono::steady_clock::now();
        auto suggestion = core::io::suggestLandmarksFromColin27(*volume, {}, [&](const std::string& step) {
            err << "  " << step << '\n';
        });
        if (failed(suggestion, err))
            return CliFailed;
        err << "  " << suggestion->summary << " ("
            << fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1) << " s)\n";
        if (auto saved = project->setLandmarks(record->pseudonym, suggestion->landmarks, LandmarkSource::Auto); !saved) {
            core::printCliError(err, saved.error());
            return CliFailed;
        }
        record = project->volume(name);
        if (failed(record, err))
            return CliFailed;
    }
    if (!sets.empty()) {
        auto volume = project->loadVolume(record->pseudonym);
        if (failed(volume, err))
            return CliFailed;
        core::Landmarks points;
        for (const auto& text : sets) {
            auto parsed = parseLandmark(text);
            if (failed(parsed, err))
                return CliUsage;
            if (!insideVolume(*volume, parsed->second)) {
                core::printCliError(err, core::Error{core::ErrorCode::InvalidArgument, text,
                    "this point lies outside volume " + record->pseudonym.toStdString()
                        + "; coordinates are LPS millimetres of the scanner (as 'volumes' and viewers show them).", {}});
                return CliUsage;
            }
            points[parsed->first] = parsed->second;
        }
        if (auto saved = project->setLandmarks(record->pseudonym, points, LandmarkSource::Manual); !saved) {
            core::printCliError(err, saved.error());
            return CliFailed;
        }
        record = project->volume(name);
        if (failed(record, err))
            return CliFailed;
    }
    out << record->pseudonym.toStdString() << " landmarks (LPS mm):\n";
    for (auto l : core::kAllLandmarks) {
        out << "  " << std::left << std::setw(7) << core::landmarkKey(l);
        if (const auto& p = record->landmarks[l])
            out << fixed((*p)[0], 1) << ", " << fixed((*p)[1], 1) << ", " << fixed((*p)[2], 1) << "  ("
                << (record->landmarkSources[std::size_t(l)] == LandmarkSource::Manual ? "manual" : "auto") << ")\n";
        else
            out << "not placed\n";
    }
    if (record->landmarks.complete()) {
        const auto frame = core::alignedFrameFromLandmarks(record->landmarks);
        if (failed(frame, err))
            return CliFailed;
        out << "  aligned: ready for 'augment'\n";
    }
    return CliOk;
}

void drawProgress(const ExportProgress& p, std::chrono::steady_clock::time_point start, std::size_t startDone)
{
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = elapsed > 0 ? double(p.done - startDone) / elapsed : 0.0;
    const int width = 30;
    const int filled = p.total ? int(double(width) * double(p.done) / double(p.total)) : width;
    const double eta = rate > 0 ? double(p.total - p.done) / rate : 0.0;
    std::fprintf(stderr, "%s[%s%s] %zu/%zu %5.1f%%  %.0f img/s  ETA %.0f s   ", isatty(2) ? "\r" : "",
        std::string(std::size_t(filled), '#').c_str(), std::string(std::size_t(width - filled), ' ').c_str(), p.done,
        p.total, p.total ? 100.0 * double(p.done) / double(p.total) : 100.0, rate, eta);
    if (!isatty(2))
        std::fputc('\n', stderr);
    std::fflush(stderr);
}

int augmentCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.empty()) {
        err << "augment: name the project file.\n";
        return CliUsage;
    }
    ExportSettings settings;
    bool all = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool hasValue = i + 1 < args.size();
        auto number = [&](const std::string& option, unsigned long long& value) {
            try {
                std::size_t used = 0;
                value = std::stoull(args[i + 1], &used);
                if (used != args[i + 1].size() || args[i + 1].front() == '-')
                    throw std::invalid_argument(option);
                ++i;
                return true;
            } catch (const std::exception&) {
                err << "augment: " << option << " needs a whole number, not '" << args[i + 1] << "'.\n";
                return false;
            }
        };
        unsigned long long value = 0;
        if (a == "--volume" && hasValue)
            settings.volume = QString::fromStdString(args[++i]);
        else if (a == "--out" && hasValue)
            settings.outputDir = QString::fromStdString(args[++i]);
        else if (a == "--all")
            all = true;
        else if (a == "--count" && hasValue) {
            if (!number(a, value))
                return CliUsage;
            settings.count = std::size_t(value);
        } else if (a == "--seed" && hasValue) {
            if (!number(a, value))
                return CliUsage;
            settings.seed = value;
        } else if (a == "--threads" && hasValue) {
            if (!number(a, value))
                return CliUsage;
            settings.threads = unsigned(value);
        } else if (a == "--format" && hasValue) {
            const std::string f = args[++i];
            if (f != "png8" && f != "png16") {
                err << "augment: --format is png8 or png16, not '" << f << "'.\n";
                return CliUsage;
            }
            settings.format = f == "png8" ? ImageFormat::Png8 : ImageFormat::Png16;
        } else if (a == "--grid" && hasValue) {
            auto grid = core::AugmentationGrid::fromString(args[++i]);
            if (!grid) {
                err << "augment: --grid: " << grid.error().toString() << '\n';
                return CliUsage;
            }
            settings.grid = *grid;
        } else {
            err << "augment: unknown or incomplete argument '" << a << "'.\n";
            return CliUsage;
        }
    }
    if (settings.volume.isEmpty() || settings.outputDir.isEmpty() || all == bool(settings.count)) {
        err << "augment: give --volume V, --out DIR and one of --count N or --all.\n";
        return CliUsage;
    }
    auto project = Project::open(QString::fromStdString(args[0]));
    if (failed(project, err))
        return CliFailed;
    g_interrupted = false;
    auto previous = std::signal(SIGINT, onInterrupt);
    const auto start = std::chrono::steady_clock::now();
    std::size_t startDone = 0;
    bool first = true;
    auto summary = exportTrainingSet(*project, settings, [&](const ExportProgress& p) {
        if (first) {
            startDone = p.done;
            first = false;
            if (p.resumed)
                std::fprintf(stderr, "resuming: %zu of %zu images are there already\n", p.resumed, p.total);
        }
        drawProgress(p, start, startDone);
    }, g_interrupted);
    std::signal(SIGINT, previous);
    std::fputc('\n', stderr);
    if (failed(summary, err))
        return CliFailed;
    const auto& p = summary->progress;
    if (summary->cancelled) {
        out << "stopped: " << p.done << " of " << p.total << " images are complete in " << settings.outputDir.toStdString()
            << "; run the same command again to resume.\n";
        return CliFailed;
    }
    out << p.total << " images of " << settings.volume.toStdString() << " in " << settings.outputDir.toStdString()
        << " (manifest.csv, trainingset.txt)\n";
    return CliOk;
}

int prepareCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.empty()) {
        err << "prepare: name the project file.\n";
        return CliUsage;
    }
    QString output;
    QStringList volumes;
    core::AugmentationGrid grid;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args[i] == "--out" && hasValue)
            output = QString::fromStdString(args[++i]);
        else if (args[i] == "--volumes" && hasValue)
            volumes = QString::fromStdString(args[++i]).split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (args[i] == "--grid" && hasValue) {
            auto parsed = core::AugmentationGrid::fromString(args[++i]);
            if (!parsed) {
                err << "prepare: --grid: " << parsed.error().toString() << '\n';
                return CliUsage;
            }
            grid = *parsed;
        } else {
            err << "prepare: unknown or incomplete argument '" << args[i] << "'.\n";
            return CliUsage;
        }
    }
    if (output.isEmpty()) {
        err << "prepare: give --out FILE (the training data file to write).\n";
        return CliUsage;
    }
    auto project = Project::open(QString::fromStdString(args[0]));
    if (failed(project, err))
        return CliFailed;
    auto data = prepareTrainingData(*project, volumes, grid);
    if (failed(data, err))
        return CliFailed;
    if (auto written = core::writeTrainingData(output.toStdString(), *data); failed(written, err))
        return CliFailed;
    out << data->volumes.size() << " volumes (" << data->imageCount() << " training images on the grid "
        << data->grid.toString() << ") in " << output.toStdString() << '\n';
    return CliOk;
}

} // namespace

std::vector<core::CliCommand> cliCommands(ModelLayer model)
{
    std::vector<core::CliCommand> commands{
        {"paths", "Show where projects, application data and settings are stored", "paths", pathsCommand},
        {"import", "Import volume files or folders into a project (created if missing), de-identified",
            "import PROJECT [--n4] PATH...\n  PROJECT  the project file (.trproj); created when it does not exist\n"
            "  --n4     correct the intensity bias field (ITK's N4) before storing\n"
            "  PATH     a NIfTI (.nii, .nii.gz), MetaImage (.mha, .mhd) or NRRD file, or a folder searched "
            "recursively",
            importCommand},
        {"volumes", "List a project's volumes: pseudonym, grid, spacing, orientation, landmarks, status",
            "volumes PROJECT", volumesCommand},
        {"landmarks", "Show or place a volume's AC, PC, mid-sagittal and centre landmarks",
            "landmarks PROJECT VOLUME [--auto | --set NAME=x,y,z ...]\n"
            "  --auto  suggest all four by registering the Colin27 template (rigid, then affine)\n"
            "  NAME   ac, pc, msp (any mid-sagittal point off the AC-PC line) or centre (basal ganglia)\n"
            "  x,y,z  patient coordinates in mm, LPS (x to the left, y to the back, z up)",
            landmarksCommand},
        {"augment", "Write a volume's training images (the paper's 48,510-image grid) as PNG with a manifest",
            "augment PROJECT --volume V --out DIR (--count N | --all) [--format png8|png16] [--seed S]\n"
            "        [--grid \"lr=-10:10:1 ap=-10:10:1 cc=-5:5:1 offsets=-4,-2,0,2,4 flip=1 matrix=256 fov=240\"]\n"
            "        [--threads N]\n"
            "  --count N  N images drawn at random (with --seed, default 1); --all  the whole set\n"
            "  Interrupt with Ctrl+C and run the same command again to resume.",
            augmentCommand},
        {"prepare", "Write the aligned, normalised volumes as one training-data file (for 'train' anywhere)",
            "prepare PROJECT --out FILE [--volumes V001,V002,...] [--grid \"lr=... matrix=128 ...\"]\n"
            "  --volumes  which volumes (default: all with complete landmarks)",
            prepareCommand},
    };
    for (auto& command : studyCliCommands(model))
        commands.push_back(std::move(command));
    commands.push_back(evaluateCliCommand(std::move(model)));
    commands.push_back(projectCliCommand());
    return commands;
}

} // namespace tr::studies
