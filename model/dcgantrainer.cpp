#include "model/dcgantrainer.h"

#include "model/archivecheck.h"
#include "model/diffaugment.h"
#include "model/networks.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/autocast_mode.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <system_error>
#include <utility>
#include <vector>

namespace tr::model {

struct DcganTrainer::Impl {
    Impl(const DcganOptions& o, std::uint64_t seed, const std::string& deviceName)
        : options(o), device(deviceName == "cuda" ? std::string("cuda:0") : deviceName),
          random(at::make_generator<at::CPUGeneratorImpl>(seed)), generator(o), discriminator(o),
          generatorOptimiser(generator->parameters(),
              torch::optim::AdamOptions(o.learningRate).betas({o.beta1, o.beta2})),
          discriminatorOptimiser(discriminator->parameters(),
              torch::optim::AdamOptions(o.learningRate).betas({o.beta1, o.beta2}))
    {
        // Weights are drawn from the trainer's own seed, not the global one, so
        // two trainers with one seed start identical whatever ran before.
        torch::manual_seed(seed);
        initialiseWeights(*generator);
        initialiseWeights(*discriminator);
        generator->to(device);
        discriminator->to(device);
        if (o.emaDecay > 0.0) {
            average = Generator(o);
            average->to(device);
            copyInto(average, generator);
        }
        if (o.bfloat16) {
            // Channels-last weights, so that oneDNN's bf16 kernels need no reorder each step.
            for (torch::nn::Module* module : {static_cast<torch::nn::Module*>(generator.get()),
                     static_cast<torch::nn::Module*>(discriminator.get())})
                for (auto& p : module->parameters())
                    if (p.dim() == 4)
                        p.set_data(p.data().contiguous(at::MemoryFormat::ChannelsLast));
        }
    }

    // Every parameter and buffer of `from` into `to` (the same network).
    static void copyInto(Generator& to, Generator& from)
    {
        torch::NoGradGuard noGrad;
        const auto source = from->parameters();
        auto target = to->parameters();
        for (std::size_t i = 0; i < target.size(); ++i)
            target[i].copy_(source[i]);
        const auto sourceBuffers = from->buffers();
        auto targetBuffers = to->buffers();
        for (std::size_t i = 0; i < targetBuffers.size(); ++i)
            targetBuffers[i].copy_(sourceBuffers[i]);
    }

    // average = d * average + (1 - d) * generator, with the decay ramped up over
    // the first steps ((1 + t) / (10 + t), as TensorFlow's moving averages), so
    // that the average does not keep the random start for thousands of steps.
    // Batch-norm statistics are copied: they describe the current weights.
    void updateAverage()
    {
        torch::NoGradGuard noGrad;
        const double t = double(steps);
        const double decay = std::min(options.emaDecay, (1.0 + t) / (10.0 + t));
        const auto source = generator->parameters();
        auto target = average->parameters();
        for (std::size_t i = 0; i < target.size(); ++i)
            target[i].mul_(decay).add_(source[i].detach(), 1.0 - decay);
        const auto sourceBuffers = generator->buffers();
        auto targetBuffers = average->buffers();
        for (std::size_t i = 0; i < targetBuffers.size(); ++i)
            targetBuffers[i].copy_(sourceBuffers[i]);
    }

    // The generator that makes images: the average when there is one.
    Generator& output() { return average ? average : generator; }

    // A copy of `from` whose batch-norm statistics are measured on its own
    // weights ("standing statistics", Brock et al. 2019): the running
    // statistics a network keeps in training describe the last few steps'
    // weights, and the moving average's are copied from the generator, so in
    // eval mode an averaged generator normalised with statistics of other
    // weights. A cumulative average over 1,024 images in batches of the
    // training batch size (at least 16 batches), from latents of a fixed seed,
    // so that saving is deterministic; generate() uses the same copy, so an
    // epoch's sample grid shows what the saved model will make.
    Generator withStandingStatistics(Generator& from)
    {
        constexpr int kStandingImages = 1024;
        const int batch = std::max(options.batchSize, 2);
        const int batches = std::max(16, (kStandingImages + batch - 1) / batch);
        constexpr std::uint64_t kStandingSeed = 0x5eed5eedULL;
        Generator copy(options);
        copy->to(device);
        copyInto(copy, from);
        std::vector<std::pair<torch::nn::BatchNorm2dImpl*, c10::optional<double>>> norms;
        for (auto& module : copy->modules(/*include_self=*/false))
            if (auto* norm = module->as<torch::nn::BatchNorm2d>()) {
                norms.emplace_back(norm, norm->options.momentum());
                norm->reset_running_stats();
                norm->options.momentum(c10::nullopt); // a cumulative average, not an exponential one
            }
        torch::NoGradGuard noGrad;
        copy->train();
        auto standing = at::make_generator<at::CPUGeneratorImpl>(kStandingSeed);
        for (int b = 0; b < batches; ++b)
            copy->forward(latent(batch, standing));
        for (auto& [norm, momentum] : norms)
            norm->options.momentum(momentum);
        copy->eval();
        return copy;
    }

