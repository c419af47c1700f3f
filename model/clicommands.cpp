#include "model/clicommands.h"

#include "model/computedevice.h"

#include "core/clioptions.h"
#include "core/pngencoder.h"
#include "model/createdimagefiles.h"
#include "model/defaultmodel.h"
#include "model/generatorsource.h"
#include "model/modelfile.h"
#include "model/runtimeinfo.h"
#include "model/torchscriptgenerator.h"
#include "model/trainingpreset.h"
#include "model/trainingrun.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <span>
#include <sstream>

namespace tr::model {

namespace {

using core::CliFailed;
using core::decimalNumber;
using core::wholeNumber;
using core::yesOrNo;
using core::CliOk;
using core::CliUsage;
using core::failed;

std::atomic<bool> g_stop{false};
extern "C" void onStop(int) { g_stop = true; }

// "Can this machine train?" is the first question on a GPU server.
int deviceCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (!args.empty()) {
        err << "device: takes no arguments.\n";
        return CliUsage;
    }
    configureCpuThreads();
    const RuntimeInfo info = runtimeInfo();
    out << "LibTorch:    " << info.torchVersion << '\n'
        << "CPU threads: " << info.cpuThreads << '\n'
        << "CPU bf16:    "
        << (info.cpuBfloat16 ? "yes (" + info.cpuBfloat16Kind + "): --bf16 yes pays here"
                             : std::string("no: leave --bf16 off (LibTorch would emulate it, slower)"))
        << '\n'
        << "CUDA:        "
        << (info.cudaAvailable ? "available, " + std::to_string(info.cudaDeviceCount) + " device(s)"
                               : std::string("not available (CPU training only)"))
        << '\n';
    return CliOk;
}


int trainCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
    const ProjectDataSource& projects)
{
    const auto a = core::parseCliArguments(args,
        {"preset", "resolution", "epochs", "batch", "images-per-epoch", "device", "resume", "out", "seed", "threads",
            "checkpoint-every", "samples", "d-first-layer-bn", "real-label", "mode-seeking", "epoch-checkpoints",
            "minutes", "upsampling", "ema", "diffaugment", "r1", "r1-every", "bf16", "g-width", "d-width",
            "learning-rate", "weights"},
        "train", err);
    if (!a || a->positional.size() != 1 || !a->value("out")) {
        if (a)
            err << "train: give one project (or prepared data) file and --out MODEL.\n";
        return CliUsage;
    }
    // The preset first, then each option given on top of it.
    const std::string presetName = a->value("preset").value_or(recommendedPreset().name);
    const auto preset = trainingPreset(presetName);
    if (!preset) {
        err << "--preset is";
        for (const auto& p : trainingPresets())
            err << (&p == &trainingPresets().front() ? " " : " or ") << p.name;
        err << ", not '" << presetName << "'.\n";
        return CliUsage;
    }
    TrainingSettings settings;
    settings.options = preset->options;
    DcganOptions& o = settings.options;
    long long resolution = o.resolution, epochs = preset->epochs, batch = o.batchSize, cap = 0, seed = 1, threads = 0,
              every = 200, r1Every = o.r1Interval, gWidth = o.generatorWidth, dWidth = o.discriminatorWidth;
    double minutes = 0.0;
    if (!wholeNumber(a->value("resolution"), resolution, "resolution", err)
        || !wholeNumber(a->value("epochs"), epochs, "epochs", err) || !wholeNumber(a->value("batch"), batch, "batch", err)
        || !wholeNumber(a->value("images-per-epoch"), cap, "images-per-epoch", err)
        || !wholeNumber(a->value("seed"), seed, "seed", err) || !wholeNumber(a->value("threads"), threads, "threads", err)
        || !wholeNumber(a->value("checkpoint-every"), every, "checkpoint-every", err)
        || !wholeNumber(a->value("r1-every"), r1Every, "r1-every", err)
        || !wholeNumber(a->value("g-width"), gWidth, "g-width", err)
        || !wholeNumber(a->value("d-width"), dWidth, "d-width", err))
        return CliUsage;
    o.resolution = int(resolution);
    o.batchSize = int(batch);
    o.r1Interval = int(r1Every);
    o.generatorWidth = int(gWidth);
    o.discriminatorWidth = int(dWidth);
    if (!yesOrNo(a->value("d-first-layer-bn"), o.discriminatorFirstLayerBatchNorm, "d-first-layer-bn",
            "yes (the paper) or no (DCGAN)", err)
        || !yesOrNo(a->value("epoch-checkpoints"), settings.keepEpochCheckpoints, "epoch-checkpoints",
            "yes (keep each epoch's) or no", err)
        || !yesOrNo(a->value("diffaugment"), o.diffAugment, "diffaugment", "yes or no", err)
        || !yesOrNo(a->value("bf16"), o.bfloat16, "bf16", "yes (bfloat16 autocast on the CPU) or no", err))
        return CliUsage;
    if (!decimalNumber(a->value("real-label"), o.realLabel, "real-label", err)
        || !decimalNumber(a->value("mode-seeking"), o.modeSeekingWeight, "mode-seeking", err)
        || !decimalNumber(a->value("ema"), o.emaDecay, "ema", err) || !decimalNumber(a->value("r1"), o.r1Weight, "r1", err)
        || !decimalNumber(a->value("learning-rate"), o.learningRate, "learning-rate", err)
        || !decimalNumber(a->value("minutes"), minutes, "minutes", err))
        return CliUsage;
    SavedWeights saved = SavedWeights::Output;
    if (const auto weights = a->value("weights")) {
        if (*weights == "raw")
            saved = SavedWeights::Raw;
        else if (*weights != "average") {
            err << "--weights is average (the moving average when --ema keeps one) or raw (the generator's own), not '"
                << *weights << "'.\n";
            return CliUsage;
        }
    }
    if (const auto name = a->value("upsampling")) {
        const auto upsampling = upsamplingFromName(*name);
        if (!upsampling) {
            err << "--upsampling is transposed (the paper) or resize-convolution, not '" << *name << "'.\n";
            return CliUsage;
        }
        o.upsampling = *upsampling;
    }
    if (!(minutes >= 0.0 && minutes <= 60.0 * 24 * 30)) {
        err << "--minutes must lie between 0 (no limit) and 43200 (30 days).\n";
        return CliUsage;
    }
    settings.maxSeconds = minutes * 60.0;
    if (const auto problems = o.problems(); !problems.empty()) {
        err << "train: " << problems.front() << ".\n";
        return CliUsage;
    }
    if (epochs == 0 && !a->value("resume")) {
        err << "--epochs 0 trains nothing; give 1 or more (0 only with --resume, to write a checkpoint's model "
               "as it is).\n";
        return CliUsage;
    }
    settings.epochs = int(epochs);
    settings.imagesPerEpoch = cap;
    settings.seed = std::uint64_t(seed);
    settings.checkpointEverySteps = every;
    const auto resolved = resolveDevice(a->value("device").value_or("cpu"));
    if (!resolved) {
        err << "train: --device: " << resolved.error().message << '\n';
        return CliUsage;
    }
    const std::string device = *resolved;
    settings.device = device;
    const std::string model = *a->value("out");
    settings.checkpoint = model + ".checkpoint";
    if (const auto samples = a->value("samples"))
        settings.samplesDir = *samples;
    const int usedThreads = configureCpuThreads(int(threads));

    const std::string input = a->positional.front();
    core::AugmentationGrid grid;
    grid.matrix = settings.options.resolution;
    core::Result<core::TrainingData> data = core::Error{};
    if (input.size() > 7 && input.compare(input.size() - 7, 7, ".trproj") == 0) {
        if (!projects) {
            err << "error: " << input
                << ": this LibTorch-only build cannot read projects. Run 'turing-reader-cli prepare' where the full "
                   "build is installed and train from its output file.\n";
            return CliFailed;
        }
        data = projects(input, grid);
    } else {
        data = core::readTrainingData(input);
    }
    if (failed(data, err))
        return CliFailed;

    std::optional<std::filesystem::path> resume;
    if (const auto r = a->value("resume"))
        resume = *r;
    err << "training on " << data->volumes.size() << " volumes (" << data->imageCount() << " images), " << device
        << ", " << usedThreads << " threads; checkpoints in " << settings.checkpoint.string() << '\n';
    g_stop = false;
    auto previous = std::signal(SIGINT, onStop);
    auto outcome = runTraining(*data, settings, resume, [&](const TrainingProgress& p) {
        if (p.stepInEpoch == p.stepsPerEpoch || p.step % 10 == 0)
            std::fprintf(stderr, "epoch %d/%d step %lld/%lld  %.1f img/s  ETA %.0f s  D %.3f  G %.3f  D(x) %.2f  D(G(z)) %.2f  spread %.1f\n",
                p.epoch, p.epochs, static_cast<long long>(p.stepInEpoch), static_cast<long long>(p.stepsPerEpoch),
                p.imagesPerSecond, p.etaSeconds, p.last.discriminatorLoss, p.last.generatorLoss, p.last.realScore,
                p.last.fakeScore, p.last.createdSpread);
    }, g_stop);
    std::signal(SIGINT, previous);
    if (failed(outcome, err))
        return CliFailed;
    if (outcome->stopped) {
        out << "stopped; resume with --resume " << settings.checkpoint.string() << '\n';
        return CliFailed;
    }
    const ModelInfo info = modelInfoOf(*data, settings, *outcome);
    if (auto written = saveModel(model, *outcome->trainer, info, saved); failed(written, err))
        return CliFailed;
    out << "model written to " << model << " (" << info.imagesSeen << " images seen in " << outcome->seconds << " s"
        << (outcome->budgetSpent ? ", the time budget of --minutes spent" : "") << ")\n";
    return CliOk;
}

