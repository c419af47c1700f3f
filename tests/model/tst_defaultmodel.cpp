// The embedded default generator (resources/models/default.trmodel): it is found,
// it loads and validates, its provenance file describes this very file, and its
// images look like a population of slices rather than one image repeated — the
// failure (mode collapse) that a generator trained on near-identical aligned
// slices falls into first, and that would give the answer away in a quiz.

#include "core/alignedframe.h"
#include "core/demodata.h"
#include "core/intensitynormalisation.h"
#include "core/io/volumereader.h"
#include "core/slicesampler.h"
#include "core/templatelandmarks.h"
#include "model/defaultmodel.h"
#include "model/modelfile.h"

#include <QFile>
#include <QtTest>

#include <cmath>
#include <random>

using namespace tr;

namespace {

constexpr int kImages = 32;

// Mean over pixels of the standard deviation across images (0..255 scale): 0 for
// one image repeated; real slices of one volume over the paper's grid spread by
// about 14 at 64 px.
double spreadAcrossImages(const std::vector<std::vector<std::uint8_t>>& images)
{
    const std::size_t pixels = images.front().size();
    double total = 0.0;
    for (std::size_t p = 0; p < pixels; ++p) {
        double sum = 0.0, squares = 0.0;
        for (const auto& image : images) {
            sum += image[p];
            squares += double(image[p]) * image[p];
        }
        const double mean = sum / double(images.size());
        total += std::sqrt(std::max(0.0, squares / double(images.size()) - mean * mean));
    }
    return total / double(pixels);
}

// Mean of the outer 4-pixel frame: the air around the head, black in real slices.
double borderMean(const std::vector<std::uint8_t>& image, int side)
{
    double sum = 0.0;
    int n = 0;
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
            if (x < 4 || y < 4 || x >= side - 4 || y >= side - 4) {
                sum += image[std::size_t(y * side + x)];
                ++n;
            }
    return sum / n;
}

} // namespace

class TestDefaultModel : public QObject {
    Q_OBJECT
private:
    std::optional<model::GeneratorModel> m_model;
    std::vector<std::vector<std::uint8_t>> m_created;

private Q_SLOTS:
    void initTestCase()
    {
        const auto path = model::defaultModelPath();
        QVERIFY2(!path.empty(), "resources/models/default.trmodel is missing");
        auto loaded = model::GeneratorModel::load(path);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
        m_model.emplace(std::move(*loaded));
        for (auto& image : m_model->generate(1, kImages))
            m_created.push_back(std::move(image.pixels));
    }

    void describesItsTraining()
    {
        const auto& info = m_model->info();
        // The 42 IXI subjects and Colin27, by pseudonym only.
        QVERIFY2(info.trainingData.find("V001") != std::string::npos, info.trainingData.c_str());
        QVERIFY2(info.trainingData.find("V043") != std::string::npos, info.trainingData.c_str());
        QVERIFY(info.trainingData.find("IXI") == std::string::npos); // no source names
        QVERIFY(info.imagesSeen > 100000);
        QCOMPARE(info.options.latentSize, 100);
        QCOMPARE(info.options.kernelSize, 5);
    }

    // PROVENANCE.md must describe this file, not an earlier training run.
    void provenanceNamesTheseWeights()
    {
        QFile provenance(QStringLiteral(TR_SOURCE_DIR "/resources/models/PROVENANCE.md"));
        QVERIFY2(provenance.open(QIODevice::ReadOnly), "resources/models/PROVENANCE.md is missing");
        const QByteArray text = provenance.readAll();
        const QByteArray sha = QByteArray::fromStdString(m_model->info().weightsSha256);
        QCOMPARE(sha.size(), 64);
        QVERIFY2(text.contains(sha), "PROVENANCE.md does not give the shipped weights' SHA-256");
        QVERIFY(text.contains("brain-development.org")); // the IXI attribution
        QVERIFY(text.contains("CC BY-SA 3.0"));
    }

    void imagesHaveTheFormOfRealSlices()
    {
        const int side = m_model->info().options.resolution;
        QCOMPARE(int(m_created.size()), kImages);
        for (const auto& image : m_created) {
            QCOMPARE(image.size(), std::size_t(side) * std::size_t(side));
            QVERIFY2(borderMean(image, side) < 12.0, "the air around the head is not black");
            const auto [lo, hi] = std::minmax_element(image.begin(), image.end());
            QVERIFY(*hi - *lo > 150); // full contrast, as normalised real slices have
        }
    }

    // Compared with real slices drawn the same way from Colin27 (from Debian's
    // mricron-data, one of the training volumes): the created images must vary
    // at least half as much from one to the next as one volume's slices do.
    void imagesAreNotOneImageRepeated()
    {
        auto volume = core::io::readVolume(core::kColin27Path);
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
        core::normaliseIntensities(*volume);
        auto frame = core::alignedFrameFromLandmarks(core::colin27Landmarks());
        QVERIFY(frame.ok());
        core::AugmentationGrid grid;
        grid.matrix = m_model->info().options.resolution;
        const core::SliceSampler sampler(*volume, *frame, grid);
        std::mt19937_64 random(7);
        std::vector<std::vector<std::uint8_t>> real;
        std::vector<float> section(sampler.pixelCount());
        for (int i = 0; i < kImages; ++i) {
            sampler.sample(std::size_t(random() % grid.count()), section);
            std::vector<std::uint8_t> bytes(section.size());
            for (std::size_t p = 0; p < section.size(); ++p)
                bytes[p] = std::uint8_t(std::lround(std::clamp(section[p], 0.0f, 1.0f) * 255.0f));
            real.push_back(std::move(bytes));
        }
        const double realSpread = spreadAcrossImages(real), createdSpread = spreadAcrossImages(m_created);
        qInfo("spread across %d images (0..255): real Colin27 %.1f, created %.1f", kImages, realSpread, createdSpread);
        QVERIFY(realSpread > 5.0);
        QVERIFY2(createdSpread > 0.5 * realSpread, "the default generator repeats one image (mode collapse)");
    }
};

QTEST_GUILESS_MAIN(TestDefaultModel)
#include "tst_defaultmodel.moc"
