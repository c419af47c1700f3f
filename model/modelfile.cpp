#include "model/modelfile.h"

#include "core/sha256.h"
#include "model/archivecheck.h"
#include "model/computedevice.h"
#include "model/dcgantrainer.h"
#include "model/networks.h"

#include <sstream>
#include <system_error>

namespace tr::model {

namespace {

constexpr const char* kModelFormat = "turing-reader-generator";
// 1: the digest covered the weights alone. 2: "contentSha256" covers every
// field the file states and the weights, so an edited description is caught too.
// 3: "upsampling" (transposed or resize-convolution), inside the digest.
constexpr std::int64_t kModelVersion = 3;

core::Error modelError(core::ErrorCode code, const std::filesystem::path& path, std::string message, std::string detail = {})
{
    return core::Error{code, path.string(), std::move(message), std::move(detail)};
}

// The raw bytes of every parameter and buffer, in module order.
std::vector<std::uint8_t> weightBytes(torch::nn::Module& module)
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
    return bytes;
}

std::string weightsDigest(torch::nn::Module& module)
{
    return core::sha256Hex(weightBytes(module));
}

// Every stated field, each as "key=length:value\n" (lengths keep one field's
// text from passing as another's), then the weights' bytes.
std::string contentDigest(const ModelInfo& info, torch::nn::Module& module)
{
    std::string text;
    auto field = [&](const char* key, const std::string& value) {
        text += key;
        text += '=' + std::to_string(value.size()) + ':' + value + '\n';
    };
    field("format", kModelFormat);
    field("version", std::to_string(info.formatVersion));
    field("resolution", std::to_string(info.options.resolution));
    field("latentSize", std::to_string(info.options.latentSize));
    field("generatorWidth", std::to_string(info.options.generatorWidth));
    field("kernelSize", std::to_string(info.options.kernelSize));
    if (info.formatVersion >= 3)
        field("upsampling", upsamplingName(info.options.upsampling));
    field("trainingData", info.trainingData);
    field("epochs", std::to_string(info.epochs));
    field("imagesSeen", std::to_string(info.imagesSeen));
    field("seed", std::to_string(info.seed));
    field("device", info.device);
    field("libraries", info.libraries);
    field("intensity", info.intensity);
    field("training", info.training);
    field("weightsSha256", info.weightsSha256);
    std::vector<std::uint8_t> bytes(text.begin(), text.end());
    const auto weights = weightBytes(module);
    bytes.insert(bytes.end(), weights.begin(), weights.end());
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

std::vector<core::CreatedImage> GeneratorModel::generate(std::uint64_t seed, int count)
{
    return generateImages(m->generator, m->device, m->info.options.latentSize, m->info.options.resolution, seed, count);
}

std::vector<core::CreatedImage> GeneratorModel::regenerate(const std::vector<std::uint64_t>& imageSeeds)
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
         << ", leaky ReLU slope " << o.leakySlope << ", discriminator width " << o.discriminatorWidth
         << ", weights' moving average ";
    if (o.emaDecay > 0.0)
        line << "decay " << o.emaDecay;
    else
        line << "off";
    line << ", DiffAugment " << (o.diffAugment ? "on" : "off") << ", R1 weight " << o.r1Weight << " every "
         << o.r1Interval << " steps, bfloat16 autocast " << (o.bfloat16 ? "on" : "off");
    return line.str();
}

} // namespace

