#include "model/torchscriptgenerator.h"

#include "core/presentation.h"
#include "core/sha256.h"
#include "model/computedevice.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

namespace tr::model {
namespace {

core::Error moduleError(const std::filesystem::path& path, std::string message, std::string detail = {})
{
    return core::Error{core::ErrorCode::UnsupportedFormat, path.string(), std::move(message), std::move(detail)};
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text;
    for (const auto d : shape)
        text += (text.empty() ? "" : " x ") + std::to_string(d);
    return text;
}

// The module's own description of itself (the header's attribute list).
core::Result<TorchScriptSettings> readSettings(const torch::jit::Module& module, const std::filesystem::path& path)
{
    TorchScriptSettings s;
    const auto fix = std::string(" Set it on the scripted module before saving (README, \"Bringing your own generator\").");
    if (module.hasattr("latent_shape")) {
        const auto value = module.attr("latent_shape");
        if (!value.isIntList())
            return moduleError(path, "Attribute latent_shape is not a list of integers." + fix);
        s.latentShape = value.toIntVector();
    } else if (module.hasattr("latent_size")) {
        const auto value = module.attr("latent_size");
        if (!value.isInt())
            return moduleError(path, "Attribute latent_size is not an integer." + fix);
        s.latentShape = {value.toInt()};
    } else {
        return moduleError(path, "The module has neither latent_size nor latent_shape, so the size of its input is "
                                 "unknown." + fix);
    }
    if (s.latentShape.empty() || std::any_of(s.latentShape.begin(), s.latentShape.end(),
                                      [](std::int64_t d) { return d < 1 || d > 65536; }))
        return moduleError(path, "The latent's shape " + shapeText(s.latentShape) + " is not one of 1 to 65,536 per "
                                 "dimension." + fix);
    if (module.hasattr("latent_distribution")) {
        const auto value = module.attr("latent_distribution");
        const std::string d = value.isString() ? value.toStringRef() : std::string();
        if (d != "normal" && d != "uniform")
            return moduleError(path, "Attribute latent_distribution must be \"normal\" or \"uniform\"." + fix);
        s.normalLatent = d == "normal";
    }
    if (module.hasattr("output_range")) {
        const auto value = module.attr("output_range");
        std::vector<double> range;
        if (value.isDoubleList())
            range = value.toDoubleVector();
        else if (value.isTuple())
            for (const auto& e : value.toTupleRef().elements())
                range.push_back(e.isDouble() ? e.toDouble() : e.isInt() ? double(e.toInt()) : NAN);
        if (range.size() != 2 || !std::isfinite(range[0]) || !std::isfinite(range[1]) || !(range[1] > range[0]))
            return moduleError(path, "Attribute output_range must be two numbers, black then white, e.g. [-1.0, 1.0]."
                + fix);
        s.outputLow = range[0];
        s.outputHigh = range[1];
    }
    return s;
}

} // namespace

bool isTorchScriptPath(const std::filesystem::path& path)
{
    const auto e = path.extension().string();
    return e == ".pt" || e == ".pth" || e == ".ts" || e == ".torchscript";
}

struct TorchScriptGenerator::Impl {
    torch::jit::Module module;
    torch::Device device = torch::kCPU;
    TorchScriptSettings settings;
    core::CreatedImageSourceInfo info;
    std::filesystem::path path;
    long long parameters = 0;

    torch::Tensor latents(const std::vector<std::uint64_t>& seeds, std::vector<core::CreatedImage>& out) const
    {
        std::vector<torch::Tensor> zs;
        for (std::size_t i = 0; i < seeds.size(); ++i) {
            auto random = at::make_generator<at::CPUGeneratorImpl>(seeds[i]);
            const auto z = settings.normalLatent ? torch::randn(settings.latentShape, random)
                                                 : torch::rand(settings.latentShape, random) * 2.0 - 1.0;
            out[i].seed = seeds[i];
            out[i].latent.assign(z.data_ptr<float>(), z.data_ptr<float>() + z.numel());
            zs.push_back(z);
        }
        return torch::stack(zs);
    }

