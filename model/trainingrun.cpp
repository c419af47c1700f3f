#include "model/trainingrun.h"

#include "model/computedevice.h"
#include "model/runtimeinfo.h"

#include "core/pngencoder.h"
#include "core/slicesampler.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

namespace tr::model {

namespace {

// A square grid of the generator's images from a fixed latent batch.
core::Result<void> writeSampleGrid(DcganTrainer& trainer, const std::filesystem::path& file, std::uint64_t seed)
{
    const int side = trainer.options().resolution, columns = 4;
    const auto images = trainer.generate(seed, columns * columns);
    std::vector<std::uint8_t> grid(std::size_t(side * columns) * std::size_t(side * columns), 0);
    for (std::size_t n = 0; n < images.size(); ++n) {
        const int gx = int(n) % columns, gy = int(n) / columns;
        for (int y = 0; y < side; ++y)
            std::copy_n(images[n].pixels.begin() + std::ptrdiff_t(y * side), side,
                grid.begin() + std::ptrdiff_t((std::size_t(gy * side + y) * std::size_t(side * columns)) + std::size_t(gx * side)));
    }
    return core::writeGrayPng(file, grid, side * columns, side * columns);
}

// The rolling checkpoint just written, copied as `kept` (temp + rename, so a
// kept file is always whole).
core::Result<void> keepCopy(const std::filesystem::path& checkpoint, const std::filesystem::path& kept)
{
    const std::filesystem::path part = kept.string() + ".part";
    std::error_code ec;
    std::filesystem::copy_file(checkpoint, part, std::filesystem::copy_options::overwrite_existing, ec);
    if (!ec)
        std::filesystem::rename(part, kept, ec);
    if (ec)
        return core::Error{core::ErrorCode::Io, kept.string(),
            "The epoch's checkpoint could not be kept: " + ec.message() + ". Check the disk space.", {}};
    return {};
}

} // namespace

std::filesystem::path epochCheckpointPath(const std::filesystem::path& checkpoint, std::int64_t epoch)
{
    char tag[32];
    std::snprintf(tag, sizeof tag, ".epoch-%03lld", static_cast<long long>(epoch));
    return checkpoint.parent_path() / (checkpoint.stem().string() + tag + checkpoint.extension().string());
}

std::vector<std::int64_t> epochOrder(std::int64_t images, std::uint64_t seed, std::int64_t epoch, std::int64_t cap)
{
    std::vector<std::int64_t> order(static_cast<std::size_t>(images));
    std::iota(order.begin(), order.end(), std::int64_t{0});
    std::seed_seq sequence{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(epoch), 0x7e57u};
    std::mt19937_64 random(sequence);
    // std::shuffle's use of the engine is specified only loosely; Fisher-Yates
    // with our own draws keeps the order the same on every standard library.
    for (std::size_t i = order.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(random() % i);
        std::swap(order[i - 1], order[j]);
    }
    if (cap > 0 && cap < images)
        order.resize(static_cast<std::size_t>(cap));
    return order;
}

ModelInfo modelInfoOf(const core::TrainingData& data, const TrainingSettings& settings, const TrainingOutcome& outcome)
{
    ModelInfo info;
    info.trainingData = data.description();
    // Whole epochs done: the run's last when it finished, the one it was in when
    // the budget ran out, and a resumed checkpoint's when --epochs asked for no more.
    info.epochs = outcome.state.epoch;
    info.imagesSeen = outcome.trainer->steps() * settings.options.batchSize;
    info.seed = settings.seed;
    info.device = settings.device;
    info.libraries = "LibTorch " + runtimeInfo().torchVersion;
    return info;
}

core::Result<TrainingOutcome> runTraining(const core::TrainingData& data, const TrainingSettings& settings,
    const std::optional<std::filesystem::path>& resumeFrom,
    const std::function<void(const TrainingProgress&)>& progress, const std::atomic<bool>& stop)
{
    if (const auto problems = settings.options.problems(); !problems.empty())
        return core::Error{core::ErrorCode::InvalidArgument, "training options", problems.front(), {}};
    if (data.grid.matrix != settings.options.resolution)
        return core::Error{core::ErrorCode::InvalidArgument, "resolution",
            "the training data were prepared at " + std::to_string(data.grid.matrix) + " x "
                + std::to_string(data.grid.matrix) + " pixels; train at that resolution, or prepare the data again "
                "with an image size of " + std::to_string(settings.options.resolution) + ".",
            {}};
    if (settings.checkpoint.empty())
        return core::Error{core::ErrorCode::InvalidArgument, "checkpoint", "a checkpoint path is needed.", {}};
    if (auto device = resolveDevice(settings.device); !device)
        return device.error();
    // Made before the first step: a folder that cannot be made must not end a
    // run of hours at its first epoch's end.
    if (!settings.samplesDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(settings.samplesDir, ec);
        if (ec || !std::filesystem::is_directory(settings.samplesDir, ec))
            return core::Error{core::ErrorCode::Io, settings.samplesDir.string(),
                "the folder for the sample grids cannot be made"
                    + (ec ? " (" + ec.message() + ")" : std::string(": a file of that name is in the way"))
                    + "; give another --samples folder.",
                {}};
    }

    TrainingOutcome outcome;
    if (resumeFrom) {
        auto loaded = DcganTrainer::loadCheckpoint(*resumeFrom, outcome.state, settings.device);
        if (!loaded)
            return loaded.error();
        outcome.trainer = std::move(*loaded);
        if (outcome.state.data != data.description())
            return core::Error{core::ErrorCode::InvalidArgument, resumeFrom->string(),
                "This checkpoint was trained on other data (" + outcome.state.data
                    + "); resume it with the same prepared data.",
                {}};
        if (!(outcome.trainer->options() == settings.options))
            return core::Error{core::ErrorCode::InvalidArgument, resumeFrom->string(),
                "This checkpoint has other network options (resolution, widths or batch size); resume it with the "
                "options it was started with.",
                {}};
    } else {
        outcome.trainer = std::make_unique<DcganTrainer>(settings.options, settings.seed, settings.device);
        outcome.state = RunState{settings.seed, 0, 0, data.description()};
    }
    DcganTrainer& trainer = *outcome.trainer;
    RunState& state = outcome.state;

    std::vector<std::unique_ptr<core::SliceSampler>> samplers;
    for (const auto& v : data.volumes)
        samplers.push_back(std::make_unique<core::SliceSampler>(v.volume, v.frame, data.grid));
    const auto perVolume = static_cast<std::int64_t>(data.grid.count());
    const auto images = perVolume * static_cast<std::int64_t>(data.volumes.size());
    const int batch = settings.options.batchSize;
    const std::size_t pixels = samplers.front()->pixelCount();
    std::vector<float> real(std::size_t(batch) * pixels);

    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    auto save = [&]() { return trainer.saveCheckpoint(settings.checkpoint, state); };

    for (; state.epoch < settings.epochs; ++state.epoch, state.positionInEpoch = 0) {
        const auto order = epochOrder(images, state.seed, state.epoch, settings.imagesPerEpoch);
        // Incomplete last batches are dropped: batch normalisation needs a full batch.
        const std::int64_t steps = std::int64_t(order.size()) / batch;
        for (std::int64_t s = state.positionInEpoch / batch; s < steps; ++s) {
            if (stop.load()) {
                outcome.stopped = true;
                if (auto saved = save(); !saved)
                    return saved.error();
                outcome.seconds = elapsed();
                return outcome;
            }
            if (settings.maxSeconds > 0.0 && elapsed() >= settings.maxSeconds) {
                outcome.budgetSpent = true;
                if (auto saved = save(); !saved)
                    return saved.error();
                outcome.seconds = elapsed();
                return outcome;
            }
            for (int n = 0; n < batch; ++n) {
                const std::int64_t index = order[std::size_t(s * batch + n)];
                samplers[std::size_t(index / perVolume)]->sample(std::size_t(index % perVolume),
                    std::span<float>(real.data() + std::size_t(n) * pixels, pixels));
            }
            TrainingProgress p;
            p.last = trainer.step(real, batch);
            state.positionInEpoch = (s + 1) * batch;
            outcome.imagesSeen += batch;
            if (settings.checkpointEverySteps > 0 && trainer.steps() % settings.checkpointEverySteps == 0)
                if (auto saved = save(); !saved)
                    return saved.error();
            if (progress) {
                p.epoch = int(state.epoch) + 1;
                p.epochs = settings.epochs;
                p.stepInEpoch = s + 1;
                p.stepsPerEpoch = steps;
                p.step = trainer.steps();
                p.imagesPerSecond = double(outcome.imagesSeen) / std::max(1e-9, elapsed());
                const double remaining = double((settings.epochs - state.epoch - 1) * steps + (steps - s - 1)) * batch;
                p.etaSeconds = remaining / std::max(1e-9, p.imagesPerSecond);
                progress(p);
            }
        }
        // Epoch end: a checkpoint that resumes at the next epoch, then the sample
        // grid from a fixed latent batch (after it, so a grid that cannot be
        // written costs no training).
        state.positionInEpoch = 0;
        ++state.epoch;
        auto saved = save();
        if (saved && settings.keepEpochCheckpoints)
            saved = keepCopy(settings.checkpoint, epochCheckpointPath(settings.checkpoint, state.epoch));
        --state.epoch;
        if (!saved)
            return saved.error();
        if (!settings.samplesDir.empty()) {
            char name[32];
            std::snprintf(name, sizeof name, "epoch-%03d.png", int(state.epoch) + 1);
            if (auto written = writeSampleGrid(trainer, settings.samplesDir / name, state.seed ^ 0x5a5a5a5aULL); !written)
                return written.error();
        }
    }
    state.positionInEpoch = 0;
    outcome.seconds = elapsed();
    return outcome;
}

} // namespace tr::model
