#include "core/io/dicomseries.h"

#include "core/io/childprocess.h"
#include "core/io/itkvolume.h"
#include "core/io/volumereader.h"
#include "core/vec3.h"

#include <dcmtk/config/osconfig.h> // must come first among DCMTK headers
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>

namespace tr::core::io {

namespace {

namespace fs = std::filesystem;

void registerCodecs()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Kept registered for the life of the process: DCMTK's cleanup() must not
        // run while another thread decodes.
        DcmRLEDecoderRegistration::registerCodecs();
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        // DCMTK would print its own warnings to stderr; we report per file instead.
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    });
}

Error fileError(ErrorCode code, const fs::path& file, std::string message, std::string detail = {})
{
    return Error{code, file.string(), std::move(message), std::move(detail)};
}

bool hasDicomMagic(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    char magic[4] = {};
    in.seekg(128);
    return in.read(magic, 4) && std::string_view(magic, 4) == "DICM";
}

Result<std::unique_ptr<DcmFileFormat>> loadDicom(const fs::path& file)
{
    registerCodecs();
    std::error_code ec;
    if (!fs::exists(file, ec))
        return fileError(ErrorCode::NotFound, file, "No such file. Check the path.");
    auto format = std::make_unique<DcmFileFormat>();
    const OFCondition status = format->loadFile(file.c_str());
    const bool magic = hasDicomMagic(file);
    if (status.bad()) {
        if (!magic)
            return fileError(ErrorCode::UnsupportedFormat, file,
                "This is neither a DICOM file (no DICOM header, and it does not parse as a headerless dataset) "
                "nor a volume file by its name (.nii, .nii.gz, .mha, .mhd, .nrrd). Remove it, or rename a volume "
                "file to its format's extension.",
                status.text());
        if (status == EC_StreamNotifyClient)
            return fileError(ErrorCode::Truncated, file,
                "The DICOM file ends early: it is truncated (an interrupted copy or transfer?). Copy or export "
                "it again.",
                status.text());
        return fileError(ErrorCode::Corrupt, file, "The DICOM file is damaged and cannot be read. Export it again.",
            status.text());
    }
    DcmDataset* data = format->getDataset();
    // Without the DICM preamble DCMTK parses any bytes as a headerless dataset;
    // a real one has at least image dimensions or a SOP class.
    if (!magic && !data->tagExists(DCM_SOPClassUID) && !data->tagExists(DCM_Rows))
        return fileError(ErrorCode::UnsupportedFormat, file,
            "This is neither a DICOM file nor a volume file by its name (.nii, .nii.gz, .mha, .mhd, .nrrd). "
            "Remove it, or rename a volume file to its format's extension.");
    return format;
}

std::string text(DcmItem& item, const DcmTagKey& tag)
{
    OFString value;
    if (item.findAndGetOFStringArray(tag, value, OFTrue).good())
        return value.c_str();
    return {};
}

std::optional<double> number(DcmItem& item, const DcmTagKey& tag, bool searchIntoSequences = false)
{
    Float64 value = 0;
    if (item.findAndGetFloat64(tag, value, 0, searchIntoSequences ? OFTrue : OFFalse).good())
        return value;
    return std::nullopt;
}

bool numbers(DcmItem& item, const DcmTagKey& tag, double* out, unsigned long count)
{
    for (unsigned long i = 0; i < count; ++i)
        if (item.findAndGetFloat64(tag, out[i], i).bad())
            return false;
    return true;
}

// A functional-group macro of an enhanced object: the per-frame item first, then
// the shared one (PS3.3 C.7.6.16).
DcmItem* functionalGroup(DcmDataset& data, long frame, const DcmTagKey& macro)
{
    DcmItem* group = nullptr;
    DcmItem* item = nullptr;
    if (data.findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, group, frame).good()
        && group->findAndGetSequenceItem(macro, item, 0).good())
        return item;
    if (data.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, group, 0).good()
        && group->findAndGetSequenceItem(macro, item, 0).good())
        return item;
    return nullptr;
}

bool isEnhanced(DcmDataset& data) { return data.tagExists(DCM_PerFrameFunctionalGroupsSequence); }