    torch::Tensor augmented(const torch::Tensor& images)
    {
        return options.diffAugment ? diffAugment(images, random) : images;
    }

    // Uniform noise in [-1, 1] (the paper), drawn on the CPU from our generator
    // so that a run is reproducible on any device.
    torch::Tensor latent(int count, at::Generator& from)
    {
        return (torch::rand({count, options.latentSize}, from) * 2.0 - 1.0).to(device);
    }

    DcganOptions options;
    torch::Device device;
    at::Generator random;
    Generator generator;
    Discriminator discriminator;
    Generator average{nullptr}; // the weights' moving average, when options.emaDecay > 0
    torch::optim::Adam generatorOptimiser;
    torch::optim::Adam discriminatorOptimiser;
    std::int64_t steps = 0;
};

DcganTrainer::DcganTrainer(const DcganOptions& options, std::uint64_t seed, const std::string& device)
    : m(std::make_unique<Impl>(options, seed, device))
{
    assert(options.problems().empty());
}

DcganTrainer::~DcganTrainer() = default;

const DcganOptions& DcganTrainer::options() const { return m->options; }
std::int64_t DcganTrainer::steps() const { return m->steps; }

namespace {

// bfloat16 autocast on the CPU for one scope (LibTorch's C++ API has no guard).
class CpuAutocast {
public:
    explicit CpuAutocast(bool on) : m_on(on)
    {
        if (!m_on)
            return;
        m_wasEnabled = at::autocast::is_cpu_enabled();
        m_wasType = at::autocast::get_autocast_cpu_dtype();
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        at::autocast::set_cpu_enabled(true);
        at::autocast::increment_nesting();
    }
    ~CpuAutocast()
    {
        if (!m_on)
            return;
        if (at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
        at::autocast::set_cpu_enabled(m_wasEnabled);
        at::autocast::set_autocast_cpu_dtype(m_wasType);
    }
    CpuAutocast(const CpuAutocast&) = delete;
    CpuAutocast& operator=(const CpuAutocast&) = delete;

private:
    bool m_on = false;
    bool m_wasEnabled = false;
    at::ScalarType m_wasType = at::kBFloat16;
};

} // namespace

TrainStep DcganTrainer::step(std::span<const float> real, int count)
{
    const DcganOptions& o = m->options;
    const int s = o.resolution;
    assert(real.size() >= std::size_t(count) * std::size_t(s) * std::size_t(s));
    m->generator->train();
    m->discriminator->train();
    const bool bf16 = o.bfloat16 && m->device.is_cpu();
    const auto memoryFormat = bf16 ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    // [0, 1] -> [-1, 1], the range of the generator's tanh.
    auto x = torch::from_blob(const_cast<float*>(real.data()), {count, 1, s, s}, torch::kFloat32)
                 .to(m->device)
                 .mul(2.0)
                 .sub(1.0)
                 .contiguous(memoryFormat);
    const auto ones = torch::ones({count, 1}, torch::TensorOptions().device(m->device));
    const auto zeros = torch::zeros({count, 1}, torch::TensorOptions().device(m->device));
    // Losses in float whatever the autocast computed the logits in.
    auto bce = [](const torch::Tensor& logits, const torch::Tensor& target) {
        return torch::binary_cross_entropy_with_logits(logits.to(torch::kFloat32), target);
    };

    // Discriminator: real -> 1, created -> 0; R1 on the real images every r1Interval steps.
    const bool r1 = o.r1Weight > 0.0 && m->steps % o.r1Interval == 0;
    if (r1)
        x.requires_grad_(true);
    m->discriminatorOptimiser.zero_grad();
    torch::Tensor realLogits, fake, fakeLogits, dLoss, z;
    {
        CpuAutocast autocast(bf16);
        realLogits = m->discriminator->forward(m->augmented(x));
        z = m->latent(count, m->random);
        fake = m->generator->forward(z);
        fakeLogits = m->discriminator->forward(m->augmented(fake.detach()));
        dLoss = bce(realLogits, ones * o.realLabel) + bce(fakeLogits, zeros);
    }
    if (r1) {
        const auto gradient = torch::autograd::grad({realLogits.to(torch::kFloat32).sum()}, {x},
            /*grad_outputs=*/{}, /*retain_graph=*/true, /*create_graph=*/true)[0];
        dLoss = dLoss + gradient.pow(2).sum({1, 2, 3}).mean() * (0.5 * o.r1Weight * o.r1Interval);
    }
    dLoss.backward();
    m->discriminatorOptimiser.step();

    // Generator: make the discriminator say 1 (the non-saturating loss).
    m->generatorOptimiser.zero_grad();
    torch::Tensor gLoss, imageDistance;
    const int half = count / 2;
    {
        CpuAutocast autocast(bf16);
        gLoss = bce(m->discriminator->forward(m->augmented(fake)), ones);
        const auto fakeFloat = fake.to(torch::kFloat32);
        if (half > 0)
            imageDistance = (fakeFloat.narrow(0, 0, half) - fakeFloat.narrow(0, half, half)).abs().mean();
        if (o.modeSeekingWeight > 0.0) {
            const auto latentDistance = (z.narrow(0, 0, half) - z.narrow(0, half, half)).abs().mean();
            gLoss = gLoss + o.modeSeekingWeight / (imageDistance / latentDistance + 1e-5);
        }
    }
    gLoss.backward();
    m->generatorOptimiser.step();
    ++m->steps;
    if (m->average)
        m->updateAverage();

    TrainStep result;
    result.discriminatorLoss = dLoss.item<double>();
    result.generatorLoss = gLoss.item<double>();
    result.realScore = torch::sigmoid(realLogits.to(torch::kFloat32)).mean().item<double>();
    result.fakeScore = torch::sigmoid(fakeLogits.to(torch::kFloat32)).mean().item<double>();
    // Images span [-1, 1]: half a grey level per 1/255 of that range.
    result.createdSpread = half > 0 ? imageDistance.item<double>() * 127.5 : 0.0;
    return result;
}

std::vector<core::CreatedImage> DcganTrainer::generate(std::uint64_t seed, int count)
{
    auto measured = m->withStandingStatistics(m->output());
    return generateImages(measured, m->device, m->options.latentSize, m->options.resolution, seed, count);
}

namespace {

constexpr const char* kCheckpointFormat = "turing-reader-checkpoint";
// 2: the options beyond the paper and the generator's moving average.
constexpr std::int64_t kCheckpointVersion = 2;

core::Error checkpointError(core::ErrorCode code, const std::filesystem::path& path, std::string message,
    std::string detail = {})
{
    return core::Error{code, path.string(), std::move(message), std::move(detail)};
}

void writeOptions(torch::serialize::OutputArchive& a, const DcganOptions& o)
{
    a.write("options.resolution", std::int64_t{o.resolution});
    a.write("options.latentSize", std::int64_t{o.latentSize});
    a.write("options.generatorWidth", std::int64_t{o.generatorWidth});
    a.write("options.discriminatorWidth", std::int64_t{o.discriminatorWidth});
    a.write("options.kernelSize", std::int64_t{o.kernelSize});
    a.write("options.discriminatorFirstLayerBatchNorm", o.discriminatorFirstLayerBatchNorm);
    a.write("options.leakySlope", o.leakySlope);
    a.write("options.realLabel", o.realLabel);
    a.write("options.modeSeekingWeight", o.modeSeekingWeight);
    a.write("options.learningRate", o.learningRate);
    a.write("options.beta1", o.beta1);
    a.write("options.beta2", o.beta2);
    a.write("options.batchSize", std::int64_t{o.batchSize});
    a.write("options.upsampling", std::string(upsamplingName(o.upsampling)));
    a.write("options.emaDecay", o.emaDecay);
    a.write("options.diffAugment", o.diffAugment);
    a.write("options.r1Weight", o.r1Weight);
    a.write("options.r1Interval", std::int64_t{o.r1Interval});
    a.write("options.bfloat16", o.bfloat16);
}

DcganOptions readOptions(torch::serialize::InputArchive& a)
{
    auto integer = [&](const char* key) {
        c10::IValue v;
        a.read(key, v);
        return static_cast<int>(v.toInt());
    };
    auto real = [&](const char* key) {
        c10::IValue v;
        a.read(key, v);
        return v.toDouble();
    };
    DcganOptions o;
    o.resolution = integer("options.resolution");
    o.latentSize = integer("options.latentSize");
    o.generatorWidth = integer("options.generatorWidth");
    o.discriminatorWidth = integer("options.discriminatorWidth");
    o.kernelSize = integer("options.kernelSize");
    c10::IValue flag;
    a.read("options.discriminatorFirstLayerBatchNorm", flag);
    o.discriminatorFirstLayerBatchNorm = flag.toBool();
    o.leakySlope = real("options.leakySlope");
    c10::IValue label;
    o.realLabel = a.try_read("options.realLabel", label) ? label.toDouble() : 1.0;
    c10::IValue modeSeeking;
    o.modeSeekingWeight = a.try_read("options.modeSeekingWeight", modeSeeking) ? modeSeeking.toDouble() : 0.0;
    o.learningRate = real("options.learningRate");
    o.beta1 = real("options.beta1");
    o.beta2 = real("options.beta2");
    o.batchSize = integer("options.batchSize");
    // Version 2 on; a version-1 checkpoint has the paper's values.
    c10::IValue v;
    if (a.try_read("options.upsampling", v)) {
        const auto upsampling = upsamplingFromName(v.toStringRef());
        if (!upsampling)
            throw std::runtime_error("the upsampling '" + v.toStringRef() + "' is not one this version knows");
        o.upsampling = *upsampling;
    }
    if (a.try_read("options.emaDecay", v))
        o.emaDecay = v.toDouble();
    if (a.try_read("options.diffAugment", v))
        o.diffAugment = v.toBool();
    if (a.try_read("options.r1Weight", v))
        o.r1Weight = v.toDouble();
    if (a.try_read("options.r1Interval", v))
        o.r1Interval = static_cast<int>(v.toInt());
    if (a.try_read("options.bfloat16", v))
        o.bfloat16 = v.toBool();
    return o;
}

} // namespace

core::Result<void> DcganTrainer::saveCheckpoint(const std::filesystem::path& path, const RunState& state) const
{
    const std::filesystem::path part = path.string() + ".part";
    try {
        torch::serialize::OutputArchive archive;
        archive.write("format", std::string(kCheckpointFormat));
        archive.write("version", kCheckpointVersion);
        writeOptions(archive, m->options);
        torch::serialize::OutputArchive g, d, gOpt, dOpt;
        m->generator->save(g);
        m->discriminator->save(d);
        m->generatorOptimiser.save(gOpt);
        m->discriminatorOptimiser.save(dOpt);
        archive.write("generator", g);
        archive.write("discriminator", d);
        archive.write("generatorOptimiser", gOpt);
        archive.write("discriminatorOptimiser", dOpt);
        if (m->average) {
            torch::serialize::OutputArchive average;
            m->average->save(average);
            archive.write("generatorAverage", average);
        }
        archive.write("steps", m->steps);
        archive.write("latentRandomState", m->random.get_state());
        archive.write("run.seed", static_cast<std::int64_t>(state.seed));
        archive.write("run.epoch", state.epoch);
        archive.write("run.positionInEpoch", state.positionInEpoch);
        archive.write("run.data", state.data);
        archive.save_to(part.string());
    } catch (const c10::Error& e) {
        return checkpointError(core::ErrorCode::Io, part,
            "The checkpoint could not be written; check the disk space and the folder's permissions.",
            e.what_without_backtrace());
    }
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec)
        return checkpointError(core::ErrorCode::Io, path, "The checkpoint could not be put in place: " + ec.message());
    return {};
}

core::Result<std::unique_ptr<DcganTrainer>> DcganTrainer::loadCheckpoint(
    const std::filesystem::path& path, RunState& state, const std::string& device)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return checkpointError(core::ErrorCode::NotFound, path, "No checkpoint file here. Check the path.");
    if (const auto problem = archiveProblem(path))
        return checkpointError(core::ErrorCode::Corrupt, path,
            "The checkpoint is damaged or not a Turing Reader checkpoint: " + *problem
                + ". Resume from an earlier checkpoint.");
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path.string());
        if (const auto problem = loadedTensorProblem(archive))
            return checkpointError(core::ErrorCode::Corrupt, path,
                "The checkpoint is damaged or not a Turing Reader checkpoint: " + *problem + ". Resume from an earlier checkpoint.");
        c10::IValue format, version;
        if (!archive.try_read("format", format) || !format.isString()
            || format.toStringRef() != kCheckpointFormat)
            return checkpointError(core::ErrorCode::UnsupportedFormat, path,
                "This is not a Turing Reader training checkpoint.");
        archive.read("version", version);
        if (version.toInt() > kCheckpointVersion)
            return checkpointError(core::ErrorCode::UnsupportedFormat, path,
                "This checkpoint was written by a newer Turing Reader (format " + std::to_string(version.toInt())
                    + "); update to resume it.");
        const DcganOptions options = readOptions(archive);
        if (const auto problems = options.problems(); !problems.empty())
            return checkpointError(core::ErrorCode::Corrupt, path, "The checkpoint's options are invalid: " + problems.front());
        c10::IValue seed, epoch, position, data, steps;
        archive.read("run.seed", seed);
        archive.read("run.epoch", epoch);
        archive.read("run.positionInEpoch", position);
        archive.read("run.data", data);
        archive.read("steps", steps);
        auto trainer = std::make_unique<DcganTrainer>(options, static_cast<std::uint64_t>(seed.toInt()), device);
        torch::serialize::InputArchive g, d, gOpt, dOpt;
        archive.read("generator", g);
        archive.read("discriminator", d);
        archive.read("generatorOptimiser", gOpt);
        archive.read("discriminatorOptimiser", dOpt);
        trainer->m->generator->load(g);
        trainer->m->discriminator->load(d);
        trainer->m->generatorOptimiser.load(gOpt);
        trainer->m->discriminatorOptimiser.load(dOpt);
        if (trainer->m->average) {
            torch::serialize::InputArchive average;
            archive.read("generatorAverage", average);
            trainer->m->average->load(average);
            trainer->m->average->to(trainer->m->device);
        }
        torch::Tensor randomState;
        archive.read("latentRandomState", randomState);
        trainer->m->random.set_state(randomState);
        trainer->m->generator->to(trainer->m->device);
        trainer->m->discriminator->to(trainer->m->device);
        trainer->m->steps = steps.toInt();
        state.seed = static_cast<std::uint64_t>(seed.toInt());
        state.epoch = epoch.toInt();
        state.positionInEpoch = position.toInt();
        state.data = data.toStringRef();
        return trainer;
    } catch (const c10::Error& e) {
        return checkpointError(core::ErrorCode::Corrupt, path,
            "The checkpoint cannot be read: it is damaged or truncated. Resume from an earlier checkpoint.",
            e.what_without_backtrace());
    } catch (const std::exception& e) {
        return checkpointError(core::ErrorCode::Corrupt, path,
            "The checkpoint cannot be read: it is damaged or truncated. Resume from an earlier checkpoint.", e.what());
    }
}

void DcganTrainer::saveGenerator(torch::serialize::OutputArchive& archive, SavedWeights which) const
{
    m->withStandingStatistics(which == SavedWeights::Raw ? m->generator : m->output())->save(archive);
}

std::vector<float> DcganTrainer::weights() const
{
    std::vector<float> out;
    for (torch::nn::Module* module : {static_cast<torch::nn::Module*>(m->generator.get()),
             static_cast<torch::nn::Module*>(m->discriminator.get())}) {
        for (const auto& t : module->parameters()) {
            const auto c = t.detach().cpu().contiguous();
            out.insert(out.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
        }
        for (const auto& t : module->buffers())
            if (t.scalar_type() == torch::kFloat32) {
                const auto c = t.cpu().contiguous();
                out.insert(out.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
            }
    }
    return out;
}

} // namespace tr::model
