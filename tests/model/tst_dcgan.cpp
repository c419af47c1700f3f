#include "model/dcgantrainer.h"
#include "model/modelfile.h"
#include "model/networks.h"

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace tr::model;

namespace {
template <typename M>
std::vector<M*> modulesOf(torch::nn::Module& root)
{
    std::vector<M*> out;
    for (auto& m : root.modules(false))
        if (auto* typed = m->as<M>())
            out.push_back(typed);
    return out;
}

DcganOptions tiny()
{
    DcganOptions o;
    o.resolution = 64;
    o.generatorWidth = 8;
    o.discriminatorWidth = 8;
    o.batchSize = 16;
    return o;
}
} // namespace

class TestDcgan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void defaultsAreThePapers()
    {
        const DcganOptions o;
        QCOMPARE(o.resolution, 256);
        QCOMPARE(o.latentSize, 100);
        QCOMPARE(o.kernelSize, 5);
        QCOMPARE(o.leakySlope, 0.2);
        QCOMPARE(o.learningRate, 2e-4);
        QCOMPARE(o.beta1, 0.5);
        QCOMPARE(o.batchSize, 64);
        QVERIFY(o.discriminatorFirstLayerBatchNorm);
        QCOMPARE(o.realLabel, 1.0); // no label smoothing unless asked for
        QCOMPARE(o.modeSeekingWeight, 0.0); // the paper's plain loss unless asked for
        QVERIFY(o.problems().empty());
        DcganOptions bad;
        bad.resolution = 100;
        bad.kernelSize = 4;
        bad.realLabel = 0.3;
        bad.modeSeekingWeight = -1.0;
        QCOMPARE(bad.problems().size(), std::size_t{4});
        QVERIFY(QString::fromStdString(bad.problems()[0]).startsWith(QStringLiteral("resolution")));
    }

    // The paper's generator: projection to 256 x S/16 x S/16, then fractionally
    // strided 5x5 convolutions to 128, 64, 32 and 1 channels, batch norm after
    // all but the output, tanh output; at every output size.
    void generatorStructureAndShape_data()
    {
        QTest::addColumn<int>("side");
        QTest::newRow("64") << 64;
        QTest::newRow("128") << 128;
        QTest::newRow("256") << 256;
    }
    void generatorStructureAndShape()
    {
        QFETCH(int, side);
        DcganOptions o;
        o.resolution = side;
        Generator g(o);
        const auto linear = modulesOf<torch::nn::LinearImpl>(*g);
        QCOMPARE(linear.size(), std::size_t{1});
        QCOMPARE(linear[0]->options.in_features(), 100);
        QCOMPARE(linear[0]->options.out_features(), 256 * (side / 16) * (side / 16));
        const auto deconv = modulesOf<torch::nn::ConvTranspose2dImpl>(*g);
        QCOMPARE(deconv.size(), std::size_t{4});
        const int channels[5] = {256, 128, 64, 32, 1};
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(deconv[i]->options.in_channels(), channels[i]);
            QCOMPARE(deconv[i]->options.out_channels(), channels[i + 1]);
            QCOMPARE(deconv[i]->options.kernel_size()->at(0), 5);
            QCOMPARE(deconv[i]->options.stride()->at(0), 2);
        }
        const auto norms = modulesOf<torch::nn::BatchNorm2dImpl>(*g);
        QCOMPARE(norms.size(), std::size_t{4}); // projection + 3 of 4 convolutions
        torch::NoGradGuard noGrad;
        g->eval();
        const auto out = g->forward(torch::rand({2, 100}) * 2 - 1);
        QCOMPARE(out.sizes().vec(), (std::vector<std::int64_t>{2, 1, side, side}));
        QVERIFY(out.min().item<float>() >= -1.0f && out.max().item<float>() <= 1.0f);
    }

    void discriminatorStructureAndShape_data()
    {
        QTest::addColumn<bool>("firstLayerNorm");
        QTest::newRow("paper: batch norm on all but the output") << true;
        QTest::newRow("DCGAN: none on the first layer") << false;
    }
    void discriminatorStructureAndShape()
    {
        QFETCH(bool, firstLayerNorm);
        DcganOptions o;
        o.resolution = 128;
        o.discriminatorFirstLayerBatchNorm = firstLayerNorm;
        Discriminator d(o);
        const auto conv = modulesOf<torch::nn::Conv2dImpl>(*d);
        QCOMPARE(conv.size(), std::size_t{4});
        const int channels[5] = {1, 32, 64, 128, 256};
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(conv[i]->options.in_channels(), channels[i]);
            QCOMPARE(conv[i]->options.out_channels(), channels[i + 1]);
            QCOMPARE(conv[i]->options.kernel_size()->at(0), 5);
            QCOMPARE(conv[i]->options.stride()->at(0), 2);
        }
        QCOMPARE(modulesOf<torch::nn::BatchNorm2dImpl>(*d).size(), std::size_t(firstLayerNorm ? 4 : 3));
        const auto linear = modulesOf<torch::nn::LinearImpl>(*d);
        QCOMPARE(linear.size(), std::size_t{1});
        QCOMPARE(linear[0]->options.in_features(), 256 * 8 * 8);
        QCOMPARE(linear[0]->options.out_features(), 1);
        torch::NoGradGuard noGrad;
        d->eval();
        // LeakyReLU with slope 0.2: a negative pre-activation keeps 0.2 of itself.
        const auto out = d->forward(torch::rand({3, 1, 128, 128}));
        QCOMPARE(out.sizes().vec(), (std::vector<std::int64_t>{3, 1}));
    }

    // Real images that a tiny discriminator tells apart at once (bright frames
    // with a dark square) from the untrained generator's grey noise.
    void trainingLowersTheDiscriminatorLoss()
    {
        const DcganOptions o = tiny();
        DcganTrainer trainer(o, 1234);
        std::vector<float> real(std::size_t(o.batchSize) * 64 * 64, 0.9f);
        for (int n = 0; n < o.batchSize; ++n)
            for (int y = 20; y < 44; ++y)
                for (int x = 20; x < 44; ++x)
                    real[std::size_t(n) * 4096 + std::size_t(y) * 64 + std::size_t(x)] = 0.1f;
        const TrainStep first = trainer.step(real, o.batchSize);
        TrainStep last;
        for (int i = 0; i < 15; ++i)
            last = trainer.step(real, o.batchSize);
        qInfo("D loss %.3f -> %.3f, D(x) %.2f -> %.2f, D(G(z)) %.2f -> %.2f", first.discriminatorLoss,
            last.discriminatorLoss, first.realScore, last.realScore, first.fakeScore, last.fakeScore);
        QCOMPARE(trainer.steps(), std::int64_t{16});
        QVERIFY(last.discriminatorLoss < 0.5 * first.discriminatorLoss);
        QVERIFY(last.realScore > last.fakeScore);
        QVERIFY(std::isfinite(last.generatorLoss));
    }

    // Real images that are all the same pull the plain loss straight into mode
    // collapse; the mode-seeking term must keep the created images apart. Same
    // seed, same data: the only difference is the term.
    void modeSeekingKeepsCreatedImagesApart()
    {
        std::vector<float> real(std::size_t(tiny().batchSize) * 64 * 64, 0.0f);
        for (int n = 0; n < tiny().batchSize; ++n)
            for (int y = 16; y < 48; ++y)
                for (int x = 20; x < 44; ++x)
                    real[std::size_t(n) * 4096 + std::size_t(y) * 64 + std::size_t(x)] = 0.8f;
        auto spreadAfterTraining = [&](double weight) {
            DcganOptions o = tiny();
            o.modeSeekingWeight = weight;
            DcganTrainer trainer(o, 99);
            TrainStep last;
            for (int i = 0; i < 40; ++i)
                last = trainer.step(real, o.batchSize);
            return last.createdSpread;
        };
        const double plain = spreadAfterTraining(0.0), seeking = spreadAfterTraining(1.0);
        qInfo("spread of created images after 40 steps: plain %.2f, mode-seeking %.2f grey levels", plain, seeking);
        QVERIFY2(seeking > 1.5 * plain, "the mode-seeking term does not keep created images apart");
    }

    // A run stopped after 3 steps and resumed from its checkpoint ends with the
    // very same weights as an uninterrupted 6-step run (CPU, fixed seed), with
    // every loss option stored in the checkpoint.
    void resumeIsBitExact()
    {
        DcganOptions o = tiny();
        o.realLabel = 0.9;
        o.modeSeekingWeight = 0.5;
        auto batch = [&](int step) {
            std::vector<float> real(std::size_t(o.batchSize) * 64 * 64);
            for (std::size_t i = 0; i < real.size(); ++i)
                real[i] = float((i * 7 + std::size_t(step) * 13) % 97) / 96.0f;
            return real;
        };
        DcganTrainer straight(o, 42);
        for (int step = 0; step < 6; ++step)
            straight.step(batch(step), o.batchSize);

        QTemporaryDir dir;
        const std::filesystem::path checkpoint = dir.filePath(QStringLiteral("run.ckpt")).toStdString();
        {
            DcganTrainer first(o, 42);
            for (int step = 0; step < 3; ++step)
                first.step(batch(step), o.batchSize);
            RunState state{42, 0, 3 * o.batchSize, "V001 V002; lr=-10:10:1"};
            const auto saved = first.saveCheckpoint(checkpoint, state);
            QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().toString().c_str());
            QVERIFY(!std::filesystem::exists(checkpoint.string() + ".part"));
        }
        RunState state;
        auto resumed = DcganTrainer::loadCheckpoint(checkpoint, state);
        QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().toString().c_str());
        QCOMPARE(state.positionInEpoch, std::int64_t{48});
        QCOMPARE(state.data, std::string("V001 V002; lr=-10:10:1"));
        QCOMPARE((*resumed)->steps(), std::int64_t{3});
        QVERIFY((*resumed)->options() == o);
        for (int step = 3; step < 6; ++step)
            (*resumed)->step(batch(step), o.batchSize);
        const auto a = straight.weights(), b = (*resumed)->weights();
        QCOMPARE(a.size(), b.size());
        QVERIFY(a.size() > 10000);
        QVERIFY2(a == b, "the resumed run's weights differ from the uninterrupted run's");
    }

    void badCheckpointsAreNamed_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("missing") << 0;
        QTest::newRow("text file") << 1;
        QTest::newRow("truncated") << 2;
    }
    void badCheckpointsAreNamed()
    {
        QFETCH(int, kind);
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("bad.ckpt")).toStdString();
        if (kind == 1) {
            std::ofstream(path) << "epoch,loss\n1,0.5\n";
        } else if (kind == 2) {
            DcganTrainer t(tiny(), 1);
            QVERIFY(t.saveCheckpoint(path, {}).ok());
            std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        }
        RunState state;
        const auto loaded = DcganTrainer::loadCheckpoint(path, state);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().subject, path.string());
        QCOMPARE(loaded.error().code, kind == 0 ? tr::core::ErrorCode::NotFound : tr::core::ErrorCode::Corrupt);
    }

    void modelFileRoundTripAndValidation()
    {
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("g.trmodel")).toStdString();
        DcganTrainer trainer(tiny(), 5);
        ModelInfo info;
        info.trainingData = "V001 V002; lr=-10:10:1";
        info.epochs = 2;
        info.seed = 5;
        info.device = "cpu";
        QVERIFY(saveModel(path, trainer, info).ok());
        auto model = GeneratorModel::load(path);
        QVERIFY2(model.ok(), model.ok() ? "" : model.error().toString().c_str());
        QCOMPARE(model->info().options.resolution, 64);
        QCOMPARE(model->info().trainingData, info.trainingData);
        QCOMPARE(model->info().weightsSha256.size(), std::size_t{64});
        const auto fromModel = model->generate(3, 2), fromTrainer = trainer.generate(3, 2);
        QVERIFY(fromModel[0].pixels == fromTrainer[0].pixels && fromModel[1].pixels == fromTrainer[1].pixels);
        // The second image alone, from the seed a manifest records for it.
        const auto again = model->regenerate({fromModel[1].seed});
        QVERIFY(again[0].pixels == fromModel[1].pixels && again[0].latent == fromModel[1].latent);

        // A checkpoint is not a model; a truncated or altered model is refused.
        const std::filesystem::path checkpoint = dir.filePath(QStringLiteral("c.ckpt")).toStdString();
        QVERIFY(trainer.saveCheckpoint(checkpoint, {}).ok());
        const auto wrong = GeneratorModel::load(checkpoint);
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().code, tr::core::ErrorCode::UnsupportedFormat);

        std::ifstream in(path, std::ios::binary);
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
        in.close();
        const std::filesystem::path cut = dir.filePath(QStringLiteral("cut.trmodel")).toStdString();
        std::ofstream(cut, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() / 2));
        const auto truncated = GeneratorModel::load(cut);
        QVERIFY(!truncated.ok());
        QCOMPARE(truncated.error().subject, cut.string());

        // Change one weight inside the archive: the stored digest no longer matches.
        // (The zip archive stores tensors uncompressed; find the first big run of
        // float data by looking for the generator's projection weights' bytes.)
        const auto original = trainer.weights();
        const float probe = original[0];
        const char* needle = reinterpret_cast<const char*>(&probe);
        const auto at = std::search(bytes.begin(), bytes.end(), needle, needle + sizeof(float));
        QVERIFY(at != bytes.end());
        *(at + 1) = char(*(at + 1) ^ 0x40);
        const std::filesystem::path altered = dir.filePath(QStringLiteral("altered.trmodel")).toStdString();
        std::ofstream(altered, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
        const auto tampered = GeneratorModel::load(altered);
        QVERIFY(!tampered.ok());
        QVERIFY2(tampered.error().message.find("SHA-256") != std::string::npos
                || tampered.error().code == tr::core::ErrorCode::Corrupt,
            tampered.error().toString().c_str());
    }

    // Archives that fuzz_model_file and fuzz_checkpoint found to crash
    // LibTorch's TorchScript parser (unbounded recursion) or to make its
    // Unpickler reserve gigabytes are refused before LibTorch reads them, as
    // damaged files named by path; so is a zip entry declaring more than the
    // file holds.
    void hostileArchivesAreRefused()
    {
        const std::filesystem::path root = std::filesystem::path(TR_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
        int seen = 0;
        for (const auto& entry : std::filesystem::directory_iterator(root / "model_file")) {
            const auto model = GeneratorModel::load(entry.path());
            QVERIFY2(!model.ok(), entry.path().c_str());
            QCOMPARE(int(model.error().code), int(tr::core::ErrorCode::Corrupt));
            QCOMPARE(model.error().subject, entry.path().string());
            QVERIFY2(model.error().message.find("damaged or not a Turing Reader model") != std::string::npos,
                model.error().message.c_str());
            ++seen;
        }
        for (const auto& entry : std::filesystem::directory_iterator(root / "checkpoint")) {
            RunState state;
            const auto trainer = DcganTrainer::loadCheckpoint(entry.path(), state);
            QVERIFY2(!trainer.ok(), entry.path().c_str());
            QCOMPARE(int(trainer.error().code), int(tr::core::ErrorCode::Corrupt));
            QCOMPARE(trainer.error().subject, entry.path().string());
            QVERIFY2(trainer.error().message.find("damaged or not a Turing Reader checkpoint") != std::string::npos,
                trainer.error().message.c_str());
            ++seen;
        }
        QCOMPARE(seen, 9);

        // A good model whose zip directory then declares 2 GB for a stored entry.
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("g.trmodel")).toStdString();
        DcganTrainer trainer(tiny(), 5);
        QVERIFY(saveModel(path, trainer, ModelInfo{}).ok());
        QVERIFY(GeneratorModel::load(path).ok());
        QFile file(QString::fromStdString(path.string()));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        const qsizetype at = bytes.indexOf(QByteArray("PK\x01\x02", 4));
        QVERIFY(at > 0);
        bytes[at + 24] = char(0xff); // uncompressed size, little-endian: 0x7fffffff
        bytes[at + 25] = char(0xff);
        bytes[at + 26] = char(0xff);
        bytes[at + 27] = char(0x7f);
        QVERIFY(file.seek(0) && file.write(bytes) == bytes.size());
        file.close();
        const auto inflated = GeneratorModel::load(path);
        QVERIFY(!inflated.ok());
        QVERIFY2(inflated.error().message.find("that the file cannot hold") != std::string::npos,
            inflated.error().message.c_str());
    }

    // The digest covers the description too: a file written again by LibTorch
    // with one field changed (as anyone with LibTorch could) is refused; a
    // format-1 file, whose digest covers the weights only, loads but says so.
    void editedDescriptionIsRefused()
    {
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("g.trmodel")).toStdString();
        DcganTrainer trainer(tiny(), 5);
        ModelInfo info;
        info.trainingData = "V001 V002; lr=-10:10:1";
        info.libraries = "LibTorch 1.13.1";
        QVERIFY(saveModel(path, trainer, info).ok());
        const auto model = GeneratorModel::load(path);
        QVERIFY(model.ok());
        QCOMPARE(model->info().formatVersion, std::int64_t{3});
        QCOMPARE(model->info().contentSha256.size(), std::size_t{64});
        QVERIFY(integrityStatement(model->info()).find("the whole file") == 0);

        // Rewrites the archive, changing `key` to `value` (or dropping it when value is empty).
        auto rewrite = [&](const char* name, const std::string& key, const c10::IValue& value) {
            torch::serialize::InputArchive in;
            in.load_from(path.string());
            torch::serialize::OutputArchive out;
            for (const auto& k : in.keys()) {
                if (k == key) {
                    if (!value.isNone())
                        out.write(k, value);
                    continue;
                }
                if (k == "generator") {
                    torch::serialize::InputArchive weights;
                    in.read(k, weights);
                    Generator g(tiny());
                    g->load(weights);
                    torch::serialize::OutputArchive stored;
                    g->save(stored);
                    out.write(k, stored);
                    continue;
                }
                c10::IValue v;
                in.read(k, v);
                out.write(k, v);
            }
            const std::filesystem::path edited = dir.filePath(QString::fromLatin1(name)).toStdString();
            out.save_to(edited.string());
            return edited;
        };
        for (const auto& [key, value] : {std::pair<std::string, std::string>{"trainingData", "V001 V002 V003; lr=-10:10:1"},
                 {"libraries", "LibTorch 2.0"}, {"epochs", ""}}) {
            const auto edited = key == "epochs" ? rewrite("e.trmodel", key, c10::IValue(std::int64_t{35}))
                                                : rewrite("e.trmodel", key, c10::IValue(value));
            const auto refused = GeneratorModel::load(edited);
            QVERIFY2(!refused.ok(), key.c_str());
            QCOMPARE(refused.error().code, tr::core::ErrorCode::Corrupt);
            QVERIFY2(refused.error().message.find("description or weights do not match") != std::string::npos,
                refused.error().toString().c_str());
        }
        // A field of the wrong type is named.
        const auto typed = GeneratorModel::load(rewrite("t.trmodel", "epochs", c10::IValue(std::string("two"))));
        QVERIFY(!typed.ok());
        QVERIFY2(typed.error().message.find("'epochs'") != std::string::npos, typed.error().toString().c_str());
        // An upsampling this version does not know is named, with the values it knows.
        const auto unknown = GeneratorModel::load(rewrite("u.trmodel", "upsampling", c10::IValue(std::string("bilinear"))));
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().message.find("'upsampling' is 'bilinear'") != std::string::npos,
            unknown.error().toString().c_str());

        // Format 1 (the digest of the weights alone): loads, and says what it does not prove.
        rewrite("v1a.trmodel", "contentSha256", c10::IValue());
        const std::filesystem::path v1a = dir.filePath(QStringLiteral("v1a.trmodel")).toStdString();
        std::filesystem::copy_file(v1a, path, std::filesystem::copy_options::overwrite_existing);
        const auto v1 = GeneratorModel::load(rewrite("v1.trmodel", "version", c10::IValue(std::int64_t{1})));
        QVERIFY2(v1.ok(), v1.ok() ? "" : v1.error().toString().c_str());
        QCOMPARE(v1->info().formatVersion, std::int64_t{1});
        QVERIFY(v1->info().contentSha256.empty());
        QVERIFY2(integrityStatement(v1->info()).find("the description is not covered") != std::string::npos,
            integrityStatement(v1->info()).c_str());
    }

    void generationIsDeterministic()
    {
        const DcganOptions o = tiny();
        DcganTrainer a(o, 99), b(o, 99), c(o, 100);
        auto pixelsOf = [](const std::vector<tr::core::CreatedImage>& images) {
            std::vector<std::vector<std::uint8_t>> out;
            for (const auto& i : images)
                out.push_back(i.pixels);
            return out;
        };
        const auto batch = a.generate(7, 3);
        const auto first = pixelsOf(batch);
        QCOMPARE(first.size(), std::size_t{3});
        QCOMPARE(first[0].size(), std::size_t{64 * 64});
        QVERIFY(first == pixelsOf(a.generate(7, 3)));   // same seed, same images
        QVERIFY(first == pixelsOf(b.generate(7, 3)));   // same initial weights from the same trainer seed
        QVERIFY(first != pixelsOf(a.generate(8, 3)));   // another seed, other images
        QVERIFY(first != pixelsOf(c.generate(7, 3)));   // other weights
        QVERIFY(first[0] != first[1]);
        // Each image keeps its own seed and the latent vector drawn from it.
        QCOMPARE(batch[2].seed, tr::core::imageSeed(7, 2));
        QCOMPARE(batch[2].latent.size(), std::size_t{100});
        QVERIFY(std::all_of(batch[2].latent.begin(), batch[2].latent.end(), [](float v) { return v >= -1.0f && v <= 1.0f; }));
    }
};

QTEST_APPLESS_MAIN(TestDcgan)
#include "tst_dcgan.moc"
