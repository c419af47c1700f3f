#include "model/dcgantrainer.h"

#include "model/networks.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cassert>
#include <cmath>

namespace tr::model {

struct DcganTrainer::Impl {
    Impl(const DcganOptions& o, std::uint64_t seed, const std::string& deviceName)
        : options(o), device(deviceName == "cuda" ? torch::kCUDA : torch::kCPU),
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

TrainStep DcganTrainer::step(std::span<const float> real, int count)
{
    const int s = m->options.resolution;
    assert(real.size() >= std::size_t(count) * std::size_t(s) * std::size_t(s));
    m->generator->train();
    m->discriminator->train();
    // [0, 1] -> [-1, 1], the range of the generator's tanh.
    auto x = torch::from_blob(const_cast<float*>(real.data()), {count, 1, s, s}, torch::kFloat32)
                 .to(m->device)
                 .mul(2.0)
                 .sub(1.0);
    const auto ones = torch::ones({count, 1}, torch::TensorOptions().device(m->device));
    const auto zeros = torch::zeros({count, 1}, torch::TensorOptions().device(m->device));

    // Discriminator: real -> 1, created -> 0.
    m->discriminatorOptimiser.zero_grad();
    const auto realLogits = m->discriminator->forward(x);
    const auto fake = m->generator->forward(m->latent(count, m->random));
    const auto fakeLogits = m->discriminator->forward(fake.detach());
    const auto dLoss = torch::binary_cross_entropy_with_logits(realLogits, ones)
        + torch::binary_cross_entropy_with_logits(fakeLogits, zeros);
    dLoss.backward();
    m->discriminatorOptimiser.step();

    // Generator: make the discriminator say 1 (the non-saturating loss).
    m->generatorOptimiser.zero_grad();
    const auto gLoss = torch::binary_cross_entropy_with_logits(m->discriminator->forward(fake), ones);
    gLoss.backward();
    m->generatorOptimiser.step();
    ++m->steps;

    TrainStep result;
    result.discriminatorLoss = dLoss.item<double>();
    result.generatorLoss = gLoss.item<double>();
    result.realScore = torch::sigmoid(realLogits).mean().item<double>();
    result.fakeScore = torch::sigmoid(fakeLogits).mean().item<double>();
    return result;
}

std::vector<std::vector<std::uint8_t>> DcganTrainer::generate(std::uint64_t seed, int count)
{
    torch::NoGradGuard noGrad;
    m->generator->eval();
    auto from = at::make_generator<at::CPUGeneratorImpl>(seed);
    const auto images = m->generator->forward(m->latent(count, from))
                            .add(1.0)
                            .mul(0.5)
                            .clamp(0.0, 1.0)
                            .mul(255.0)
                            .round()
                            .to(torch::kCPU, torch::kUInt8)
                            .contiguous();
    const auto pixels = std::size_t(m->options.resolution) * std::size_t(m->options.resolution);
    std::vector<std::vector<std::uint8_t>> out(static_cast<std::size_t>(count));
    const auto* data = images.data_ptr<std::uint8_t>();
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i].assign(data + i * pixels, data + (i + 1) * pixels);
    return out;
}

} // namespace tr::model