core::Result<void> saveModel(const std::filesystem::path& path, const DcganTrainer& trainer, ModelInfo info,
    SavedWeights which)
{
    const std::filesystem::path part = path.string() + ".part";
    try {
        // A copy of the generator on the CPU, so the digest is the same wherever it trained.
        torch::serialize::OutputArchive weights;
        trainer.saveGenerator(weights, which);
        std::ostringstream buffer;
        weights.save_to(buffer);
        std::istringstream in(buffer.str());
        torch::serialize::InputArchive reread;
        reread.load_from(in, torch::Device(torch::kCPU));
        Generator generator(trainer.options());
        generator->load(reread);
        info.options = trainer.options();
        info.training = trainingLine(info.options);
        if (which == SavedWeights::Raw && info.options.emaDecay > 0.0)
            info.training += "; saved: the generator's own weights, not their moving average";
        info.weightsSha256 = weightsDigest(*generator);
        info.formatVersion = kModelVersion;
        info.contentSha256 = contentDigest(info, *generator);

        torch::serialize::OutputArchive archive;
        archive.write("format", std::string(kModelFormat));
        archive.write("version", kModelVersion);
        archive.write("resolution", std::int64_t{info.options.resolution});
        archive.write("latentSize", std::int64_t{info.options.latentSize});
        archive.write("generatorWidth", std::int64_t{info.options.generatorWidth});
        archive.write("kernelSize", std::int64_t{info.options.kernelSize});
        archive.write("upsampling", std::string(upsamplingName(info.options.upsampling)));
        archive.write("trainingData", info.trainingData);
        archive.write("epochs", info.epochs);
        archive.write("imagesSeen", info.imagesSeen);
        archive.write("seed", static_cast<std::int64_t>(info.seed));
        archive.write("device", info.device);
        archive.write("libraries", info.libraries);
        archive.write("intensity", info.intensity);
        archive.write("training", info.training);
        archive.write("weightsSha256", info.weightsSha256);
        archive.write("contentSha256", info.contentSha256);
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
    // The device is checked before the file: a missing GPU is not a damaged file.
    const auto resolved = resolveDevice(device);
    if (!resolved)
        return resolved.error();
    // LibTorch compiles an archive's code while loading it; only the forms we write get that far.
    if (const auto problem = archiveProblem(path))
        return modelError(core::ErrorCode::Corrupt, path,
            "The model file is damaged or not a Turing Reader model: " + *problem + ". Use a fresh copy.");
    GeneratorModel model;
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path.string());
        if (const auto problem = loadedTensorProblem(archive))
            return modelError(core::ErrorCode::Corrupt, path,
                "The model file is damaged or not a Turing Reader model: " + *problem + ". Use a fresh copy.");
        c10::IValue v;
        if (!archive.try_read("format", v) || !v.isString() || v.toStringRef() != kModelFormat)
            return modelError(core::ErrorCode::UnsupportedFormat, path,
                "This is not a Turing Reader generator model (a training checkpoint? use 'train --resume' for "
                "those).");
        if (!archive.try_read("version", v) || !v.isInt() || v.toInt() < 1)
            return modelError(core::ErrorCode::Corrupt, path, "The model file's version field is missing or not a whole number; the file is damaged. Use a fresh copy.");
        if (v.toInt() > kModelVersion)
            return modelError(core::ErrorCode::UnsupportedFormat, path,
                "This model was written by a newer Turing Reader (format " + std::to_string(v.toInt())
                    + "); update to use it.");
        const std::int64_t version = v.toInt();
        // Each field by name and type: a wrong type is a damaged file, named, not a c10 error.
        auto field = [&](const char* key, bool wantText) {
            c10::IValue x;
            if (!archive.try_read(key, x) || (wantText ? !x.isString() : !x.isInt()))
                throw std::runtime_error(std::string("the field '") + key + "' is missing or not " + (wantText ? "text" : "a whole number"));
            return x;
        };
        auto integer = [&](const char* key) { return field(key, false).toInt(); };
        auto text = [&](const char* key) { return field(key, true).toStringRef(); };
        ModelInfo& info = model.m->info;
        info.formatVersion = version;
        info.options.resolution = int(integer("resolution"));
        info.options.latentSize = int(integer("latentSize"));
        info.options.generatorWidth = int(integer("generatorWidth"));
        info.options.kernelSize = int(integer("kernelSize"));
        if (version >= 3) {
            const auto upsampling = upsamplingFromName(text("upsampling"));
            if (!upsampling)
                return modelError(core::ErrorCode::Corrupt, path,
                    "The model's field 'upsampling' is '" + text("upsampling")
                        + "', not 'transposed' or 'resize-convolution'; the file is damaged. Use a fresh copy.");
            info.options.upsampling = *upsampling;
        }
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
        if (version >= 2) {
            info.contentSha256 = text("contentSha256");
            if (contentDigest(info, *model.m->generator) != info.contentSha256)
                return modelError(core::ErrorCode::Corrupt, path,
                    "The file's description or weights do not match its recorded SHA-256: the file was altered or "
                    "damaged. Use a fresh copy.");
        }
        model.m->device = torch::Device(*resolved);
        model.m->generator->to(model.m->device);
    } catch (const c10::Error& e) {
        return modelError(core::ErrorCode::Corrupt, path,
            "The model file cannot be read: it is damaged, truncated or does not fit this network. Use a fresh copy.",
            e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
        return modelError(core::ErrorCode::TooLarge, path,
            "Not enough memory to load this model file; it may be damaged (declaring huge tensors). Use a fresh copy.");
    } catch (const std::exception& e) {
        return modelError(core::ErrorCode::Corrupt, path,
            std::string("The model file cannot be read: ") + e.what() + ". It is damaged or truncated; use a fresh copy.");
    }
    return model;
}

} // namespace tr::model

namespace tr::model {

std::string integrityStatement(const ModelInfo& info)
{
    if (!info.contentSha256.empty())
        return "the whole file (description and weights) matches its SHA-256 " + info.contentSha256
            + ": unchanged since it was written; this does not show who wrote it";
    return "the weights match their SHA-256 " + info.weightsSha256
        + "; the description is not covered (a format-1 file): trust it only as far as you trust the file's source";
}

} // namespace tr::model