// "default" names the shipped generator; anything else is a path. Empty (after
// an error message) when the default is asked for and not installed.
std::filesystem::path resolveModel(const std::string& name, std::ostream& err)
{
    if (name != kDefaultModelName)
        return name;
    auto path = defaultModelPath();
    if (path.empty()) {
        err << "error: the default generator is not installed; looked in:\n";
        for (const auto& candidate : defaultModelCandidates())
            err << "  " << candidate.string() << '\n';
        err << "Reinstall turing-reader, or give a model file.\n";
    }
    return path;
}

// "label:          value" lines, aligned.
void printInfoLines(std::span<const std::pair<const char*, std::string>> lines, std::ostream& out)
{
    for (const auto& [label, value] : lines)
        out << label << ':' << std::string(17 - std::strlen(label), ' ') << value << '\n';
}

// model-info on a TorchScript generator: what it says of itself, checked by
// loading it and running one forward pass.
int torchScriptInfo(const std::filesystem::path& path, std::ostream& out, std::ostream& err)
{
    auto module = TorchScriptGenerator::load(path);
    if (failed(module, err))
        return CliFailed;
    const auto& info = (*module)->info();
    const auto& s = (*module)->settings();
    std::ostringstream range;
    range << "output [" << s.outputLow << ", " << s.outputHigh << ']';
    std::string shape;
    for (const auto d : s.latentShape)
        shape += (shape.empty() ? "" : " x ") + std::to_string(d);
    const std::pair<const char*, std::string> lines[] = {
        {"file", path.string()},
        {"kind", "TorchScript module (its code runs in LibTorch's interpreter: load only modules you trust)"},
        {"output", std::to_string(info.resolution) + " x " + std::to_string(info.resolution) + " pixels, 8-bit"},
        {"parameters", std::to_string((*module)->parameterCount())},
        {"latent", shape + ", " + (s.normalLatent ? "normal" : "uniform in [-1, 1]")
                + ", drawn on the CPU from each image's seed"},
        {"intensities", range.str() + " -> [0, 1], then the presentation window real slices pass through"},
        {"file SHA-256", info.sha256},
        {"checked", "loaded and ran one forward pass: grey, square, finite, within its output range"},
    };
    printInfoLines(lines, out);
    return CliOk;
}

