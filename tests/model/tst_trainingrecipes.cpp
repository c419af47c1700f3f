// The training recipe beyond the paper (issue 14, section 3): resize-convolution
// upsampling, the generator's moving average, DiffAugment, R1, bfloat16
// autocast, the presets, and the presentation window the generator's images
// share with real slices (section 2).
#include "core/presentation.h"
#include "model/dcgantrainer.h"
#include "model/diffaugment.h"
#include "model/modelfile.h"
#include "model/networks.h"
#include "model/trainingpreset.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/autocast_mode.h>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <set>
#include <sstream>

using namespace tr::model;

namespace {

DcganOptions tiny()
{
    DcganOptions o;
    o.resolution = 64;
    o.generatorWidth = 8;
    o.discriminatorWidth = 8;
    o.batchSize = 8;
    return o;
}

// A bright disc on black, shifted a little per image and step: enough structure
// for the discriminator to have gradients.
std::vector<float> discs(int count, int step)
{
    std::vector<float> real(std::size_t(count) * 64 * 64, 0.0f);
    for (int n = 0; n < count; ++n)
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) {
                const double dx = x - 32 - (n + step) % 5, dy = y - 30 - n % 3;
                if (dx * dx + dy * dy < 400)
                    real[std::size_t(n) * 4096 + std::size_t(y) * 64 + std::size_t(x)] = 0.5f + 0.005f * float(x);
            }
    return real;
}

template <typename M>
int countOf(torch::nn::Module& root)
{
    int n = 0;
    for (auto& m : root.modules(false))
        n += m->as<M>() != nullptr;
    return n;
}

} // namespace

