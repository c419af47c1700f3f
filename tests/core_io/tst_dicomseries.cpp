// core/io/dicomseries.cpp against real DICOM (shared/data/dicom: a GE sagittal 3D
// T1 of 196 slices, a Siemens mosaic in nine transfer syntaxes, pydicom's MR_small)
// and files written here through DCMTK: re-encoded copies, an Enhanced MR built
// from GE slices, damaged and inconsistent series. The test registers DCMTK's
// encoders only: decoding must work through the code under test's registration.
#include "core/io/dicomseries.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpls/djencode.h>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <random>

using namespace tr::core;
using namespace tr::core::io;
namespace fs = std::filesystem;

namespace {

const fs::path kSharedDicom = fs::path(TR_SHARED_DATA_DIR) / "dicom";
// The full data beside the checkout when it is there, else the subset kept in
// tests/data (GE slices 10-17 and 95-102, five transfer syntaxes, MR_small) so
// that a bare clone still tests every reader.
const fs::path kDicom = fs::is_directory(kSharedDicom / "ge-sag-ir-spgr") ? kSharedDicom
                                                                          : fs::path(TR_TEST_DATA_DIR) / "dicom";
const fs::path kGe = kDicom / "ge-sag-ir-spgr";

#define REQUIRE_WHOLE_GE_SERIES() \
    do { if (kDicom != kSharedDicom) QSKIP("the whole GE series is in shared/data, not beside this checkout"); } while (false)

fs::path geFile(int number)
{
    char name[32];
    std::snprintf(name, sizeof name, "%05d.dcm", number);
    return kGe / name;
}

std::vector<fs::path> geFiles(int first, int last)
{
    std::vector<fs::path> files;
    for (int n = first; n <= last; ++n)
        files.push_back(geFile(n));
    return files;
}

fs::path tempPath(const QTemporaryDir& dir) { return fs::path(dir.path().toStdString()); }

// Regular files of a folder, sorted.
std::vector<fs::path> filesIn(const fs::path& dir)
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file())
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string newUid(const char* root)
{
    char uid[100];
    return dcmGenerateUniqueIdentifier(uid, root);
}

// ---- writing DICOM files through DCMTK (helpers return "" or what failed) ----

using Edit = std::function<void(DcmDataset&)>;

Edit setString(const DcmTagKey& tag, const std::string& value)
{
    return [tag, value](DcmDataset& ds) { ds.putAndInsertString(tag, value.c_str()); };
}
Edit newInstance() { return [](DcmDataset& ds) { ds.putAndInsertString(DCM_SOPInstanceUID, newUid(SITE_INSTANCE_UID_ROOT).c_str()); }; }
// One new SeriesInstanceUID, shared by every file the edit is applied to.
Edit newSeries() { return setString(DCM_SeriesInstanceUID, newUid(SITE_SERIES_UID_ROOT)); }

// Saves `file` to `to`, first re-encoded as `xfer` (EXS_Unknown keeps its encoding).
std::string save(DcmFileFormat& file, const fs::path& to, E_TransferSyntax xfer)
{
    DcmDataset& ds = *file.getDataset();
    if (xfer != EXS_Unknown) {
        const DJ_RPLossless lossless; // JPEG process 14, first-order prediction
        const DcmRepresentationParameter* param = xfer == EXS_JPEGProcess14SV1 ? &lossless : nullptr;
        const OFCondition st = ds.chooseRepresentation(xfer, param);
        if (st.bad() || !ds.canWriteXfer(xfer))
            return "cannot encode " + to.string() + " as " + DcmXfer(xfer).getXferName() + ": " + st.text();
    }
    const OFCondition st = file.saveFile(to.c_str(), xfer);
    return st.good() ? std::string() : "cannot save " + to.string() + ": " + st.text();
}