// Geometry of one frame.
struct Frame {
    fs::path file;
    unsigned index = 0; // frame within the file
    Vec3 position{};
    std::array<double, 6> orientation{};
    std::array<double, 2> pixelSpacing{}; // between rows, between columns (DICOM order)
    unsigned rows = 0, columns = 0;
};

struct Header {
    fs::path file;
    std::string seriesKey; // SeriesInstanceUID, in memory only
    AcquisitionFacts facts;
    std::vector<Frame> frames;
};

AcquisitionFacts factsOf(DcmDataset& data)
{
    // Whitelist: only these values leave the file (see dicomseries.h).
    AcquisitionFacts facts;
    facts.manufacturer = text(data, DCM_Manufacturer);
    facts.model = text(data, DCM_ManufacturerModelName);
    facts.fieldStrengthT = number(data, DCM_MagneticFieldStrength);
    facts.repetitionTimeMs = number(data, DCM_RepetitionTime, true);
    facts.echoTimeMs = number(data, DCM_EchoTime, true);
    if (!facts.echoTimeMs)
        facts.echoTimeMs = number(data, DCM_EffectiveEchoTime, true);
    facts.flipAngleDeg = number(data, DCM_FlipAngle, true);
    std::string sequence = text(data, DCM_MRAcquisitionType);
    for (const auto& part : {text(data, DCM_ScanningSequence), text(data, DCM_SequenceVariant),
             text(data, DCM_PulseSequenceName)})
        if (!part.empty())
            sequence += (sequence.empty() ? "" : " ") + part;
    facts.sequence = sequence;
    return facts;
}