class TestTrainingRecipes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    // One intensity, one grey level, whichever source it comes from: the
    // generator's path (LibTorch) and the real slices' path (core) agree on
    // every value, and the window's ends are reachable by a tanh output.
    void bothSourcesShareOneWindow()
    {
        const auto tanhOutput = torch::linspace(-1.0, 1.0, 200001);
        const auto created = presentedGreys(tanhOutput);
        const auto intensity = tanhOutput.add(1.0).mul(0.5);
        const auto* g = created.data_ptr<std::uint8_t>();
        const auto* v = intensity.data_ptr<float>();
        int differ = 0;
        for (std::int64_t i = 0; i < created.numel(); ++i)
            differ += g[i] != tr::core::presentedGrey(v[i]);
        QCOMPARE(differ, 0);
        QCOMPARE(int(tr::core::presentedGrey(0.0f)), 0);
        QCOMPARE(int(tr::core::presentedGrey(2.4f / 255.0f)), 0);  // below the black point
        QVERIFY(tr::core::presentedGrey(3.0f / 255.0f) > 0);
        QCOMPARE(int(tr::core::presentedGrey(252.6f / 255.0f)), 255); // above the white point
        QCOMPARE(int(tr::core::presentedGrey(1.0f)), 255);
        QCOMPARE(int(tr::core::presentedGrey(-3.0f)), 0);
        QCOMPARE(int(tr::core::presentedGrey(0.5f)), 128);
        // tanh(-3) and tanh(3), an ordinary pre-activation, reach both ends.
        QCOMPARE(int(presentedGreys(torch::tanh(torch::full({1}, -3.0))).item<std::uint8_t>()), 0);
        QCOMPARE(int(presentedGreys(torch::tanh(torch::full({1}, 3.0))).item<std::uint8_t>()), 255);
        // Monotonic, and every level in between is used.
        std::set<int> levels;
        for (int i = 1; i < created.numel(); ++i) {
            QVERIFY(g[i] >= g[i - 1]);
            levels.insert(g[i]);
        }
        QCOMPARE(levels.size(), std::size_t{256});
    }

    void presetsAreAsDocumented()
    {
        const auto paper = trainingPreset("paper");
        QVERIFY(paper);
        QVERIFY(paper->options == DcganOptions{}); // the paper's values are DcganOptions' defaults
        QCOMPARE(paper->epochs, 35);
        const TrainingPreset& recommended = recommendedPreset();
        QCOMPARE(recommended.name, std::string("recommended"));
        QCOMPARE(trainingPresets().front().name, recommended.name);
        QVERIFY(recommended.options.problems().empty());
        QVERIFY(!(recommended.options == DcganOptions{}));
        for (const auto& p : trainingPresets())
            QVERIFY2(p.line.size() > 40, p.name.c_str());
        QVERIFY(!trainingPreset("fast"));

        DcganOptions bad = tiny();
        bad.emaDecay = 0.5;
        bad.r1Weight = -1.0;
        bad.r1Interval = 0;
        QCOMPARE(bad.problems().size(), std::size_t{3});
        QCOMPARE(upsamplingFromName("resize-convolution"), std::optional(DcganOptions::Upsampling::ResizeConvolution));
        QCOMPARE(std::string(upsamplingName(DcganOptions::Upsampling::Transposed)), std::string("transposed"));
        QVERIFY(!upsamplingFromName("bilinear"));
    }

    // Nearest doubling then a stride-1 convolution, at every size: no
    // transposed convolution left, the same output shape and range.
    void resizeConvolutionGenerator_data()
    {
        QTest::addColumn<int>("side");
        for (int side : {64, 128, 256})
            QTest::newRow(std::to_string(side).c_str()) << side;
    }
    void resizeConvolutionGenerator()
    {
        QFETCH(int, side);
        DcganOptions o = tiny();
        o.resolution = side;
        o.upsampling = DcganOptions::Upsampling::ResizeConvolution;
        Generator g(o);
        QCOMPARE(countOf<torch::nn::ConvTranspose2dImpl>(*g), 0);
        QCOMPARE(countOf<torch::nn::Conv2dImpl>(*g), 4);
        g->eval();
        const auto out = g->forward(torch::rand({2, o.latentSize}) * 2 - 1);
        QCOMPARE(out.sizes().vec(), (std::vector<std::int64_t>{2, 1, side, side}));
        QVERIFY(out.abs().max().item<float>() <= 1.0f);
        // Weights of one kind never load into the other.
        QVERIFY(g->named_parameters().contains("upconvolutions.0.weight"));
        QVERIFY(!g->named_parameters().contains("deconvolutions.0.weight"));
    }

    // Random draws from the trainer's generator, differentiable, and doing
    // what the policy says: each image changed differently, a cutout of
    // exactly mid grey, nothing outside the range brightness and contrast allow.
    void diffAugmentIsDifferentiable()
    {
        auto images = (torch::tensor(discs(8, 0)).view({8, 1, 64, 64}) * 2 - 1).requires_grad_(true);
        auto r1 = at::make_generator<at::CPUGeneratorImpl>(7), r2 = at::make_generator<at::CPUGeneratorImpl>(7);
        const auto a = diffAugment(images, r1), b = diffAugment(images, r2);
        QCOMPARE(a.sizes(), images.sizes());
        QVERIFY(torch::equal(a, b)); // same seed, same augmentation
        QVERIFY(!torch::equal(a, diffAugment(images, r1)));
        QVERIFY(torch::isfinite(a).all().item<bool>());
        for (int n = 0; n < 8; ++n) {
            // The cutout: at least a quarter of a half-side square, at 0.
            const auto zeros = (a[n] == 0).sum().item<std::int64_t>();
            QVERIFY2(zeros >= 16 * 16, std::to_string(zeros).c_str());
        }
        QVERIFY(!torch::equal(a[0], a[1]));
        a.pow(2).sum().backward();
        QVERIFY(images.grad().defined());
        QVERIFY(images.grad().abs().sum().item<float>() > 0.0f);
    }

    // R1 adds a positive penalty on real images to the discriminator's loss
    // at steps 0, interval, 2 x interval, ...: same seed, same batch, only the
    // penalty differs.
    void r1PenaltyIsAddedOnItsSteps()
    {
        DcganOptions plain = tiny(), penalised = tiny();
        penalised.r1Weight = 10.0;
        penalised.r1Interval = 2;
        DcganTrainer a(plain, 3), b(penalised, 3);
        const auto real = discs(8, 0);
        const auto first = a.step(real, 8), second = b.step(real, 8);
        qInfo("D loss at step 0: plain %.4f, with R1 %.4f", first.discriminatorLoss, second.discriminatorLoss);
        QVERIFY(second.discriminatorLoss > first.discriminatorLoss + 1e-4);
        QCOMPARE(first.realScore, second.realScore); // same forward pass
        QVERIFY(std::isfinite(b.step(real, 8).discriminatorLoss)); // step 1: no penalty
        QVERIFY(std::isfinite(b.step(real, 8).discriminatorLoss)); // step 2: penalty again
    }

    // The moving average is what generates and what the model file keeps;
    // training itself is unchanged by it.
    void movingAverageGeneratesAndIsSaved()
    {
        DcganOptions live = tiny(), averaged = tiny();
        averaged.emaDecay = 0.99;
        DcganTrainer a(live, 5), b(averaged, 5);
        for (int step = 0; step < 6; ++step) {
            a.step(discs(8, step), 8);
            b.step(discs(8, step), 8);
        }
        QVERIFY(a.weights() == b.weights()); // the average does not feed back into training
        const auto fromLive = a.generate(1, 2), fromAverage = b.generate(1, 2);
        QVERIFY(fromLive[0].pixels != fromAverage[0].pixels);
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("g.trmodel")).toStdString();
        ModelInfo info;
        info.trainingData = "V001; test";
        QVERIFY(saveModel(path, b, info).ok());
        auto model = GeneratorModel::load(path);
        QVERIFY2(model.ok(), model.ok() ? "" : model.error().toString().c_str());
        QVERIFY(model->generate(1, 2)[0].pixels == fromAverage[0].pixels);
        QVERIFY(model->info().training.find("moving average decay 0.99") != std::string::npos);
        QVERIFY(model->info().training.find("own weights") == std::string::npos);

        // The raw weights of the averaged run are the run without an average:
        // one run gives both generators to compare.
        const std::filesystem::path rawPath = dir.filePath(QStringLiteral("raw.trmodel")).toStdString();
        const std::filesystem::path livePath = dir.filePath(QStringLiteral("live.trmodel")).toStdString();
        QVERIFY(saveModel(rawPath, b, info, SavedWeights::Raw).ok());
        QVERIFY(saveModel(livePath, a, info).ok());
        auto raw = GeneratorModel::load(rawPath);
        auto plain = GeneratorModel::load(livePath);
        QVERIFY2(raw.ok() && plain.ok(), raw.ok() ? "" : raw.error().toString().c_str());
        QCOMPARE(raw->info().weightsSha256, plain->info().weightsSha256);
        QVERIFY(raw->info().weightsSha256 != model->info().weightsSha256);
        QVERIFY(raw->generate(1, 2)[0].pixels == fromLive[0].pixels);
        QVERIFY(raw->info().training.find("saved: the generator's own weights, not their moving average")
            != std::string::npos);
        // Without an average there is nothing else to say: raw is the output.
        const std::filesystem::path liveRaw = dir.filePath(QStringLiteral("live-raw.trmodel")).toStdString();
        QVERIFY(saveModel(liveRaw, a, info, SavedWeights::Raw).ok());
        QCOMPARE(GeneratorModel::load(liveRaw)->info().training, plain->info().training);
    }

    // The saved generator normalises with batch-norm statistics of its own
    // weights: the moving average's used to be copied from the generator it
    // averages, so in eval mode it normalised with another network's means
    // (issue 14: the averaged default drew smooth, mean-like heads). The first
    // norm's running mean must be the mean of the projection it normalises.
    void savedStatisticsAreTheSavedWeightsOwn()
    {
        DcganOptions o = tiny();
        o.emaDecay = 0.9;
        o.learningRate = 0.01; // so that the average lags the generator visibly within a few steps
        DcganTrainer trainer(o, 7);
        for (int step = 0; step < 12; ++step)
            trainer.step(discs(8, step), 8);
        auto restored = [&](SavedWeights which) {
            torch::serialize::OutputArchive out;
            trainer.saveGenerator(out, which);
            std::ostringstream buffer;
            out.save_to(buffer);
            std::istringstream in(buffer.str());
            torch::serialize::InputArchive archive;
            archive.load_from(in);
            Generator g(o);
            g->load(archive);
            g->eval();
            return g;
        };
        auto measuredStatistics = [&](Generator& g) {
            torch::NoGradGuard noGrad;
            auto random = at::make_generator<at::CPUGeneratorImpl>(99);
            const auto z = torch::rand({4096, o.latentSize}, random) * 2.0 - 1.0;
            const auto x = g->project->forward(z).view({4096, -1, 4, 4});
            return std::pair{x.mean({0, 2, 3}), x.var({0, 2, 3})};
        };
        for (const auto which : {SavedWeights::Output, SavedWeights::Raw}) {
            auto g = restored(which);
            const auto [mean, variance] = measuredStatistics(g);
            const auto spread = variance.sqrt();
            const double meanError = ((g->projectNorm->running_mean - mean).abs() / spread).max().item<double>();
            const double varianceError =
                ((g->projectNorm->running_var - variance).abs() / variance).max().item<double>();
            QVERIFY2(meanError < 0.05 && varianceError < 0.05,
                qPrintable(QStringLiteral("statistics off their weights' by %1 standard deviations and %2 of the "
                                          "variance")
                        .arg(meanError)
                        .arg(varianceError)));
        }
        // The two saved generators differ, and so do their statistics: the
        // average's are not the generator's copied.
        auto average = restored(SavedWeights::Output), raw = restored(SavedWeights::Raw);
        QVERIFY(!torch::allclose(average->projectNorm->running_mean, raw->projectNorm->running_mean));
    }

    // Every option beyond the paper together: a run stopped after 3 steps and
    // resumed from its checkpoint ends with the weights and the moving average
    // of an uninterrupted 6-step run, and the model file keeps the upsampling.
    void resumeIsBitExactWithEveryOption()
    {
        DcganOptions o = tiny();
        o.upsampling = DcganOptions::Upsampling::ResizeConvolution;
        o.emaDecay = 0.95;
        o.diffAugment = true;
        o.r1Weight = 1.0;
        o.r1Interval = 2;
        o.modeSeekingWeight = 1.0;
        DcganTrainer straight(o, 42);
        for (int step = 0; step < 6; ++step)
            straight.step(discs(8, step), 8);
        QTemporaryDir dir;
        const std::filesystem::path checkpoint = dir.filePath(QStringLiteral("run.ckpt")).toStdString();
        {
            DcganTrainer first(o, 42);
            for (int step = 0; step < 3; ++step)
                first.step(discs(8, step), 8);
            QVERIFY(first.saveCheckpoint(checkpoint, {42, 0, 24, "V001; test"}).ok());
        }
        tr::model::RunState state;
        auto resumed = DcganTrainer::loadCheckpoint(checkpoint, state);
        QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().toString().c_str());
        QVERIFY((*resumed)->options() == o);
        for (int step = 3; step < 6; ++step)
            (*resumed)->step(discs(8, step), 8);
        QVERIFY2(straight.weights() == (*resumed)->weights(), "the resumed run's weights differ");
        QVERIFY2(straight.generate(9, 3)[2].pixels == (*resumed)->generate(9, 3)[2].pixels,
            "the resumed run's moving average differs");

        const std::filesystem::path path = dir.filePath(QStringLiteral("g.trmodel")).toStdString();
        QVERIFY(saveModel(path, straight, {}).ok());
        auto model = GeneratorModel::load(path);
        QVERIFY2(model.ok(), model.ok() ? "" : model.error().toString().c_str());
        QCOMPARE(model->info().options.upsampling, DcganOptions::Upsampling::ResizeConvolution);
        QCOMPARE(model->info().formatVersion, std::int64_t{3});
        QVERIFY(model->generate(9, 3)[2].pixels == straight.generate(9, 3)[2].pixels);
    }

    // bfloat16 autocast trains (finite losses, a moving discriminator) and
    // leaves the weights, and so the model file, in float.
    void bfloat16AutocastTrains()
    {
        DcganOptions o = tiny();
        o.bfloat16 = true;
        DcganTrainer trainer(o, 8);
        const auto before = trainer.weights();
        TrainStep last;
        for (int step = 0; step < 4; ++step)
            last = trainer.step(discs(8, step), 8);
        QVERIFY(std::isfinite(last.discriminatorLoss) && std::isfinite(last.generatorLoss));
        QVERIFY(trainer.weights() != before);
        const auto images = trainer.generate(1, 2);
        QCOMPARE(images[0].pixels.size(), std::size_t{64 * 64});
        QVERIFY(!at::autocast::is_cpu_enabled()); // nothing left switched on
    }
};

QTEST_APPLESS_MAIN(TestTrainingRecipes)
#include "tst_trainingrecipes.moc"