// Copies GE slice `number` to `to`, changed by `edit` and encoded as `xfer`.
std::string copyGe(int number, const fs::path& to, const Edit& edit = {}, E_TransferSyntax xfer = EXS_Unknown)
{
    DcmFileFormat file;
    const OFCondition st = file.loadFile(geFile(number).c_str());
    if (st.bad())
        return "cannot load " + geFile(number).string() + ": " + st.text();
    if (edit)
        edit(*file.getDataset());
    return save(file, to, xfer);
}

// Copies GE slices first..last to dir/<prefix>NNNNN.dcm.
std::string copyGeRange(int first, int last, const fs::path& dir, const std::string& prefix = "",
    const Edit& edit = {}, E_TransferSyntax xfer = EXS_Unknown)
{
    std::string failed;
    for (int n = first; n <= last && failed.empty(); ++n)
        failed = copyGe(n, dir / (prefix + geFile(n).filename().string()), edit, xfer);
    return failed;
}

void writeBytes(const fs::path& to, const std::vector<char>& bytes)
{
    std::ofstream(to, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// An Enhanced MR Image Storage object made of the given single-frame slices,
// frames in the given order: shared PixelMeasures, PlaneOrientation,
// PixelValueTransformation and MR timing; per-frame FrameContent and PlanePosition.
std::string writeEnhanced(const std::vector<fs::path>& slices, const fs::path& to, E_TransferSyntax xfer)
{
    std::vector<DcmFileFormat> in(slices.size());
    for (std::size_t f = 0; f < slices.size(); ++f)
        if (in[f].loadFile(slices[f].c_str()).bad())
            return "cannot load " + slices[f].string();
    DcmDataset& first = *in[0].getDataset();
    const auto str = [](DcmItem& item, const DcmTagKey& tag) {
        OFString s;
        item.findAndGetOFStringArray(tag, s);
        return s;
    };
    DcmFileFormat out;
    DcmDataset& o = *out.getDataset();
    const DcmTagKey copied[] = {DCM_StudyInstanceUID, DCM_FrameOfReferenceUID, DCM_Manufacturer,
        DCM_ManufacturerModelName, DCM_MagneticFieldStrength, DCM_SeriesDescription, DCM_SamplesPerPixel,
        DCM_PhotometricInterpretation, DCM_BitsAllocated, DCM_BitsStored, DCM_HighBit, DCM_PixelRepresentation,
        DCM_Rows, DCM_Columns};
    for (const DcmTagKey& tag : copied) {
        DcmElement* e = nullptr;
        if (first.findAndGetElement(tag, e, OFFalse, OFTrue /*copy*/).good())
            o.insert(e, OFTrue);
    }
    o.putAndInsertString(DCM_SOPClassUID, UID_EnhancedMRImageStorage);
    o.putAndInsertString(DCM_SOPInstanceUID, newUid(SITE_INSTANCE_UID_ROOT).c_str());
    o.putAndInsertString(DCM_SeriesInstanceUID, newUid(SITE_SERIES_UID_ROOT).c_str());
    o.putAndInsertString(DCM_Modality, "MR");
    o.putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY\\M\\NONE");
    o.putAndInsertString(DCM_InstanceNumber, "1");
    o.putAndInsertString(DCM_NumberOfFrames, std::to_string(slices.size()).c_str());
    const OFString spacing = str(first, DCM_PixelSpacing), thickness = str(first, DCM_SliceThickness),
                   orientation = str(first, DCM_ImageOrientationPatient), tr = str(first, DCM_RepetitionTime),
                   te = str(first, DCM_EchoTime), flip = str(first, DCM_FlipAngle);
    const struct { DcmTagKey macro, tag; const char* value; } shared[] = {
        {DCM_PixelMeasuresSequence, DCM_PixelSpacing, spacing.c_str()},
        {DCM_PixelMeasuresSequence, DCM_SliceThickness, thickness.c_str()},
        {DCM_PlaneOrientationSequence, DCM_ImageOrientationPatient, orientation.c_str()},
        {DCM_PixelValueTransformationSequence, DCM_RescaleIntercept, "0"},
        {DCM_PixelValueTransformationSequence, DCM_RescaleSlope, "1"},
        {DCM_PixelValueTransformationSequence, DCM_RescaleType, "US"},
        {DCM_MRTimingAndRelatedParametersSequence, DCM_RepetitionTime, tr.c_str()},
        {DCM_MRTimingAndRelatedParametersSequence, DCM_FlipAngle, flip.c_str()},
        {DCM_MREchoSequence, DCM_EffectiveEchoTime, te.c_str()}};
    DcmItem *group = nullptr, *item = nullptr;
    o.findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, group, 0);
    for (const auto& [macro, tag, value] : shared) {
        group->findOrCreateSequenceItem(macro, item, 0);
        item->putAndInsertString(tag, value);
    }
    std::vector<Uint16> pixels;
    for (std::size_t f = 0; f < slices.size(); ++f) {
        DcmDataset& s = *in[f].getDataset();
        DcmItem* frame = nullptr;
        o.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, -2 /*append*/);
        frame->findOrCreateSequenceItem(DCM_FrameContentSequence, item, 0);
        item->putAndInsertString(DCM_StackID, "1");
        item->putAndInsertUint32(DCM_InStackPositionNumber, static_cast<Uint32>(f + 1));
        frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, item, 0);
        item->putAndInsertString(DCM_ImagePositionPatient, str(s, DCM_ImagePositionPatient).c_str());
        const Uint16* p = nullptr;
        unsigned long n = 0;
        if (s.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad()
            || s.findAndGetUint16Array(DCM_PixelData, p, &n).bad())
            return "no pixels in " + slices[f].string();
        pixels.insert(pixels.end(), p, p + n);
    }
    o.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
    return save(out, to, xfer == EXS_Unknown ? EXS_LittleEndianExplicit : xfer);
}

