#include "model/networks.h"

#include "core/presentation.h"
#include "core/splitmix64.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>

namespace tr::model {

GeneratorImpl::GeneratorImpl(const DcganOptions& o)
    : m_resize(o.upsampling == DcganOptions::Upsampling::ResizeConvolution), m_side(o.resolution / 16),
      m_channels(8 * o.generatorWidth)
{
    project = register_module("project", torch::nn::Linear(o.latentSize, m_channels * m_side * m_side));
    projectNorm = register_module("projectNorm", torch::nn::BatchNorm2d(m_channels));
    deconvolutions = register_module(m_resize ? "upconvolutions" : "deconvolutions", torch::nn::ModuleList());
    norms = register_module("norms", torch::nn::ModuleList());
    const int pad = o.kernelSize / 2;
    int in = m_channels;
    for (int layer = 0; layer < 4; ++layer) {
        const int out = layer < 3 ? in / 2 : 1;
        if (m_resize)
            deconvolutions->push_back(
                torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, o.kernelSize).stride(1).padding(pad)));
        else
            deconvolutions->push_back(torch::nn::ConvTranspose2d(
                torch::nn::ConvTranspose2dOptions(in, out, o.kernelSize).stride(2).padding(pad).output_padding(1)));
        if (layer < 3)
            norms->push_back(torch::nn::BatchNorm2d(out));
        in = out;
    }
}

torch::Tensor GeneratorImpl::forward(const torch::Tensor& z)
{
    auto x = project->forward(z).view({z.size(0), m_channels, m_side, m_side});
    x = torch::relu(projectNorm->forward(x));
    for (std::size_t layer = 0; layer < deconvolutions->size(); ++layer) {
        if (m_resize)
            x = deconvolutions[layer]->as<torch::nn::Conv2d>()->forward(
                torch::nn::functional::interpolate(x, torch::nn::functional::InterpolateFuncOptions()
                                                          .scale_factor(std::vector<double>{2.0, 2.0})
                                                          .mode(torch::kNearest)));
        else
            x = deconvolutions[layer]->as<torch::nn::ConvTranspose2d>()->forward(x);
        if (layer + 1 < deconvolutions->size())
            x = torch::relu(norms[layer]->as<torch::nn::BatchNorm2d>()->forward(x));
    }
    return torch::tanh(x);
}

DiscriminatorImpl::DiscriminatorImpl(const DcganOptions& o) : m_slope(o.leakySlope)
{
    convolutions = register_module("convolutions", torch::nn::ModuleList());
    norms = register_module("norms", torch::nn::ModuleList());
    const int pad = o.kernelSize / 2;
    int in = 1;
    int out = o.discriminatorWidth;
    for (int layer = 0; layer < 4; ++layer) {
        convolutions->push_back(
            torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, o.kernelSize).stride(2).padding(pad)));
        if (layer == 0 && !o.discriminatorFirstLayerBatchNorm)
            norms->push_back(torch::nn::Identity());
        else
            norms->push_back(torch::nn::BatchNorm2d(out));
        in = out;
        out *= 2;
    }
    const int side = o.resolution / 16;
    logit = register_module("logit", torch::nn::Linear(in * side * side, 1));
}

torch::Tensor DiscriminatorImpl::forward(const torch::Tensor& image)
{
    auto x = image;
    for (std::size_t layer = 0; layer < convolutions->size(); ++layer) {
        x = convolutions[layer]->as<torch::nn::Conv2d>()->forward(x);
        if (auto* norm = norms[layer]->as<torch::nn::BatchNorm2d>())
            x = norm->forward(x);
        x = torch::leaky_relu(x, m_slope);
    }
    return logit->forward(x.flatten(1));
}

std::vector<core::CreatedImage> generateImages(
    Generator& generator, const torch::Device& device, int latentSize, int side, std::uint64_t seed, int count)
{
    std::vector<std::uint64_t> seeds;
    for (int i = 0; i < count; ++i)
        seeds.push_back(core::imageSeed(seed, std::uint64_t(i)));
    return regenerateImages(generator, device, latentSize, side, seeds);
}

std::vector<core::CreatedImage> regenerateImages(Generator& generator, const torch::Device& device, int latentSize,
    int side, const std::vector<std::uint64_t>& imageSeeds)
{
    torch::NoGradGuard noGrad;
    generator->eval();
    std::vector<core::CreatedImage> out(imageSeeds.size());
    std::vector<torch::Tensor> latents;
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].seed = imageSeeds[i];
        auto random = at::make_generator<at::CPUGeneratorImpl>(out[i].seed);
        const auto z = torch::rand({latentSize}, random) * 2.0 - 1.0;
        out[i].latent.assign(z.data_ptr<float>(), z.data_ptr<float>() + latentSize);
        latents.push_back(z);
    }
    // In chunks: at 256 px one batch of 50 needs 0.4 GB for the last hidden
    // layer's output alone, and on the 2-core CPU it took 2.1 s where five
    // chunks of 10 took 0.8 s (tests/bench/bench_dcgan, before and after).
    // Each image depends on its own latent only (eval-mode batch norm); other
    // batch sizes change the floats by ~1e-7 (GEMM blocking), far below one
    // grey level.
    constexpr std::size_t kChunk = 10;
    const auto pixels = std::size_t(side) * std::size_t(side);
    const auto all = torch::stack(latents);
    for (std::size_t first = 0; first < out.size(); first += kChunk) {
        const auto count = std::min(kChunk, out.size() - first);
        const auto images =
            presentedGreys(generator->forward(all.narrow(0, std::int64_t(first), std::int64_t(count)).to(device)))
                .to(torch::kCPU)
                .contiguous();
        const auto* data = images.data_ptr<std::uint8_t>();
        for (std::size_t i = 0; i < count; ++i)
            out[first + i].pixels.assign(data + i * pixels, data + (i + 1) * pixels);
    }
    return out;
}

torch::Tensor presentedGreys(const torch::Tensor& output)
{
    const auto intensity = output.to(torch::kFloat32).add(1.0).mul(0.5);
    return intensity.sub(core::kPresentedBlack)
        .mul(core::kPresentedScale)
        .clamp(0.0, 1.0)
        .mul(255.0)
        .round()
        .to(torch::kUInt8);
}

void initialiseWeights(torch::nn::Module& module)
{
    torch::NoGradGuard noGrad;
    for (auto& m : module.modules(/*include_self=*/false)) {
        const std::string name = m->name();
        if (name.find("Conv") != std::string::npos || name.find("Linear") != std::string::npos) {
            for (auto& p : m->named_parameters(false)) {
                if (p.key() == "weight")
                    p.value().normal_(0.0, 0.02);
                else if (p.key() == "bias")
                    p.value().zero_();
            }
        } else if (name.find("BatchNorm") != std::string::npos) {
            for (auto& p : m->named_parameters(false)) {
                if (p.key() == "weight")
                    p.value().normal_(1.0, 0.02);
                else if (p.key() == "bias")
                    p.value().zero_();
            }
        }
    }
}

} // namespace tr::model
