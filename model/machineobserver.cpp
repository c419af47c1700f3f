#include "model/machineobserver.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tr::model {

namespace {

// Four blocks of 3 x 3 convolution, batch norm, LeakyReLU and 2 x 2 max pooling
// (w, 2w, 4w, 8w channels), global average pooling and a linear logit.
torch::nn::Sequential observerNetwork(int width)
{
    torch::nn::Sequential net;
    int in = 1;
    for (int block = 0; block < 4; ++block) {
        const int out = width << block;
        net->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
        net->push_back(torch::nn::BatchNorm2d(out));
        net->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
        net->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));
        in = out;
    }
    net->push_back(torch::nn::AdaptiveAvgPool2d(torch::nn::AdaptiveAvgPool2dOptions(1)));
    net->push_back(torch::nn::Flatten());
    net->push_back(torch::nn::Linear(in, 1));
    return net;
}

// Images [N, 1, S, S] in [-1, 1] and labels [N, 1] (1: created), on the CPU.
std::pair<torch::Tensor, torch::Tensor> tensors(const LabelledImages& set, int side)
{
    const auto n = std::int64_t(set.images.size());
    const auto pixels = std::size_t(side) * std::size_t(side);
    auto images = torch::empty({n, 1, side, side}, torch::kUInt8);
    auto* data = images.data_ptr<std::uint8_t>();
    for (std::int64_t i = 0; i < n; ++i)
        std::copy_n(set.images[std::size_t(i)]->data(), pixels, data + std::size_t(i) * pixels);
    auto labels = torch::empty({n, 1}, torch::kFloat32);
    auto* label = labels.data_ptr<float>();
    for (std::int64_t i = 0; i < n; ++i)
        label[i] = set.created[std::size_t(i)] ? 1.0f : 0.0f;
    return {images.to(torch::kFloat32).div(127.5).sub(1.0), labels};
}

struct Scores {
    double loss = 0.0, accuracy = 0.0;
    std::vector<double> probability;
};

Scores score(torch::nn::Sequential& net, const torch::Tensor& images, const torch::Tensor& labels,
    const torch::Device& device)
{
    torch::NoGradGuard noGrad;
    net->eval();
    Scores s;
    const auto n = images.size(0);
    if (n == 0)
        return s;
    double lossSum = 0.0;
    std::int64_t correct = 0;
    for (std::int64_t first = 0; first < n; first += 256) {
        const auto count = std::min<std::int64_t>(256, n - first);
        const auto x = images.narrow(0, first, count).to(device);
        const auto y = labels.narrow(0, first, count).to(device);
        const auto logits = net->forward(x);
        lossSum += torch::binary_cross_entropy_with_logits(logits, y, {}, {}, at::Reduction::Sum).item<double>();
        const auto p = torch::sigmoid(logits).to(torch::kCPU, torch::kFloat64).contiguous();
        const auto yc = y.to(torch::kCPU).contiguous();
        const double* prob = p.data_ptr<double>();
        const float* truth = yc.data_ptr<float>();
        for (std::int64_t i = 0; i < count; ++i) {
            s.probability.push_back(prob[i]);
            correct += (prob[i] > 0.5) == (truth[i] > 0.5f) ? 1 : 0;
        }
    }
    s.loss = lossSum / double(n);
    s.accuracy = double(correct) / double(n);
    return s;
}

std::vector<torch::Tensor> snapshot(torch::nn::Module& net)
{
    std::vector<torch::Tensor> copy;
    for (const auto& p : net.parameters())
        copy.push_back(p.detach().clone());
    for (const auto& b : net.buffers())
        copy.push_back(b.detach().clone());
    return copy;
}

void restore(torch::nn::Module& net, const std::vector<torch::Tensor>& copy)
{
    torch::NoGradGuard noGrad;
    std::size_t k = 0;
    for (auto& p : net.parameters())
        p.copy_(copy[k++]);
    for (auto& b : net.buffers())
        b.copy_(copy[k++]);
}

} // namespace

core::Result<MachineObserverOutcome> runMachineObserver(int side, const LabelledImages& train,
    const LabelledImages& validation, const LabelledImages& test, const MachineObserverSettings& settings,
    const std::function<void(const MachineObserverProgress&)>& progress, const std::atomic<bool>& stop)
{
    if (side < 16 || side % 16 != 0)
        return core::Error{core::ErrorCode::InvalidArgument, "resolution",
            "The machine observer needs images of a side divisible by 16 (64, 128 or 256 pixels).", {}};
    if (train.images.size() < 2 || validation.images.empty() || test.images.empty())
        return core::Error{core::ErrorCode::InvalidArgument, "images",
            "The machine observer needs training, validation and test images of both sources.", {}};
    const torch::Device device(settings.device);
    torch::manual_seed(settings.seed);
    auto net = observerNetwork(settings.width);
    net->to(device);
    torch::optim::Adam optimiser(
        net->parameters(), torch::optim::AdamOptions(settings.learningRate).weight_decay(settings.weightDecay));

    const auto [trainX, trainY] = tensors(train, side);
    const auto [validX, validY] = tensors(validation, side);
    const auto [testX, testY] = tensors(test, side);
    auto random = at::make_generator<at::CPUGeneratorImpl>(settings.seed);

    MachineObserverOutcome outcome;
    outcome.architecture = "CNN: 4 blocks of 3x3 conv, batch norm, LeakyReLU 0.2, 2x2 max pool (" + std::to_string(settings.width)
        + "-" + std::to_string(settings.width * 8) + " channels), global average pool, linear; Adam "
        + std::to_string(settings.learningRate).substr(0, 6) + ", random left-right flips";
    double bestLoss = std::numeric_limits<double>::infinity();
    std::vector<torch::Tensor> best = snapshot(*net);
    const auto n = trainX.size(0);
    for (int epoch = 1; epoch <= settings.maxEpochs; ++epoch) {
        net->train();
        const auto order = torch::randperm(n, random);
        for (std::int64_t first = 0; first + 1 < n; first += settings.batchSize) {
            if (stop) {
                MachineObserverOutcome stopped;
                stopped.stopped = true;
                return stopped;
            }
            // Batch norm needs two images; a last batch of one joins nothing.
            const auto count = std::min<std::int64_t>(settings.batchSize, n - first);
            if (count < 2)
                break;
            const auto index = order.narrow(0, first, count);
            auto x = trainX.index_select(0, index);
            const auto y = trainY.index_select(0, index);
            // Left-right flips of a random half: the grid's real images come
            // flipped and unflipped, so handedness must not be a cue.
            const auto flip = torch::rand({count}, random) < 0.5;
            x = torch::where(flip.view({count, 1, 1, 1}), x.flip({3}), x);
            const auto loss = torch::binary_cross_entropy_with_logits(net->forward(x.to(device)), y.to(device));
            optimiser.zero_grad();
            loss.backward();
            optimiser.step();
        }
        const Scores v = score(net, validX, validY, device);
        outcome.epochs = epoch;
        if (progress)
            progress({epoch, settings.maxEpochs, v.loss, v.accuracy});
        if (v.loss < bestLoss - 1e-4) {
            bestLoss = v.loss;
            best = snapshot(*net);
            outcome.bestEpoch = epoch;
            outcome.validationAccuracy = v.accuracy;
        } else if (epoch - outcome.bestEpoch >= settings.patience) {
            break;
        }
    }
    restore(*net, best);
    outcome.trainingAccuracy = score(net, trainX, trainY, device).accuracy;
    outcome.testProbabilityCreated = score(net, testX, testY, device).probability;
    return outcome;
}

} // namespace tr::model