// ---- looking at reports ----

// Every series and file error of a report, for failure messages.
std::string describe(const DicomReadReport& report)
{
    std::string text = std::to_string(report.series.size()) + " series;";
    for (const auto& s : report.series)
        text += " [" + s.source + (s.volume ? ": volume" : ": no volume")
            + (s.error ? " (" + s.error->toString() + ")" : "") + "]";
    for (const auto& e : report.fileErrors)
        text += " file error: " + e.toString() + ";";
    return text;
}

// The only series's volume, or nullptr when the report is anything else.
const Volume* onlyVolume(const DicomReadReport& report)
{
    return report.series.size() == 1 && report.series[0].volume ? &*report.series[0].volume : nullptr;
}

// A word containing capitals must appear as written ("CT"); others are
// matched case-insensitively ("gap" matches "Gap").
bool mentions(const std::string& text, const std::string& word)
{
    if (std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isupper(c); }))
        return text.find(word) != std::string::npos;
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.find(word) != std::string::npos;
}
bool mentionsAny(const std::string& text, const QStringList& words)
{
    return std::any_of(words.begin(), words.end(), [&](const QString& w) { return mentions(text, w.toStdString()); });
}

// A report of a folder that holds a valid 8-slice series (good_*.dcm, its own
// SeriesInstanceUID) beside whatever a test put there.
struct BesideGood {
    DicomReadReport report;
    bool goodRead = false;    // the series of exactly the good_ files made an 8x256x256 volume
    std::vector<Error> other; // errors of the other series, and all file errors
    bool otherVolume = false; // another series made a volume
};

std::string addGoodSeries(const fs::path& dir) { return copyGeRange(10, 17, dir, "good_", newSeries()); }

BesideGood readBesideGood(const fs::path& dir)
{
    BesideGood r;
    r.report = readDicomFiles(filesIn(dir));
    for (const auto& s : r.report.series) {
        const bool allGood = !s.files.empty() && std::all_of(s.files.begin(), s.files.end(),
            [](const fs::path& f) { return f.filename().string().rfind("good_", 0) == 0; });
        if (allGood && s.files.size() == 8) {
            r.goodRead = s.volume && !s.error && s.volume->size == std::array<std::size_t, 3>{8, 256, 256};
            continue;
        }
        r.otherVolume = r.otherVolume || s.volume.has_value();
        if (s.error)
            r.other.push_back(*s.error);
    }
    r.other.insert(r.other.end(), r.report.fileErrors.begin(), r.report.fileErrors.end());
    return r;
}