Result<Header> readHeader(const fs::path& file)
{
    auto loaded = loadDicom(file);
    if (!loaded)
        return loaded.error();
    DcmDataset& data = *(*loaded)->getDataset();

    const std::string modality = text(data, DCM_Modality);
    if (!modality.empty() && modality != "MR")
        return fileError(ErrorCode::UnsupportedFormat, file,
            "Its modality is " + modality + ", not MR. Turing Reader studies T1-weighted brain MR; import MR "
            "series only.");
    Uint16 rows = 0, columns = 0, samples = 1, bits = 0;
    if (data.findAndGetUint16(DCM_Rows, rows).bad() || data.findAndGetUint16(DCM_Columns, columns).bad()
        || !data.tagExists(DCM_PixelData))
        return fileError(ErrorCode::UnsupportedFormat, file,
            "This DICOM file holds no image (no pixel data): a report, presentation state or similar. It was "
            "skipped.");
    data.findAndGetUint16(DCM_SamplesPerPixel, samples);
    data.findAndGetUint16(DCM_BitsAllocated, bits);
    if (samples != 1)
        return fileError(ErrorCode::UnsupportedFormat, file,
            "This is a colour image (" + std::to_string(samples) + " samples per pixel); MR volumes are greyscale.");
    if (bits != 8 && bits != 16)
        return fileError(ErrorCode::UnsupportedFormat, file,
            std::to_string(bits) + "-bit pixels are not supported; MR images use 8 or 16 bits.");
    if (text(data, DCM_ImageType).find("MOSAIC") != std::string::npos)
        return fileError(ErrorCode::UnsupportedFormat, file,
            "This is a Siemens mosaic (many slices tiled into one image, typical of EPI/fMRI), not a structural "
            "series. Export the T1-weighted series, or convert the mosaic with dcm2niix and import the NIfTI.");
    Sint32 declaredFrames = 1;
    if (data.findAndGetSint32(DCM_NumberOfFrames, declaredFrames).bad())
        declaredFrames = 1;
    if (declaredFrames < 1)
        return fileError(ErrorCode::Corrupt, file, "The file declares " + std::to_string(declaredFrames) + " frames.");
    if (std::uint64_t(rows) * columns * std::uint64_t(declaredFrames) > kMaxVolumeVoxels)
        return fileError(ErrorCode::TooLarge, file,
            "The header declares " + std::to_string(rows) + " x " + std::to_string(columns) + " x "
                + std::to_string(declaredFrames)
                + " pixels, far beyond any brain MR; the header is damaged. Export the series again.");

    Header header;
    header.file = file;
    header.seriesKey = text(data, DCM_SeriesInstanceUID);
    if (header.seriesKey.empty())
        header.seriesKey = "file:" + file.string(); // without a series UID a file stands alone
    header.facts = factsOf(data);

    auto frameFrom = [&](DcmItem* position, DcmItem* orientation, DcmItem* measures, unsigned index) -> std::optional<Frame> {
        Frame f;
        f.file = file;
        f.index = index;
        f.rows = rows;
        f.columns = columns;
        if (!position || !orientation || !measures || !numbers(*position, DCM_ImagePositionPatient, f.position.data(), 3)
            || !numbers(*orientation, DCM_ImageOrientationPatient, f.orientation.data(), 6)
            || !numbers(*measures, DCM_PixelSpacing, f.pixelSpacing.data(), 2))
            return std::nullopt;
        return f;
    };
    if (isEnhanced(data)) {
        DcmSequenceOfItems* perFrame = nullptr;
        data.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame);
        if (!perFrame || perFrame->card() != static_cast<unsigned long>(declaredFrames))
            return fileError(ErrorCode::Corrupt, file,
                "The per-frame descriptions do not match the number of frames; the file is damaged.");
        for (long i = 0; i < declaredFrames; ++i) {
            auto frame = frameFrom(functionalGroup(data, i, DCM_PlanePositionSequence),
                functionalGroup(data, i, DCM_PlaneOrientationSequence), functionalGroup(data, i, DCM_PixelMeasuresSequence),
                static_cast<unsigned>(i));
            if (!frame)
                return fileError(ErrorCode::UnsupportedFormat, file,
                    "Frame " + std::to_string(i + 1)
                        + " has no position, orientation or pixel spacing, so no volume can be built from it.");
            header.frames.push_back(*frame);
        }
    } else {
        if (declaredFrames > 1)
            return fileError(ErrorCode::UnsupportedFormat, file,
                "This multi-frame file has no per-frame positions (not an enhanced MR object), so its frames "
                "cannot be placed in space. Export the series as enhanced MR or as single-frame files.");
        auto frame = frameFrom(&data, &data, &data, 0);
        if (!frame)
            return fileError(ErrorCode::UnsupportedFormat, file,
                "This image has no patient position, orientation or pixel spacing (a screenshot or secondary "
                "capture?), so it cannot be placed in a volume.");
        header.frames.push_back(*frame);
    }
    return header;
}

double rescaleOf(DcmItem* item, const DcmTagKey& tag, double fallback)
{
    Float64 value = fallback;
    if (item && item->findAndGetFloat64(tag, value).good())
        return value;
    return fallback;
}

std::string describeSeries(const std::vector<fs::path>& files)
{
    if (files.empty())
        return {};
    return files.front().string()
        + (files.size() > 1 ? " (+" + std::to_string(files.size() - 1) + " more files of this series)" : "");
}

bool near(double a, double b, double tolerance) { return std::abs(a - b) <= tolerance; }

