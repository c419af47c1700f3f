#include "gui/modelbridge.h"

#include "model/computedevice.h"
#include "model/defaultmodel.h"
#include "model/realismevaluation.h"

namespace tr::gui {

QString modelDescription(const model::ModelInfo& info)
{
    return QString::fromStdString("trained on " + info.trainingData + "; " + std::to_string(info.epochs)
        + (info.epochs == 1 ? " epoch, " : " epochs, ")
        + std::to_string(info.imagesSeen) + " images seen, seed " + std::to_string(info.seed) + ", " + info.device + ", "
        + info.libraries + (info.training.empty() ? std::string() : "; " + info.training));
}

studies::GeneratedBatch toBatch(const model::ModelInfo& info, std::vector<model::CreatedImage> images)
{
    studies::GeneratedBatch batch;
    batch.modelSha256 = QString::fromStdString(info.weightsSha256);
    batch.resolution = int(info.options.resolution);
    batch.modelDescription = modelDescription(info);
    for (auto& image : images)
        batch.images.push_back({image.seed, std::move(image.latent), std::move(image.pixels)});
    return batch;
}

core::Result<studies::GeneratedBatch> generateBatch(
    const std::string& name, int count, std::uint64_t seed, const std::string& device)
{
    const std::filesystem::path path = name == model::kDefaultModelName ? model::defaultModelPath() : std::filesystem::path(name);
    if (path.empty())
        return core::Error{core::ErrorCode::NotFound, name,
            "No default generator is installed here; give a model file with --model.", {}};
    auto generator = model::GeneratorModel::load(path, device);
    if (!generator)
        return generator.error();
    return toBatch(generator->info(), generator->generate(seed, count));
}

core::Result<core::RealismReport> evaluateRealism(const core::RealismInput& input,
    const studies::RealismRequest& request, const studies::RealismProgress& progress, const std::atomic<bool>& stop)
{
    auto device = model::resolveDevice(request.device);
    if (!device)
        return device.error();
    model::RealismSettings settings;
    settings.seed = request.seed;
    settings.observer.seed = request.seed;
    settings.observer.device = *device;
    settings.runObserver = request.observer;
    return model::evaluateRealism(input, settings, [&](const model::RealismProgress& p) {
        if (progress)
            progress(p.stage, p.fraction);
    }, stop);
}

} // namespace tr::gui