bool near(double a, double b, double tolerance) { return std::abs(a - b) <= tolerance; }

std::string str3(const std::array<double, 3>& v)
{
    return "(" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ", " + std::to_string(v[2]) + ")";
}

// "" when both volumes have the same grid, or how they differ.
std::string geometryDifference(const Volume& a, const Volume& b)
{
    if (a.size != b.size || a.acquiredOrientation != b.acquiredOrientation)
        return "size or acquired orientation differ: " + a.acquiredOrientation + " vs " + b.acquiredOrientation;
    for (std::size_t k = 0; k < 3; ++k)
        if (!near(a.origin[k], b.origin[k], 1e-3) || !near(a.spacing[k], b.spacing[k], 1e-4))
            return "origin/spacing " + str3(a.origin) + str3(a.spacing) + " vs " + str3(b.origin) + str3(b.spacing);
    for (std::size_t k = 0; k < 9; ++k)
        if (!near(a.direction[k], b.direction[k], 1e-9))
            return "direction differs";
    return {};
}

} // namespace

class TestDicomSeries : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        DcmRLEEncoderRegistration::registerCodecs();
        DJEncoderRegistration::registerCodecs();
        DJLSEncoderRegistration::registerCodecs();
    }
    void cleanupTestCase()
    {
        DJLSEncoderRegistration::cleanup();
        DJEncoderRegistration::cleanup();
        DcmRLEEncoderRegistration::cleanup();
    }

    void readsGeSagittalSeries()
    {
        REQUIRE_WHOLE_GE_SERIES();
        const auto all = filesIn(kGe); // 196 slices, LICENSE, SOURCE.md
        QVERIFY(isDicomFolderCompanion(kGe / "LICENSE"));
        QVERIFY(isDicomFolderCompanion(kGe / "SOURCE.md"));
        const auto report = readDicomFiles(all);
        for (const auto& e : report.fileErrors) // companions may be reported, slices never
            QVERIFY2(isDicomFolderCompanion(e.subject), e.toString().c_str());
        QCOMPARE(report.series.size(), std::size_t{1});
        const auto& s = report.series[0];
        QVERIFY2(s.volume && !s.error, describe(report).c_str());
        QCOMPARE(s.files.size(), std::size_t{196});
        QVERIFY2(s.source.find("195 more") != std::string::npos, s.source.c_str());
        const Volume& v = *s.volume;
        QCOMPARE(v.size, (std::array<std::size_t, 3>{196, 256, 256}));
        QCOMPARE(v.voxels.size(), v.voxelCount());
        QVERIFY2(near(v.spacing[0], 1.2, 1e-3) && near(v.spacing[1], 1.0547, 1e-6) && near(v.spacing[2], 1.0547, 1e-6),
            str3(v.spacing).c_str());
        // Rows run along +y (P), columns along -z (I), slices (sorted along the
        // normal row x col = -x) towards R.
        QCOMPARE(v.acquiredOrientation, std::string("PIR"));
        const std::array<double, 9> identity{1, 0, 0, 0, 1, 0, 0, 0, 1};
        for (std::size_t k = 0; k < 9; ++k)
            QVERIFY2(near(v.direction[k], identity[k], 1e-6), "direction is not the identity");
        // Voxel (0,0,0) is the right-most slice (00196.dcm), column 0, last row.
        const std::array<double, 3> corner{121.394 - 195 * 1.2, -134.594, 160.811 - 255 * 1.0547};
        for (std::size_t k = 0; k < 3; ++k)
            QVERIFY2(near(v.origin[k], corner[k], 0.01), (str3(v.origin) + " != " + str3(corner)).c_str());

        // Pixel (row r, column c) of slice file n lands at canonical (196 - n, c, 255 - r).
        for (int n : {1, 98, 196}) {
            const auto px = decodeDicomPixels(geFile(n));
            QVERIFY2(px.ok(), px.ok() ? "" : px.error().toString().c_str());
            QCOMPARE(px->rows, 256u);
            QCOMPARE(px->columns, 256u);
            QCOMPARE(px->frames, 1u);
            QCOMPARE(px->values.size(), std::size_t{256 * 256});
            const std::size_t i = static_cast<std::size_t>(196 - n);
            for (std::size_t r = 0; r < 256; ++r)
                for (std::size_t c = 0; c < 256; ++c)
                    if (v.at(i, c, 255 - r) != px->values[r * 256 + c])
                        QFAIL(qPrintable(QString("slice %1 pixel (%2,%3) misplaced").arg(n).arg(r).arg(c)));
            if (n == 98) // a slice through the head, not an empty edge slice
                QVERIFY(*std::max_element(px->values.begin(), px->values.end()) > 100.0f);
        }
        QCOMPARE(s.facts.manufacturer, std::string("GE MEDICAL SYSTEMS"));
        QCOMPARE(s.facts.model, std::string("Signa HDxt"));
        QVERIFY(s.facts.fieldStrengthT && near(*s.facts.fieldStrengthT, 3.0, 1e-9));
        QVERIFY(s.facts.repetitionTimeMs && near(*s.facts.repetitionTimeMs, 6.964, 1e-9));
        QVERIFY(s.facts.echoTimeMs && near(*s.facts.echoTimeMs, 2.832, 1e-9));
        QVERIFY(s.facts.flipAngleDeg && near(*s.facts.flipAngleDeg, 11.0, 1e-9));
    }

    void decodesTransferSyntaxes_data()
    {
        QTest::addColumn<QString>("file");      // under shared/data/dicom
        QTest::addColumn<QString>("reference"); // decodes to the same values; "" = must be refused
        QTest::addColumn<unsigned>("side");
        QTest::addColumn<double>("min");
        QTest::addColumn<double>("max");
        QTest::addColumn<double>("sum");
        const char* ts[] = {"explicit LE", "implicit LE", "explicit BE", "RLE", "JPEG lossless",
            "JPEG lossless (2)", "JPEG-LS", "JPEG-LS (2)"};
        for (int n = 1; n <= 8; ++n)
            QTest::newRow(ts[n - 1]) << QString("transfer-syntaxes/%1.dcm").arg(n) << "transfer-syntaxes/1.dcm"
                                     << 384u << 0.0 << 2362.0 << 38036663.0;
        QTest::newRow("JPEG 2000") << "transfer-syntaxes/9.dcm" << "" << 0u << 0.0 << 0.0 << 0.0;
        for (const char* v : {"", "_implicit", "_bigendian", "_RLE", "_jpeg_ls_lossless"})
            QTest::newRow(qPrintable(QString("MR_small%1").arg(v))) << QString("mr-small/MR_small%1.dcm").arg(v)
                << "mr-small/MR_small.dcm" << 64u << 127.0 << 2145.0 << 2125338.0;
        QTest::newRow("MR_small JPEG 2000") << "mr-small/MR_small_jp2klossless.dcm" << "" << 0u << 0.0 << 0.0 << 0.0;
    }
    void decodesTransferSyntaxes()
    {
        QFETCH(QString, file);
        if (!fs::exists(kDicom / file.toStdString()))
            QSKIP("this file is not in the test-data subset of a bare clone");
        QFETCH(QString, reference);
        QFETCH(unsigned, side);
        QFETCH(double, min);
        QFETCH(double, max);
        QFETCH(double, sum);
        const fs::path path = kDicom / file.toStdString();
        const auto px = decodeDicomPixels(path);
        if (reference.isEmpty()) {
            QVERIFY(!px.ok());
            QCOMPARE(px.error().code, ErrorCode::UnsupportedFormat);
            QCOMPARE(px.error().subject, path.string());
            QVERIFY2(px.error().message.find("JPEG 2000") != std::string::npos, px.error().toString().c_str());
            return;
        }
        QVERIFY2(px.ok(), px.ok() ? "" : px.error().toString().c_str());
        QCOMPARE(px->rows, side);
        QCOMPARE(px->columns, side);
        QCOMPARE(px->frames, 1u);
        QCOMPARE(px->values.size(), std::size_t{side} * side);
        const auto [lowest, highest] = std::minmax_element(px->values.begin(), px->values.end());
        QCOMPARE(double(*lowest), min);
        QCOMPARE(double(*highest), max);
        QCOMPARE(std::accumulate(px->values.begin(), px->values.end(), 0.0), sum);
        const auto ref = decodeDicomPixels(kDicom / reference.toStdString());
        QVERIFY2(ref.ok(), ref.ok() ? "" : ref.error().toString().c_str());
        QVERIFY(px->values == ref->values);
    }

    void refusesSiemensMosaic()
    {
        const auto report = readDicomFiles({kDicom / "transfer-syntaxes" / "1.dcm"});
        bool said = false;
        for (const auto& s : report.series) {
            QVERIFY2(!s.volume, "a mosaic must not become a volume");
            said = said || (s.error && mentions(s.error->message, "mosaic"));
        }
        for (const auto& e : report.fileErrors)
            said = said || mentions(e.message, "mosaic");
        QVERIFY2(said, describe(report).c_str());
    }

    // GE slices 95..102 re-encoded by DCMTK, as single-frame files or as one
    // Enhanced MR object, must give the volume the original files give.
    void matchesOriginalSlices_data()
    {
        QTest::addColumn<int>("xfer");
        QTest::addColumn<bool>("enhanced");
        QTest::newRow("RLE") << static_cast<int>(EXS_RLELossless) << false;
        QTest::newRow("JPEG lossless SV1") << static_cast<int>(EXS_JPEGProcess14SV1) << false;
        QTest::newRow("JPEG-LS lossless") << static_cast<int>(EXS_JPEGLSLossless) << false;
        QTest::newRow("enhanced MR") << static_cast<int>(EXS_LittleEndianExplicit) << true;
        QTest::newRow("enhanced MR, JPEG-LS") << static_cast<int>(EXS_JPEGLSLossless) << true;
    }
    void matchesOriginalSlices()
    {
        QFETCH(int, xfer);
        QFETCH(bool, enhanced);
        QTemporaryDir dir;
        const fs::path multi = tempPath(dir) / "enhanced.dcm";
        const std::string err = enhanced
            ? writeEnhanced(geFiles(95, 102), multi, static_cast<E_TransferSyntax>(xfer))
            : copyGeRange(95, 102, tempPath(dir), "", {}, static_cast<E_TransferSyntax>(xfer));
        QVERIFY2(err.empty(), err.c_str());
        if (enhanced) {
            const auto frames = decodeDicomPixels(multi);
            QVERIFY2(frames.ok(), frames.ok() ? "" : frames.error().toString().c_str());
            QCOMPARE(frames->frames, 8u);
            QCOMPARE(frames->values.size(), std::size_t{8 * 256 * 256});
        }
        const auto original = readDicomFiles(geFiles(95, 102));
        const auto copy = readDicomFiles(filesIn(tempPath(dir)));
        const Volume* reference = onlyVolume(original);
        const Volume* v = onlyVolume(copy);
        QVERIFY2(reference, describe(original).c_str());
        QVERIFY2(v, describe(copy).c_str());
        QCOMPARE(v->size, (std::array<std::size_t, 3>{8, 256, 256}));
        QCOMPARE(v->acquiredOrientation, std::string("PIR"));
        QVERIFY(*std::max_element(reference->voxels.begin(), reference->voxels.end()) > 100.0f); // not blank
        const std::string why = geometryDifference(*v, *reference);
        QVERIFY2(why.empty(), why.c_str());
        QVERIFY(v->voxels == reference->voxels);
        QCOMPARE(copy.series[0].facts.manufacturer, std::string("GE MEDICAL SYSTEMS"));
    }

    // Series that must not become a volume, each beside a valid series that must.
    void refusesInconsistentSeries_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("words"); // the error names at least one
        QTest::newRow("one 2D image") << "2d" << QStringList{"single", "2d", "one image", "only one"};
        QTest::newRow("4D: each position twice") << "4d" << QStringList{"4d", "time point", "echo"};
        QTest::newRow("slice missing") << "gap" << QStringList{"gap"};
        QTest::newRow("position repeated once") << "duplicate" << QStringList{"duplicate"};
        QTest::newRow("pixel spacing differs") << "spacing" << QStringList{"spacing", "mixed"};
        QTest::newRow("CT, not MR") << "ct" << QStringList{"CT"};
    }
    void refusesInconsistentSeries()
    {
        QFETCH(QString, kind);
        QFETCH(QStringList, words);
        QTemporaryDir tmp;
        const fs::path dir = tempPath(tmp);
        std::string err = addGoodSeries(dir); // (failures concatenate: "" is success)
        if (kind == "2d")
            err += copyGe(98, dir / "00098.dcm");
        else if (kind == "4d") // the same three positions at a second time point
            err += copyGeRange(95, 97, dir) + copyGeRange(95, 97, dir, "t2_", newInstance());
        else if (kind == "gap") {
            err += copyGeRange(95, 102, dir);
            fs::remove(dir / "00098.dcm");
        }
        else if (kind == "duplicate")
            err += copyGeRange(95, 102, dir) + copyGe(98, dir / "again_00098.dcm", newInstance());
        else if (kind == "spacing") { // slice 98 rewritten after the others
            err += copyGeRange(95, 102, dir);
            err += copyGe(98, dir / "00098.dcm", setString(DCM_PixelSpacing, "0.9\\0.9"));
        } else
            err += copyGeRange(95, 102, dir, "", setString(DCM_Modality, "CT"));
        QVERIFY2(err.empty(), err.c_str());

        const auto r = readBesideGood(dir);
        QVERIFY2(r.goodRead, describe(r.report).c_str());
        QVERIFY2(!r.otherVolume, describe(r.report).c_str());
        const bool said = std::any_of(r.other.begin(), r.other.end(),
            [&](const Error& e) { return mentionsAny(e.message, words); });
        QVERIFY2(said, describe(r.report).c_str());
    }

    // A file that cannot be used at all is reported by name, and the valid
    // series beside it is still read.
    void reportsUnusableFile_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("slice cut in half") << "truncated";
        QTest::newRow("random bytes named .dcm") << "noise";
        QTest::newRow("65535 x 65535 x 100000 pixels declared") << "huge";
    }
    void reportsUnusableFile()
    {
        QFETCH(QString, kind);
        QTemporaryDir tmp;
        const fs::path dir = tempPath(tmp);
        std::string err = addGoodSeries(dir);
        fs::path bad;
        if (kind == "truncated") { // among the other slices of its series
            bad = dir / "00098.dcm";
            err += copyGeRange(95, 102, dir);
            std::vector<char> half(fs::file_size(bad) / 2);
            std::ifstream(bad, std::ios::binary).read(half.data(), static_cast<std::streamsize>(half.size()));
            writeBytes(bad, half);
        } else if (kind == "noise") {
            bad = dir / "x.dcm";
            std::mt19937 random(20240425);
            std::vector<char> bytes(4096);
            for (char& b : bytes)
                b = static_cast<char>(random() & 0xff);
            writeBytes(bad, bytes);
        } else { // 16 pixels stored: must be refused from the header, before allocating
            bad = dir / "huge.dcm";
            err += copyGe(98, bad, [](DcmDataset& ds) {
                newSeries()(ds);
                newInstance()(ds);
                ds.putAndInsertString(DCM_Rows, "65535");
                ds.putAndInsertString(DCM_Columns, "65535");
                ds.putAndInsertString(DCM_NumberOfFrames, "100000");
                const Uint16 tiny[16] = {};
                ds.putAndInsertUint16Array(DCM_PixelData, tiny, 16);
            });
        }
        QVERIFY2(err.empty(), err.c_str());

        const auto r = readBesideGood(dir);
        QVERIFY2(r.goodRead, describe(r.report).c_str());
        const auto& fe = r.report.fileErrors;
        const auto hit = std::find_if(fe.begin(), fe.end(), [&](const Error& e) { return e.subject == bad.string(); });
        if (kind == "truncated") { // (the 7 slices left have a gap: their series may say so)
            QVERIFY2(hit != fe.end(), describe(r.report).c_str());
            QCOMPARE(hit->code, ErrorCode::Truncated);
            return;
        }
        QVERIFY2(!r.otherVolume, describe(r.report).c_str());
        if (kind == "noise") {
            QVERIFY2(hit != fe.end(), describe(r.report).c_str());
            QVERIFY2(hit->code == ErrorCode::UnsupportedFormat || hit->code == ErrorCode::Corrupt, hit->toString().c_str());
            QVERIFY2(mentions(hit->message, "dicom") && mentionsAny(hit->message, {"not", "neither"}),
                hit->toString().c_str());
            return;
        }
        bool refused = hit != fe.end(); // or its series refused as too large
        for (const auto& s : r.report.series)
            refused = refused || (s.error && s.error->code == ErrorCode::TooLarge
                && std::find(s.files.begin(), s.files.end(), bad) != s.files.end());
        QVERIFY2(refused, describe(r.report).c_str());
        const auto px = decodeDicomPixels(bad);
        QVERIFY(!px.ok());
        QCOMPARE(px.error().subject, bad.string());
        QVERIFY2(px.error().code == ErrorCode::TooLarge || px.error().code == ErrorCode::Truncated
                || px.error().code == ErrorCode::Corrupt,
            px.error().toString().c_str());
    }

    // A JPEG-LS file on which Debian's CharLS asserts (tests/fuzz found it: it
    // ended the process with SIGABRT): compressed pixels are decoded in a child
    // process, so the file gets a message and the other series of the folder are
    // still read.
    void survivesDecoderAbort()
    {
        const fs::path crasher = fs::path(TR_SOURCE_DIR) / "tests/fuzz/regressions/dicom/jpegls-charls-assert-abort.dcm";
        QVERIFY(fs::exists(crasher));
        const auto px = decodeDicomPixels(crasher);
        QVERIFY(!px.ok());
        QCOMPARE(px.error().subject, crasher.string());
        QCOMPARE(px.error().code, ErrorCode::Corrupt);
        QVERIFY2(mentions(px.error().message, "compressed pixel data is damaged"), px.error().toString().c_str());
        QVERIFY2(mentions(px.error().detail, "signal 6"), px.error().detail.c_str());

        QTemporaryDir tmp;
        const fs::path dir = tempPath(tmp);
        std::string err = addGoodSeries(dir);
        QVERIFY2(err.empty(), err.c_str());
        fs::copy_file(crasher, dir / "jpegls.dcm");
        const auto r = readBesideGood(dir);
        QVERIFY2(r.goodRead, describe(r.report).c_str());
        // (Alone in its series it is refused as one 2D image before decoding;
        // the decoding itself is checked above.)
        const bool reported = std::any_of(
            r.other.begin(), r.other.end(), [](const Error& e) { return mentions(e.toString(), "jpegls.dcm"); });
        QVERIFY2(reported, describe(r.report).c_str());
    }

    void recognisesFolderCompanions_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("companion");
        for (const char* name : {"DICOMDIR", "LICENSE", "SOURCE.md", "README.txt", "COPYRIGHT-pydicom-debian"})
            QTest::newRow(name) << name << true;
        for (const char* name : {"00001.dcm", "IM0001", "1.2.3.4"})
            QTest::newRow(name) << name << false;
    }
    void recognisesFolderCompanions()
    {
        QFETCH(QString, name);
        QFETCH(bool, companion);
        QCOMPARE(isDicomFolderCompanion(fs::path("/data/export/SERIES1") / name.toStdString()), companion);
    }
};

QTEST_APPLESS_MAIN(TestDicomSeries)
#include "tst_dicomseries.moc"