// Builds the volume of one series from its frames; fills outcome.volume or .error.
void buildSeries(std::vector<Frame> frames, DicomSeriesOutcome& outcome)
{
    auto fail = [&](ErrorCode code, const std::string& message) {
        outcome.error = Error{code, outcome.source, message, {}};
    };
    const Frame& first = frames.front();
    for (const Frame& f : frames) {
        if (f.rows != first.rows || f.columns != first.columns)
            return fail(ErrorCode::UnsupportedFormat,
                "mixed image sizes in one series: " + f.file.string() + " is " + std::to_string(f.columns) + " x "
                    + std::to_string(f.rows) + ", " + first.file.string() + " is " + std::to_string(first.columns)
                    + " x " + std::to_string(first.rows) + ". Export each volume as its own series.");
        for (int i = 0; i < 6; ++i)
            if (!near(f.orientation[std::size_t(i)], first.orientation[std::size_t(i)], 1e-3))
                return fail(ErrorCode::UnsupportedFormat,
                    "mixed slice orientations in one series (" + f.file.string() + " differs from "
                        + first.file.string() + "), e.g. a localiser. Export the T1-weighted volume on its own.");
        for (int i = 0; i < 2; ++i)
            if (!near(f.pixelSpacing[std::size_t(i)], first.pixelSpacing[std::size_t(i)], 1e-3 * first.pixelSpacing[std::size_t(i)]))
                return fail(ErrorCode::UnsupportedFormat,
                    "mixed pixel spacing in one series: " + f.file.string() + " differs from " + first.file.string()
                        + ". A volume needs one voxel size; export the series again.");
    }
    const Vec3 rowDir{first.orientation[0], first.orientation[1], first.orientation[2]};
    const Vec3 columnDir{first.orientation[3], first.orientation[4], first.orientation[5]};
    const Vec3 normal = cross(rowDir, columnDir);
    if (norm(normal) < 0.9)
        return fail(ErrorCode::Corrupt, "ImageOrientationPatient does not hold two perpendicular unit vectors.");
    std::stable_sort(frames.begin(), frames.end(),
        [&](const Frame& a, const Frame& b) { return dot(a.position, normal) < dot(b.position, normal); });

    // Positions along the normal, grouped where they coincide (0.01 mm).
    std::vector<std::vector<const Frame*>> positions;
    for (const Frame& f : frames) {
        if (!positions.empty() && std::abs(dot(f.position, normal) - dot(positions.back().front()->position, normal)) < 0.01)
            positions.back().push_back(&f);
        else
            positions.push_back({&f});
    }
    if (frames.size() == 1)
        return fail(ErrorCode::UnsupportedFormat,
            "a single 2D image, not a volume. Import the whole series (the folder holding all its slices).");
    const std::size_t repeats = positions.front().size();
    const bool uniform = std::all_of(positions.begin(), positions.end(), [&](const auto& p) { return p.size() == repeats; });
    if (repeats > 1 && uniform)
        return fail(ErrorCode::UnsupportedFormat,
            "a 4D series: " + std::to_string(frames.size()) + " images at only " + std::to_string(positions.size())
                + " positions, each position " + std::to_string(repeats)
                + " times (several echoes, time points or contrasts). Export a single 3D volume.");
    for (const auto& p : positions)
        if (p.size() > 1)
            return fail(ErrorCode::Corrupt,
                "duplicate slice positions: " + p[0]->file.string() + " and " + p[1]->file.string()
                    + " lie at the same place. Remove the duplicate file (a copy?) and import again.");
    if (positions.size() < 3)
        return fail(ErrorCode::UnsupportedFormat,
            "only " + std::to_string(positions.size()) + " slices: too few for a volume. Import the whole series.");

    std::vector<double> steps;
    for (std::size_t i = 1; i < frames.size(); ++i)
        steps.push_back(dot(frames[i].position - frames[i - 1].position, normal));
    std::vector<double> sorted = steps;
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(sorted.size() / 2), sorted.end());
    const double spacing = sorted[sorted.size() / 2];
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (steps[i] > 1.5 * spacing)
            return fail(ErrorCode::Corrupt,
                "a gap of " + std::to_string(steps[i]) + " mm between " + frames[i].file.string() + " and "
                    + frames[i + 1].file.string() + " where the other slices are " + std::to_string(spacing)
                    + " mm apart: a slice is missing. Copy the whole series again.");
        if (!near(steps[i], spacing, std::max(0.01, 0.02 * spacing)))
            return fail(ErrorCode::UnsupportedFormat,
                "mixed slice spacing: " + std::to_string(steps[i]) + " mm between " + frames[i].file.string()
                    + " and " + frames[i + 1].file.string() + ", " + std::to_string(spacing)
                    + " mm elsewhere. A volume needs even spacing; export the series again.");
    }
    // Slices must be stacked along their normal; a sheared stack (gantry tilt)
    // would need resampling that we do not do silently.
    const Vec3 stack = frames.back().position - frames.front().position;
    if (dot(stack, normal) / norm(stack) < std::cos(radians(1.0)))
        return fail(ErrorCode::UnsupportedFormat,
            "the slices are not stacked perpendicular to their plane (gantry tilt or a sheared stack). Resample "
            "the series to a regular grid (e.g. dcm2niix) and import the NIfTI.");
    const std::size_t slices = frames.size();
    if (std::uint64_t(first.rows) * first.columns * slices > kMaxVolumeVoxels)
        return fail(ErrorCode::TooLarge, "the series is too large for one volume.");

    // Pixels, decoded once per file.
    auto image = ItkVolume::New();
    ItkVolume::RegionType region;
    region.SetSize(0, first.columns);
    region.SetSize(1, first.rows);
    region.SetSize(2, slices);
    ItkVolume::SpacingType itkSpacing;
    itkSpacing[0] = first.pixelSpacing[1]; // DICOM: (between rows, between columns)
    itkSpacing[1] = first.pixelSpacing[0];
    itkSpacing[2] = spacing;
    ItkVolume::PointType origin;
    ItkVolume::DirectionType direction;
    for (unsigned d = 0; d < 3; ++d) {
        origin[d] = frames.front().position[d];
        direction(d, 0) = rowDir[d];
        direction(d, 1) = columnDir[d];
        direction(d, 2) = normal[d];
    }
    try {
        image->SetRegions(region);
        image->SetSpacing(itkSpacing);
        image->SetOrigin(origin);
        image->SetDirection(direction);
        image->Allocate();
    } catch (const std::bad_alloc&) {
        return fail(ErrorCode::TooLarge, "not enough memory for this series.");
    }
    float* voxels = image->GetBufferPointer();
    const std::size_t perSlice = std::size_t(first.rows) * first.columns;
    std::map<fs::path, DicomPixels> decoded;
    for (std::size_t s = 0; s < slices; ++s) {
        const Frame& f = frames[s];
        auto it = decoded.find(f.file);
        if (it == decoded.end()) {
            auto pixels = decodeDicomPixels(f.file);
            if (!pixels) {
                outcome.error = pixels.error();
                return;
            }
            if (decoded.size() > 8) // keep memory bounded for multi-file series
                decoded.clear();
            it = decoded.emplace(f.file, std::move(*pixels)).first;
        }
        const auto& pixels = it->second;
        std::copy_n(pixels.values.begin() + std::ptrdiff_t(std::size_t(f.index) * perSlice), perSlice,
            voxels + s * perSlice);
    }
    try {
        outcome.volume = canonicalVolume(image);
    } catch (const itk::ExceptionObject& e) {
        outcome.error = Error{ErrorCode::Internal, outcome.source, "the volume could not be reoriented.", e.GetDescription()};
    }
}

} // namespace