    // forward() on a batch, with the output checked: N grey square images of
    // finite values within (a hair beyond) the declared range.
    core::Result<torch::Tensor> run(const torch::Tensor& z)
    {
        torch::NoGradGuard noGrad;
        torch::Tensor y;
        try {
            auto value = module.forward({z.to(device)});
            if (!value.isTensor())
                return moduleError(path, "forward() did not return a tensor; it must return the images as "
                                         "N x 1 x S x S.");
            y = value.toTensor().detach().to(torch::kCPU, torch::kFloat32);
        } catch (const std::exception& e) {
            return moduleError(path, "forward() failed on a batch of latents of shape " + shapeText(z.sizes().vec())
                    + ": check latent_size or latent_shape.", e.what());
        }
        const auto shape = y.sizes().vec();
        if (y.dim() == 4 && shape[1] != 1)
            return moduleError(path, "forward() returns " + std::to_string(shape[1]) + " channels (" + shapeText(shape)
                    + "); a study shows grey images: return one channel, N x 1 x S x S.");
        if (y.dim() == 4)
            y = y.squeeze(1);
        if (y.dim() != 3 || y.size(0) != z.size(0))
            return moduleError(path, "forward() returns " + shapeText(shape) + "; a study needs one 2D grey image per "
                    "latent, N x 1 x S x S (3D volumes are not images of a study: slice them first).");
        if (y.size(1) != y.size(2))
            return moduleError(path, "forward() returns " + std::to_string(y.size(2)) + " x " + std::to_string(y.size(1))
                    + " images; the real slices are square: crop or pad to S x S.");
        if (y.size(1) < 16 || y.size(1) > 1024)
            return moduleError(path, "forward() returns images of " + std::to_string(y.size(1)) + " px; use 16 to "
                    "1,024 px.");
        if (!torch::isfinite(y).all().item<bool>())
            return moduleError(path, "forward() returned values that are not finite (NaN or infinity).");
        const double low = y.min().item<double>(), high = y.max().item<double>();
        const double margin = 0.01 * (settings.outputHigh - settings.outputLow);
        if (low < settings.outputLow - margin || high > settings.outputHigh + margin) {
            std::ostringstream text;
            text << "forward() returned values from " << low << " to " << high << ", outside its output_range ["
                 << settings.outputLow << ", " << settings.outputHigh << "]: set output_range to what the module "
                 << "returns for black and white.";
            return moduleError(path, text.str());
        }
        return y;
    }
};

TorchScriptGenerator::TorchScriptGenerator() : m(std::make_unique<Impl>()) {}
TorchScriptGenerator::~TorchScriptGenerator() = default;

core::Result<std::unique_ptr<TorchScriptGenerator>> TorchScriptGenerator::load(
    const std::filesystem::path& path, const std::string& device)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return core::Error{core::ErrorCode::NotFound, path.string(), "No such TorchScript file.", {}};
    auto resolved = resolveDevice(device);
    if (!resolved)
        return resolved.error();
    std::unique_ptr<TorchScriptGenerator> g(new TorchScriptGenerator);
    Impl& m = *g->m;
    m.path = path;
    m.device = torch::Device(*resolved);
    try {
        m.module = torch::jit::load(path.string(), m.device);
    } catch (const std::exception& e) {
        return moduleError(path, "Not a TorchScript module LibTorch " TORCH_VERSION " can load: save it with "
                                 "torch.jit.script(model).save(FILE) or torch.jit.trace(...).save(FILE).", e.what());
    }
    m.module.eval();
    auto settings = readSettings(m.module, path);
    if (!settings)
        return settings.error();
    m.settings = *settings;
    for (const auto& p : m.module.parameters())
        m.parameters += p.numel();

    // One forward pass at load: what a pool of these images would be.
    std::vector<core::CreatedImage> probe(2);
    auto y = m.run(m.latents({core::imageSeed(0, 0), core::imageSeed(0, 1)}, probe));
    if (!y)
        return y.error();

    std::ifstream in(path, std::ios::binary);
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    m.info.kind = "torchscript";
    m.info.sha256 = core::sha256Hex(bytes);
    m.info.resolution = int(y->size(1));
    std::ostringstream d;
    d << "TorchScript module " << path.filename().string() << " (" << m.parameters << " parameters); latent "
      << shapeText(m.settings.latentShape) << ", " << (m.settings.normalLatent ? "normal" : "uniform in [-1, 1]")
      << "; output [" << m.settings.outputLow << ", " << m.settings.outputHigh << "] -> [0, 1], then the presentation "
      << "window";
    m.info.description = d.str();
    return g;
}

const core::CreatedImageSourceInfo& TorchScriptGenerator::info() const
{
    return m->info;
}

const TorchScriptSettings& TorchScriptGenerator::settings() const
{
    return m->settings;
}

long long TorchScriptGenerator::parameterCount() const
{
    return m->parameters;
}

core::Result<std::vector<core::CreatedImage>> TorchScriptGenerator::create(
    int count, std::uint64_t seed, const std::atomic<bool>& stop)
{
    std::vector<core::CreatedImage> out(std::size_t(std::max(count, 0)));
    // Chunks of 10, as for the product's own generator (networks.cpp): each
    // image depends on its own latent only in an eval-mode module.
    constexpr std::size_t kChunk = 10;
    const double scale = 1.0 / (m->settings.outputHigh - m->settings.outputLow);
    for (std::size_t first = 0; first < out.size(); first += kChunk) {
        if (stop)
            return core::Error{core::ErrorCode::InvalidArgument, "stopped", "Stopped before every image was made.", {}};
        const std::size_t n = std::min(kChunk, out.size() - first);
        std::vector<std::uint64_t> seeds;
        for (std::size_t i = 0; i < n; ++i)
            seeds.push_back(core::imageSeed(seed, first + i));
        std::vector<core::CreatedImage> chunk(n);
        auto y = m->run(m->latents(seeds, chunk));
        if (!y)
            return y.error();
        // Output range -> [0, 1] intensity, then the window every real slice
        // passes through (core/presentation.h), in float as presentGrey does.
        const auto intensity = (*y - m->settings.outputLow).mul(scale).contiguous();
        const auto side = std::size_t(intensity.size(1));
        const float* data = intensity.data_ptr<float>();
        for (std::size_t i = 0; i < n; ++i) {
            chunk[i].pixels.resize(side * side);
            core::presentGrey({data + i * side * side, side * side}, chunk[i].pixels);
            out[first + i] = std::move(chunk[i]);
        }
    }
    return out;
}

} // namespace tr::model
