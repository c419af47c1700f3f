// A generator from elsewhere, as TorchScript (model/torchscriptgenerator.h):
// the small modules in tests/data/torchscript, written by make_generators.py
// with Debian's python3-torch. Its images repeat from the seed, keep their
// latents, pass through the presentation window; a module that says nothing
// of its latent, returns colour or leaves its declared range is refused with
// the file and the fix.

#include "core/presentation.h"
#include "model/generatorsource.h"
#include "model/torchscriptgenerator.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace tr;

namespace {

std::string module(const char* name)
{
    return std::string(TR_TEST_DATA_DIR) + "/torchscript/" + name;
}

const std::atomic<bool> kNoStop{false};

} // namespace

class TorchScriptGeneratorTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsWhatTheModuleSaysOfItself()
    {
        auto g = model::TorchScriptGenerator::load(module("tiny_generator.pt"));
        QVERIFY2(g, g ? "" : g.error().toString().c_str());
        const auto& info = (*g)->info();
        QCOMPARE(info.kind, std::string("torchscript"));
        QCOMPARE(info.resolution, 64);
        QCOMPARE(info.available, -1LL);
        QCOMPARE((*g)->settings().latentShape, std::vector<std::int64_t>{16});
        QVERIFY((*g)->settings().normalLatent);
        QCOMPARE((*g)->parameterCount(), 8021LL);
        QFile file(QString::fromStdString(module("tiny_generator.pt")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromStdString(info.sha256),
            QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex()));
        QVERIFY(info.description.find("tiny_generator.pt") != std::string::npos);
    }

    void imagesRepeatFromTheSeedAndKeepTheirLatents()
    {
        auto g = model::TorchScriptGenerator::load(module("tiny_generator.pt"));
        QVERIFY(g);
        auto a = (*g)->create(12, 7, kNoStop);
        auto b = (*g)->create(12, 7, kNoStop);
        auto c = (*g)->create(12, 8, kNoStop);
        QVERIFY(a && b && c);
        QCOMPARE(int(a->size()), 12);
        for (std::size_t i = 0; i < a->size(); ++i) {
            QCOMPARE((*a)[i].pixels, (*b)[i].pixels);
            QCOMPARE((*a)[i].latent, (*b)[i].latent);
            QCOMPARE((*a)[i].seed, core::imageSeed(7, i));
            QCOMPARE(int((*a)[i].latent.size()), 16);
            QCOMPARE(int((*a)[i].pixels.size()), 64 * 64);
            QVERIFY((*a)[i].pixels != (*c)[i].pixels);
        }
        // Image i does not depend on the batch around it (chunks of 10).
        auto three = (*g)->create(3, 7, kNoStop);
        QVERIFY(three);
        QCOMPARE((*three)[2].pixels, (*a)[2].pixels);
        // Not one image repeated: the latents make different images.
        QVERIFY((*a)[0].pixels != (*a)[1].pixels);
        // The latent is standard normal, drawn from the image's seed.
        double sum = 0.0, squares = 0.0;
        for (const auto& image : *a)
            for (const float v : image.latent) {
                sum += v;
                squares += double(v) * v;
            }
        const double n = 12.0 * 16.0, mean = sum / n;
        QVERIFY2(std::abs(mean) < 0.25, qPrintable(QString::number(mean)));
        QVERIFY(std::abs(std::sqrt(squares / n - mean * mean) - 1.0) < 0.25);
    }

    void theOutputPassesThroughThePresentationWindow()
    {
        // The module's tanh(3 x) reaches both ends: its near-black and
        // near-white land on 0 and 255 exactly as a real slice's do.
        auto g = model::TorchScriptGenerator::load(module("tiny_generator.pt"));
        QVERIFY(g);
        auto images = (*g)->create(10, 1, kNoStop);
        QVERIFY(images);
        int black = 0, white = 0;
        for (const auto& image : *images)
            for (const auto p : image.pixels) {
                black += p == 0;
                white += p == 255;
            }
        QVERIFY(black > 0);
        QVERIFY(white > 0);
        QCOMPARE(core::presentedGrey(0.0f), std::uint8_t(0));
    }

    void openerTakesModulesByTheirEnding()
    {
        auto ts = model::openGeneratorSource(module("tiny_generator.pt"), "cpu");
        QVERIFY2(ts, ts ? "" : ts.error().toString().c_str());
        QCOMPARE((*ts)->info().kind, std::string("torchscript"));
        auto dcgan = model::openGeneratorSource("default", "cpu");
        QVERIFY2(dcgan, dcgan ? "" : dcgan.error().toString().c_str());
        QCOMPARE((*dcgan)->info().kind, std::string("dcgan"));
        QCOMPARE((*dcgan)->info().resolution, 64);
        QVERIFY(model::isTorchScriptPath("a/b.pth"));
        QVERIFY(!model::isTorchScriptPath("a/b.trmodel"));
    }

    void modulesThatCannotServeAreRefusedWithTheFix()
    {
        const struct {
            const char* file;
            const char* says;
        } cases[] = {
            {"colour_generator.pt", "3 channels"},
            {"unlabelled_generator.pt", "neither latent_size nor latent_shape"},
            {"shouting_generator.pt", "outside its output_range"},
        };
        for (const auto& c : cases) {
            auto g = model::TorchScriptGenerator::load(module(c.file));
            QVERIFY2(!g, c.file);
            QVERIFY2(g.error().subject.find(c.file) != std::string::npos, g.error().subject.c_str());
            QVERIFY2(g.error().message.find(c.says) != std::string::npos, g.error().message.c_str());
        }
        QTemporaryDir dir;
        const QString fake = dir.filePath(QStringLiteral("not-a-module.pt"));
        QFile f(fake);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is no zip archive");
        f.close();
        auto g = model::TorchScriptGenerator::load(fake.toStdString());
        QVERIFY(!g);
        QVERIFY2(g.error().message.find("Not a TorchScript module") != std::string::npos, g.error().message.c_str());
        auto missing = model::TorchScriptGenerator::load(dir.filePath(QStringLiteral("absent.pt")).toStdString());
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, core::ErrorCode::NotFound);
    }

    void aStopEndsCreation()
    {
        auto g = model::TorchScriptGenerator::load(module("tiny_generator.pt"));
        QVERIFY(g);
        const std::atomic<bool> stop{true};
        auto images = (*g)->create(30, 1, stop);
        QVERIFY(!images);
        QCOMPARE(images.error().subject, std::string("stopped"));
    }
};

QTEST_GUILESS_MAIN(TorchScriptGeneratorTest)
#include "tst_torchscriptgenerator.moc"