bool isDicomFolderCompanion(const fs::path& file)
{
    std::string name = file.filename().string();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    for (const char* prefix : {"DICOMDIR", "LICENSE", "LICENCE", "COPYRIGHT", "COPYING", "README", "SOURCE"})
        if (name.rfind(prefix, 0) == 0)
            return true;
    const std::string extension = file.extension().string();
    std::string upper = extension;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    for (const char* e : {".MD", ".TXT", ".CSV", ".TSV", ".JSON", ".XML", ".HTML", ".PDF", ".PNG", ".JPG", ".JPEG"})
        if (upper == e)
            return true;
    return false;
}

namespace {

Result<DicomPixels> decodeInThisProcess(const fs::path& file)
{
    auto loaded = loadDicom(file);
    if (!loaded)
        return loaded.error();
    DcmDataset& data = *(*loaded)->getDataset();
    const E_TransferSyntax original = data.getOriginalXfer();
    const DcmXfer xfer(original);
    auto unsupported = [&](const std::string& detail) {
        const std::string uid = xfer.getXferID();
        const bool jpeg2000 = uid.rfind("1.2.840.10008.1.2.4.9", 0) == 0;
        return fileError(ErrorCode::UnsupportedFormat, file,
            std::string("The pixels are compressed as ") + (jpeg2000 ? "JPEG 2000" : xfer.getXferName()) + " ("
                + uid + "), which Turing Reader cannot decode"
                + (jpeg2000 ? " (Debian's DCMTK has no JPEG 2000 codec)" : "")
                + ". Convert the series to uncompressed DICOM (e.g. 'gdcmconv --raw IN OUT') and import that.",
            detail);
    };
    if (xfer.isEncapsulated() && !DcmCodecList::canChangeCoding(original, EXS_LittleEndianExplicit))
        return unsupported({});
    const OFCondition status = data.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    if (status.bad() || !data.canWriteXfer(EXS_LittleEndianExplicit))
        return unsupported(status.text());

    Uint16 rows = 0, columns = 0, bits = 0, representation = 0, samples = 1;
    data.findAndGetUint16(DCM_Rows, rows);
    data.findAndGetUint16(DCM_Columns, columns);
    data.findAndGetUint16(DCM_BitsAllocated, bits);
    data.findAndGetUint16(DCM_PixelRepresentation, representation);
    data.findAndGetUint16(DCM_SamplesPerPixel, samples);
    Sint32 frames = 1;
    if (data.findAndGetSint32(DCM_NumberOfFrames, frames).bad() || frames < 1)
        frames = 1;
    if (samples != 1)
        return fileError(ErrorCode::UnsupportedFormat, file, "This is a colour image; MR volumes are greyscale.");
    const std::uint64_t count = std::uint64_t(rows) * columns * std::uint64_t(frames);
    if (count == 0)
        return fileError(ErrorCode::Corrupt, file, "The image has no rows or columns.");
    if (count > kMaxVolumeVoxels)
        return fileError(ErrorCode::TooLarge, file, "The header declares far more pixels than any MR image has.");

    DicomPixels out;
    out.rows = rows;
    out.columns = columns;
    out.frames = static_cast<unsigned>(frames);
    unsigned long available = 0;
    const Uint8* bytes = nullptr;
    const Uint16* words = nullptr;
    OFCondition got = bits == 8 ? data.findAndGetUint8Array(DCM_PixelData, bytes, &available)
                                : data.findAndGetUint16Array(DCM_PixelData, words, &available);
    if (bits != 8 && bits != 16)
        return fileError(ErrorCode::UnsupportedFormat, file, std::to_string(bits) + "-bit pixels are not supported.");
    if (got.bad() || (!bytes && !words))
        return fileError(ErrorCode::Corrupt, file, "The pixel data cannot be read.", got.text());
    if (available < count)
        return fileError(ErrorCode::Truncated, file,
            "The pixel data holds " + std::to_string(available) + " values where the header declares "
                + std::to_string(count) + ": the file is truncated. Copy or export it again.");
    out.values.resize(count);
    for (std::uint64_t i = 0; i < count; ++i) {
        if (bits == 8)
            out.values[i] = representation ? float(static_cast<Sint8>(bytes[i])) : float(bytes[i]);
        else
            out.values[i] = representation ? float(static_cast<Sint16>(words[i])) : float(words[i]);
    }
    // Rescale to the stored quantity: top-level, or per frame in enhanced objects.
    const std::size_t perFrame = std::size_t(rows) * columns;
    for (unsigned f = 0; f < out.frames; ++f) {
        DcmItem* transform = isEnhanced(data) ? functionalGroup(data, long(f), DCM_PixelValueTransformationSequence) : &data;
        const double slope = rescaleOf(transform, DCM_RescaleSlope, 1.0);
        const double intercept = rescaleOf(transform, DCM_RescaleIntercept, 0.0);
        if (slope == 1.0 && intercept == 0.0)
            continue;
        for (std::size_t i = 0; i < perFrame; ++i) {
            float& v = out.values[f * perFrame + i];
            v = float(v * slope + intercept);
        }
    }
    return out;
}

// The decoded pixels (or the error) as bytes, from the decoder's child
// process to its parent: a tag, then the fields in the machine's order.
template <typename T>
void put(std::string& out, const T& value)
{
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}
void putText(std::string& out, const std::string& text)
{
    put(out, std::uint64_t(text.size()));
    out += text;
}
template <typename T>
bool take(const std::string& in, std::size_t& at, T& value)
{
    if (in.size() - at < sizeof value)
        return false;
    std::memcpy(&value, in.data() + at, sizeof value);
    at += sizeof value;
    return true;
}
bool takeText(const std::string& in, std::size_t& at, std::string& text)
{
    std::uint64_t size = 0;
    if (!take(in, at, size) || in.size() - at < size)
        return false;
    text = in.substr(at, size);
    at += size;
    return true;
}

std::string encodeOutcome(const Result<DicomPixels>& result)
{
    std::string out;
    put(out, std::uint8_t(result.ok()));
    if (!result.ok()) {
        put(out, std::int32_t(result.error().code));
        putText(out, result.error().message);
        putText(out, result.error().detail);
        return out;
    }
    put(out, result->rows);
    put(out, result->columns);
    put(out, result->frames);
    put(out, std::uint64_t(result->values.size()));
    out.append(reinterpret_cast<const char*>(result->values.data()), result->values.size() * sizeof(float));
    return out;
}

Result<DicomPixels> decodeOutcome(const std::string& in, const fs::path& file)
{
    const Error garbled = fileError(ErrorCode::Internal, file,
        "The decoder process's answer is garbled; this is a bug, please report it.");
    std::size_t at = 0;
    std::uint8_t ok = 0;
    if (!take(in, at, ok))
        return garbled;
    if (!ok) {
        std::int32_t code = 0;
        std::string message, detail;
        if (!take(in, at, code) || !takeText(in, at, message) || !takeText(in, at, detail))
            return garbled;
        return fileError(ErrorCode(code), file, message, detail);
    }
    DicomPixels pixels;
    std::uint64_t count = 0;
    if (!take(in, at, pixels.rows) || !take(in, at, pixels.columns) || !take(in, at, pixels.frames)
        || !take(in, at, count) || (in.size() - at) / sizeof(float) != count)
        return garbled;
    pixels.values.resize(count);
    std::memcpy(pixels.values.data(), in.data() + at, count * sizeof(float));
    return pixels;
}

} // namespace

