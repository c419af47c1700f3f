#include "model/generatorsource.h"

#include "model/defaultmodel.h"
#include "model/realismevaluation.h"
#include "model/torchscriptgenerator.h"

namespace tr::model {

std::string modelDescription(const ModelInfo& info)
{
    return "trained on " + info.trainingData + "; " + std::to_string(info.epochs)
        + (info.epochs == 1 ? " epoch, " : " epochs, ") + std::to_string(info.imagesSeen) + " images seen, seed "
        + std::to_string(info.seed) + ", " + info.device + ", " + info.libraries
        + (info.training.empty() ? std::string() : "; " + info.training);
}

DcganSource::DcganSource(GeneratorModel model) : m_model(std::move(model))
{
    const ModelInfo& i = m_model.info();
    m_info.kind = "dcgan";
    m_info.sha256 = i.weightsSha256;
    m_info.resolution = int(i.options.resolution);
    m_info.description = modelDescription(i);
}

const core::CreatedImageSourceInfo& DcganSource::info() const
{
    return m_info;
}

core::Result<std::vector<core::CreatedImage>> DcganSource::create(
    int count, std::uint64_t seed, const std::atomic<bool>& stop)
{
    // In slices of 100 so that a stop is heard; image i's seed is
    // imageSeed(seed, i) whatever the slicing, so the images are the same.
    std::vector<std::uint64_t> seeds;
    std::vector<core::CreatedImage> out;
    for (int first = 0; first < count; first += 100) {
        if (stop)
            return core::Error{core::ErrorCode::InvalidArgument, "stopped", "Stopped before every image was made.", {}};
        seeds.clear();
        for (int i = first; i < std::min(count, first + 100); ++i)
            seeds.push_back(core::imageSeed(seed, std::uint64_t(i)));
        for (auto& image : m_model.regenerate(seeds))
            out.push_back(std::move(image));
    }
    return out;
}

core::Result<std::unique_ptr<core::CreatedImageSource>> openGeneratorSource(
    const std::string& source, const std::string& device)
{
    const std::filesystem::path path = source == kDefaultModelName ? defaultModelPath() : std::filesystem::path(source);
    if (path.empty())
        return core::Error{core::ErrorCode::NotFound, source,
            "No default generator is installed here; give a model file with --model.", {}};
    if (isTorchScriptPath(path)) {
        auto module = TorchScriptGenerator::load(path, device);
        if (!module)
            return module.error();
        return std::unique_ptr<core::CreatedImageSource>(std::move(*module));
    }
    auto model = GeneratorModel::load(path, device);
    if (!model)
        return model.error();
    return std::unique_ptr<core::CreatedImageSource>(std::make_unique<DcganSource>(std::move(*model)));
}

core::ModelLayer modelLayer()
{
    core::ModelLayer layer;
    layer.openGenerator = openGeneratorSource;
    layer.evaluateRealism = [](const core::RealismInput& input, const core::RealismOptions& options,
                                const core::RealismStageProgress& progress, const std::atomic<bool>& stop) {
        return evaluateRealism(input, options, progress, stop);
    };
    return layer;
}

} // namespace tr::model
