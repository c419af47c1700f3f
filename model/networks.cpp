#include "model/networks.h"

namespace tr::model {

GeneratorImpl::GeneratorImpl(const DcganOptions& o)
    : m_side(o.resolution / 16), m_channels(8 * o.generatorWidth)
{
    project = register_module("project", torch::nn::Linear(o.latentSize, m_channels * m_side * m_side));
    projectNorm = register_module("projectNorm", torch::nn::BatchNorm2d(m_channels));
    deconvolutions = register_module("deconvolutions", torch::nn::ModuleList());
    norms = register_module("norms", torch::nn::ModuleList());
    const int pad = o.kernelSize / 2;
    int in = m_channels;
    for (int layer = 0; layer < 4; ++layer) {
        const int out = layer < 3 ? in / 2 : 1;
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
