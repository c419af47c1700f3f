// Writes the seeds of the harnesses whose inputs the product itself makes (a
// model, a checkpoint, training data, a project, answers, DICOM series) with
// the product's own writers, so that the seeds follow the file formats as they
// change. Not a fuzzer; tests/fuzz/run.sh calls it before fuzzing.
//
//     fuzz_seeds OUT      (writes OUT/<harness>/...)
#include "core/trainingdata.h"
#include "model/dcgantrainer.h"
#include "model/modelfile.h"
#include "smallproject.h"
#include "studies/trainingdatapreparer.h"

#include <QCoreApplication>
#include <QFile>

#include <dcmtk/dcmdata/dctk.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

namespace {

int failed(const std::string& what)
{
    std::fprintf(stderr, "fuzz_seeds: %s\n", what.c_str());
    return 1;
}

std::string fileBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The framing of fuzz_dicom_series.cpp: a 32-bit little-endian length before
// each file but the last.
void writeSeries(const fs::path& out, const std::vector<std::string>& files)
{
    std::ofstream seed(out, std::ios::binary);
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (i + 1 < files.size()) {
            const auto n = std::uint32_t(files[i].size());
            const char length[4] = {char(n & 0xff), char((n >> 8) & 0xff), char((n >> 16) & 0xff), char(n >> 24)};
            seed.write(length, 4);
        }
        seed.write(files[i].data(), std::streamsize(files[i].size()));
    }
}

// `count` slices of one series made from one DICOM file: new instance UIDs and
// numbers, positions stepped along the slice normal.
bool dicomSlices(const fs::path& source, int count, double step, const fs::path& scratch, std::vector<std::string>& out)
{
    for (int n = 0; n < count; ++n) {
        DcmFileFormat file;
        if (file.loadFile(source.c_str()).bad())
            return false;
        DcmDataset* ds = file.getDataset();
        double o[6] = {1, 0, 0, 0, 1, 0}, p[3] = {0, 0, 0};
        for (unsigned long i = 0; i < 6; ++i)
            ds->findAndGetFloat64(DCM_ImageOrientationPatient, o[i], i);
        for (unsigned long i = 0; i < 3; ++i)
            ds->findAndGetFloat64(DCM_ImagePositionPatient, p[i], i);
        const double normal[3] = {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
        char position[128];
        std::snprintf(position, sizeof position, "%.4f\\%.4f\\%.4f", p[0] + n * step * normal[0],
            p[1] + n * step * normal[1], p[2] + n * step * normal[2]);
        char uid[100];
        ds->putAndInsertString(DCM_ImagePositionPatient, position);
        ds->putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
        ds->putAndInsertString(DCM_InstanceNumber, std::to_string(n + 1).c_str());
        const fs::path written = scratch / ("slice" + std::to_string(n) + ".dcm");
        if (file.saveFile(written.c_str(), EXS_Unknown).bad())
            return false;
        out.push_back(fileBytes(written));
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2)
        return failed("usage: fuzz_seeds OUT");
    const fs::path out = argv[1];
    for (const char* dir : {"training_data", "model_file", "checkpoint", "project", "answers_csv", "dicom_series"})
        fs::create_directories(out / dir);
    const fs::path scratch = out / "scratch";
    fs::create_directories(scratch);

    // A project, and the training data prepared from it.
    const QString project = QString::fromStdString((out / "project" / "seed.trproj").string());
    QFile::remove(project);
    if (!tr::fuzz::buildSmallProject(project, QStringLiteral(TR_FUZZ_SEED_VOLUME)))
        return failed("the small project could not be built");
    {
        auto opened = tr::studies::Project::open(project);
        if (!opened)
            return failed(opened.error().toString());
        tr::core::AugmentationGrid grid;
        grid.matrix = 64;
        auto data = tr::studies::prepareTrainingData(*opened, {}, grid);
        if (!data)
            return failed(data.error().toString());
        if (auto written = tr::core::writeTrainingData(out / "training_data" / "seed.trdata", *data); !written)
            return failed(written.error().toString());
    }

    // A tiny generator (64 px, widths 2), one training step, its model and checkpoint.
    tr::model::DcganOptions options;
    options.resolution = 64;
    options.latentSize = 4;
    options.generatorWidth = 2;
    options.discriminatorWidth = 2;
    options.batchSize = 2;
    tr::model::DcganTrainer trainer(options, 11);
    const std::vector<float> real(2 * 64 * 64, 0.5f);
    (void)trainer.step(real, 2);
    tr::model::RunState state;
    state.seed = 11;
    state.positionInEpoch = 2;
    state.data = "V001; fuzz seed";
    if (auto saved = trainer.saveCheckpoint(out / "checkpoint" / "seed.trckpt", state); !saved)
        return failed(saved.error().toString());
    tr::model::ModelInfo info;
    info.options = options;
    info.trainingData = state.data;
    info.epochs = 1;
    info.imagesSeen = 2;
    info.seed = 11;
    info.device = "cpu";
    if (auto saved = tr::model::saveModel(out / "model_file" / "seed.trmodel", trainer, info); !saved)
        return failed(saved.error().toString());

    // Answers: the header forms and verdicts the parser knows, over the training block.
    const char* answers[] = {
        "position,verdict,response_ms\nT1,real,1200\nT2,created,800\nT3,unknown,950\nT4,timeout,10000\n",
        ("position,verdict,confidence,response_ms,reasons,reason_text\nT1,real,3,1200,texture;edges,\"a, \"\"quoted\"\" note\"\n"
         "T2,created,5,700,,\nT3,real,1,9999,anatomy,\n"),
        "verdict,position,response_ms,confidence\ncreated,T1,400,2\nreal,T2,300,4\n",
    };
    for (std::size_t i = 0; i < std::size(answers); ++i)
        std::ofstream(out / "answers_csv" / ("seed" + std::to_string(i) + ".csv")) << answers[i];

    // DICOM series: three uncompressed slices, two RLE ones, and two GE slices.
    const fs::path dicom = fs::path(TR_FUZZ_TEST_DATA_DIR) / "dicom";
    const std::pair<fs::path, int> series[] = {{dicom / "mr-small" / "MR_small.dcm", 3},
        {dicom / "mr-small" / "MR_small_RLE.dcm", 2}, {dicom / "ge-sag-ir-spgr" / "00010.dcm", 2}};
    for (std::size_t i = 0; i < std::size(series); ++i) {
        std::vector<std::string> files;
        if (!dicomSlices(series[i].first, series[i].second, 5.0, scratch, files))
            return failed("could not rewrite " + series[i].first.string());
        writeSeries(out / "dicom_series" / ("seed" + std::to_string(i) + ".bin"), files);
    }
    fs::remove_all(scratch);
    std::printf("fuzz_seeds: seeds written under %s\n", out.c_str());
    return 0;
}