Result<DicomPixels> decodeDicomPixels(const fs::path& file)
{
    {
        auto loaded = loadDicom(file);
        if (!loaded)
            return loaded.error();
        if (!DcmXfer((*loaded)->getDataset()->getOriginalXfer()).isEncapsulated())
            return decodeInThisProcess(file);
    }
    // Compressed pixels go through third-party codecs that may abort on a
    // damaged stream (CharLS's assertions do): decode them in a child process.
    const ChildOutcome child = runInChildProcess([&] { return encodeOutcome(decodeInThisProcess(file)); });
    if (!child.completed)
        return fileError(ErrorCode::Corrupt, file,
            "The compressed pixel data is damaged: the decoder stopped on it. Export the series again from the "
            "scanner or PACS, or convert it to uncompressed DICOM ('gdcmconv --raw IN OUT') to see which frames "
            "survive.",
            child.problem);
    return decodeOutcome(child.output, file);
}

DicomReadReport readDicomFiles(const std::vector<fs::path>& files)
{
    DicomReadReport report;
    std::vector<std::string> order;
    std::map<std::string, std::vector<Header>> series;
    for (const auto& file : files) {
        auto header = readHeader(file);
        if (!header) {
            report.fileErrors.push_back(header.error());
            continue;
        }
        auto& group = series[header->seriesKey];
        if (group.empty())
            order.push_back(header->seriesKey);
        group.push_back(std::move(*header));
    }
    for (const auto& key : order) {
        const auto& headers = series[key];
        DicomSeriesOutcome outcome;
        std::vector<Frame> frames;
        for (const auto& h : headers) {
            outcome.files.push_back(h.file);
            frames.insert(frames.end(), h.frames.begin(), h.frames.end());
        }
        outcome.source = describeSeries(outcome.files);
        outcome.facts = headers.front().facts;
        buildSeries(std::move(frames), outcome);
        report.series.push_back(std::move(outcome));
    }
    return report;
}

} // namespace tr::core::io