// What a model file says about itself, checked by loading it.
int modelInfoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.size() != 1) {
        err << "model-info: give one model file, or 'default'.\n";
        return CliUsage;
    }
    const auto path = resolveModel(args.front(), err);
    if (path.empty())
        return CliFailed;
    if (isTorchScriptPath(path))
        return torchScriptInfo(path, out, err);
    auto model = GeneratorModel::load(path);
    if (failed(model, err))
        return CliFailed;
    const ModelInfo& info = model->info();
    // TrainingData::description(): "V001 V002 ...; <grid>".
    const auto semicolon = info.trainingData.find(';');
    const auto volumes = info.trainingData.substr(0, semicolon);
    const auto grid = semicolon == std::string::npos ? std::string() : info.trainingData.substr(semicolon + 2);
    const std::pair<const char*, std::string> lines[] = {
        {"file", path.string()},
        {"output", std::to_string(info.options.resolution) + " x " + std::to_string(info.options.resolution)
                + " pixels, 8-bit"},
        {"network", "latent " + std::to_string(info.options.latentSize) + ", width "
                + std::to_string(info.options.generatorWidth) + ", kernel " + std::to_string(info.options.kernelSize)
                + ", " + upsamplingName(info.options.upsampling) + " upsampling"},
        {"trained on", volumes},
        {"grid", grid},
        {"epochs", std::to_string(info.epochs)},
        {"images seen", std::to_string(info.imagesSeen)},
        {"seed", std::to_string(info.seed)},
        {"device", info.device},
        {"libraries", info.libraries},
        {"intensities", info.intensity},
        {"training", info.training.empty() ? std::string("(not recorded in this file)") : info.training},
        {"weights SHA-256", info.weightsSha256},
        {"integrity", integrityStatement(info)},
    };
    printInfoLines(lines, out);
    return CliOk;
}

int generateCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const auto a = core::parseCliArguments(args, {"model", "count", "seed", "out", "device"}, "generate", err);
    if (!a || !a->positional.empty() || !a->value("model") || !a->value("out")) {
        if (a)
            err << "generate: give --model MODEL, --count N, --seed S and --out DIR.\n";
        return CliUsage;
    }
    long long count = 50, seed = 1;
    if (!wholeNumber(a->value("count"), count, "count", err) || !wholeNumber(a->value("seed"), seed, "seed", err))
        return CliUsage;
    if (count < 1 || count > 100000) {
        err << "generate: --count must lie in 1..100000.\n";
        return CliUsage;
    }
    configureCpuThreads();
    const auto modelPath = resolveModel(*a->value("model"), err);
    if (modelPath.empty())
        return CliFailed;
    const auto device = resolveDevice(a->value("device").value_or("cpu"));
    if (!device) {
        err << "generate: --device: " << device.error().message << '\n';
        return CliUsage;
    }
    auto source = openGeneratorSource(modelPath.string(), *device);
    if (failed(source, err))
        return CliFailed;
    const std::filesystem::path dir = *a->value("out");
    const int side = (*source)->info().resolution;
    const std::atomic<bool> never{false};
    auto made = (*source)->create(int(count), std::uint64_t(seed), never);
    if (failed(made, err))
        return CliFailed;
    const auto& images = *made;
    if (failed(writeCreatedImages(dir, images, side), err))
        return CliFailed;
    out << images.size() << " images of " << side << " x " << side << " in " << dir.string() << " (manifest.csv)\n";
    return CliOk;
}

} // namespace

