#include "model/modelfile.h"

#include "core/sha256.h"
#include "model/dcgantrainer.h"
#include "model/networks.h"

#include <sstream>
#include <system_error>

namespace tr::model {

namespace {

constexpr const char* kModelFormat = "turing-reader-generator";
constexpr std::int64_t kModelVersion = 1;

core::Error modelError(core::ErrorCode code, const std::filesystem::path& path, std::string message, std::string detail = {})
{
    return core::Error{code, path.string(), std::move(message), std::move(detail)};
}

// SHA-256 over the raw bytes of every parameter and buffer, in module order.
std::string weightsDigest(torch::nn::Module& module)
{
    std::vector<std::uint8_t> bytes;
    auto add = [&](const torch::Tensor& t) {
        const auto c = t.detach().cpu().contiguous();
        const auto* p = static_cast<const std::uint8_t*>(c.data_ptr());
        bytes.insert(bytes.end(), p, p + c.nbytes());
    };
    for (const auto& t : module.parameters())
        add(t);
    for (const auto& t : module.buffers())
        add(t);
    return core::sha256Hex(bytes);
}

} // namespace

struct GeneratorModel::Impl {
    ModelInfo info;
    torch::Device device{torch::kCPU};
    Generator generator{nullptr};
};

GeneratorModel::GeneratorModel() : m(std::make_unique<Impl>()) {}
GeneratorModel::GeneratorModel(GeneratorModel&&) noexcept = default;
GeneratorModel& GeneratorModel::operator=(GeneratorModel&&) noexcept = default;
GeneratorModel::~GeneratorModel() = default;
const ModelInfo& GeneratorModel::info() const { return m->info; }

std::vector<CreatedImage> GeneratorModel::generate(std::uint64_t seed, int count)
{
    return generateImages(m->generator, m->device, m->info.options.latentSize, m->info.options.resolution, seed, count);
}

std::vector<CreatedImage> GeneratorModel::regenerate(const std::vector<std::uint64_t>& imageSeeds)
{
    return regenerateImages(m->generator, m->device, m->info.options.latentSize, m->info.options.resolution, imageSeeds);
}

namespace {

std::string trainingLine(const DcganOptions& o)
{
    std::ostringstream line;
    line << "batch " << o.batchSize << ", Adam lr " << o.learningRate << " (beta1 " << o.beta1 << ", beta2 " << o.beta2
         << "), mode-seeking weight " << o.modeSeekingWeight << ", real label " << o.realLabel
         << ", discriminator first-layer batch norm " << (o.discriminatorFirstLayerBatchNorm ? "yes" : "no")
         << ", leaky ReLU slope " << o.leakySlope << ", discriminator width " << o.discriminatorWidth;
    return line.str();
}

} // namespace

core::Result<void> saveModel(const std::filesystem::path& path, const DcganTrainer& trainer, ModelInfo info)
{
    const std::filesystem::path part = path.string() + ".part";
    try {
        // A copy of the generator on the CPU, so the digest is the same wherever it trained.
        torch::serialize::OutputArchive weights;
        trainer.saveGenerator(weights);
        std::ostringstream buffer;
        weights.save_to(buffer);
        std::istringstream in(buffer.str());
        torch::serialize::InputArchive reread;
        reread.load_from(in, torch::Device(torch::kCPU));
        Generator generator(trainer.options());
        generator->load(reread);
        info.options = trainer.options();
        info.training = trainingLine(info.options);
        info.weightsSha256 = weightsDigest(*generator);

        torch::serialize::OutputArchive archive;
        archive.write("format", std::string(kModelFormat));
        archive.write("version", kModelVersion);
        archive.write("resolution", std::int64_t{info.options.resolution});
        archive.write("latentSize", std::int64_t{info.options.latentSize});
        archive.write("generatorWidth", std::int64_t{info.options.generatorWidth});
        archive.write("kernelSize", std::int64_t{info.options.kernelSize});
        archive.write("trainingData", info.trainingData);
        archive.write("epochs", info.epochs);
        archive.write("imagesSeen", info.imagesSeen);
        archive.write("seed", static_cast<std::int64_t>(info.seed));
        archive.write("device", info.device);
        archive.write("libraries", info.libraries);
        archive.write("intensity", info.intensity);
        archive.write("training", info.training);
        archive.write("weightsSha256", info.weightsSha256);
        torch::serialize::OutputArchive stored;
        generator->save(stored);
        archive.write("generator", stored);
        archive.save_to(part.string());
    } catch (const c10::Error& e) {
        return modelError(core::ErrorCode::Io, path, "The model file could not be written; check the disk and folder.",
            e.what_without_backtrace());
    }
    std::error_code ec;
    std::filesystem::rename(part, path, ec);
    if (ec)
        return modelError(core::ErrorCode::Io, path, "The model file could not be put in place: " + ec.message());
    return {};
}

core::Result<GeneratorModel> GeneratorModel::load(const std::filesystem::path& path, const std::string& device)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return modelError(core::ErrorCode::NotFound, path, "No model file here. Check the path.");
    GeneratorModel model;
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path.string());
        c10::IValue v;
        if (!archive.try_read("format", v) || !v.isString() || v.toStringRef() != kModelFormat)
            return modelError(core::ErrorCode::UnsupportedFormat, path,
                "This is not a Turing Reader generator model (a training checkpoint? use 'train --resume' for "
                "those).");
        archive.read("version", v);
        if (v.toInt() > kModelVersion)
            return modelError(core::ErrorCode::UnsupportedFormat, path,
                "This model was written by a newer Turing Reader (format " + std::to_string(v.toInt())
                    + "); update to use it.");
        auto integer = [&](const char* key) {
            c10::IValue x;
            archive.read(key, x);
            return x.toInt();
        };
        auto text = [&](const char* key) {
            c10::IValue x;
            archive.read(key, x);
            return x.toStringRef();
        };
        ModelInfo& info = model.m->info;
        info.options.resolution = int(integer("resolution"));
        info.options.latentSize = int(integer("latentSize"));
        info.options.generatorWidth = int(integer("generatorWidth"));
        info.options.kernelSize = int(integer("kernelSize"));
        if (const auto problems = info.options.problems(); !problems.empty())
            return modelError(core::ErrorCode::Corrupt, path, "The model's settings are invalid: " + problems.front());
        info.trainingData = text("trainingData");
        info.epochs = integer("epochs");
        info.imagesSeen = integer("imagesSeen");
        info.seed = static_cast<std::uint64_t>(integer("seed"));
        info.device = text("device");
        info.libraries = text("libraries");
        info.intensity = text("intensity");
        if (c10::IValue training; archive.try_read("training", training) && training.isString())
            info.training = training.toStringRef(); // absent in files written before it was kept
        info.weightsSha256 = text("weightsSha256");
        model.m->generator = Generator(info.options);
        torch::serialize::InputArchive weights;
        archive.read("generator", weights);
        model.m->generator->load(weights);
        if (weightsDigest(*model.m->generator) != info.weightsSha256)
            return modelError(core::ErrorCode::Corrupt, path,
                "The weights do not match their recorded SHA-256: the file was altered or damaged. Use a fresh copy.");
        model.m->device = device == "cuda" ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
        model.m->generator->to(model.m->device);
    } catch (const c10::Error& e) {
        return modelError(core::ErrorCode::Corrupt, path,
            "The model file cannot be read: it is damaged, truncated or does not fit this network. Use a fresh copy.",
            e.what_without_backtrace());
    } catch (const std::exception& e) {
        return modelError(core::ErrorCode::Corrupt, path,
            "The model file cannot be read: it is damaged or truncated. Use a fresh copy.", e.what());
    }
    return model;
}

} // namespace tr::model