namespace {

// "  --preset NAME  LINE" for each preset, wrapped for a terminal.
std::string presetLines()
{
    std::string out;
    for (const auto& p : trainingPresets()) {
        std::string text = p.line + (&p == &trainingPresets().front() ? " The default." : "");
        std::string line = "  --preset " + p.name + std::string(p.name.size() < 12 ? 12 - p.name.size() : 1, ' ');
        const std::size_t indent = line.size();
        std::size_t column = indent;
        std::size_t at = 0;
        while (at < text.size()) {
            const auto space = text.find(' ', at);
            const std::string word = text.substr(at, space == std::string::npos ? std::string::npos : space - at);
            if (column + word.size() > 110 && column > indent) {
                line += "\n" + std::string(indent, ' ');
                column = indent;
            }
            line += word + ' ';
            column += word.size() + 1;
            at = space == std::string::npos ? text.size() : space + 1;
        }
        out += line + "\n";
    }
    return out;
}

} // namespace

std::vector<core::CliCommand> cliCommands(ProjectDataSource projects)
{
    return {
        {"device", "Show the LibTorch version, CPU threads and CUDA devices available for training",
            "device", deviceCommand},
        {"train", "Train the DCGAN on a project's aligned volumes (or on prepared data) and write a model",
            "train PROJECT-OR-DATA --out MODEL [--preset recommended|paper] [--minutes M]\n"
            "      [--resolution 64|128|256] [--epochs E] [--batch B] [--images-per-epoch N]\n"
            "      [--device cpu|cuda|auto] [--threads T] [--seed S] [--resume CHECKPOINT]\n"
            "      [--checkpoint-every STEPS] [--samples DIR] [--epoch-checkpoints yes|no]\n"
            "      [--upsampling transposed|resize-convolution] [--ema DECAY] [--diffaugment yes|no]\n"
            "      [--r1 WEIGHT] [--r1-every STEPS] [--mode-seeking W] [--bf16 yes|no] [--g-width W] [--d-width W]\n"
            "      [--learning-rate LR] [--d-first-layer-bn yes|no] [--real-label 0.9] [--weights average|raw]\n"
            "  PROJECT-OR-DATA  a .trproj project (full build) or a file written by 'prepare'\n"
            + presetLines() +
            "  Any other option changes the preset's value.\n"
            "  --minutes M      stop after M minutes of training and write the model (0: no limit)\n"
            "  --upsampling     resize-convolution: nearest doubling then a convolution (no checkerboard)\n"
            "  --ema DECAY      generate with a moving average of G's weights (e.g. 0.999; 0 = off)\n"
            "  --weights raw    write G's own weights instead of their moving average: the same run without\n"
            "                   --ema (the average never changes training). With --resume CHECKPOINT and\n"
            "                   --epochs at or below the checkpoint's, writes its model without training.\n"
            "  --diffaugment    differentiable augmentation of all D's inputs (Zhao et al. 2020)\n"
            "  --r1 WEIGHT      R1 gradient penalty on real images (Mescheder et al. 2018), every --r1-every steps\n"
            "  --mode-seeking W  add W x the mode-seeking term (Mao et al. 2019) to G's loss; 0 = the paper\n"
            "  --bf16 yes       bfloat16 autocast on CPUs with AVX512-BF16 or AMX\n"
            "  The progress line's 'spread' is the mean grey-level difference between created images;\n"
            "  falling towards 0, the generator is collapsing to one image.\n"
            "  Checkpoints go to MODEL.checkpoint; Ctrl+C stops between steps, --resume continues.\n"
            "  Each epoch's end is also kept as MODEL.epoch-NNN.checkpoint (31 MB at 64 px, ~105 MB at 256 px;\n"
            "  --epoch-checkpoints no keeps only the latest); --resume from one goes back to that epoch.",
            [projects](const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
                return trainCommand(args, out, err, projects);
            }},
        {"model-info", "Show what a model file records: size, training data, epochs, seed, device, checksum",
            "model-info MODEL|default\n  MODEL: a model file (.trmodel) or a TorchScript generator (.pt, .pth, .ts: checked by one "
            "forward pass)", modelInfoCommand},
        {"generate", "Create images with a trained generator: PNG files and a manifest with seeds and latents",
            "generate --model MODEL|default --count N --seed S --out DIR [--device cpu|cuda]\n"
            "  MODEL: a model file (.trmodel) or a TorchScript generator (.pt, .pth, .ts)", generateCommand},
    };
}

} // namespace tr::model
