#include "core/io/volumereader.h"

#include "core/io/filecompleteness.h"
#include "core/io/itkvolume.h"
#include "core/io/nifti2reader.h"
#include "core/io/volumeheadercheck.h"

#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageIOBase.h>
#include <itkImageIOFactory.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <string>
#include <system_error>

namespace tr::core::io {

namespace {

using ImageType = ItkVolume;

// We register the readers we support explicitly instead of relying on ITK's
// generated factory-registration headers (ITK_USE_FILE), which would also pull
// in every IO module the installed ITK happens to have.
void registerImageIOs()
{
    static std::once_flag once;
    std::call_once(once, [] {
        itk::NiftiImageIOFactory::RegisterOneFactory();
        itk::MetaImageIOFactory::RegisterOneFactory();
        itk::NrrdImageIOFactory::RegisterOneFactory();
    });
}

Error makeError(ErrorCode code, const std::filesystem::path& path, std::string message, std::string detail = {})
{
    return Error{code, path.string(), std::move(message), std::move(detail)};
}

// ITK reports a short read (a truncated file, or a .nii.gz whose stream ends
// early) with one of these phrases; anything else while reading pixels is
// treated as corrupt content.
bool looksTruncated(const std::string& what)
{
    for (const char* phrase : {"truncat", "end of file", "EOF", "premature", "Read failed",
             "could not read", "Could not read", "only read", "ReadBufferAsBinary"}) {
        if (what.find(phrase) != std::string::npos)
            return true;
    }
    return false;
}

Result<void> checkReadableFile(const std::filesystem::path& path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status))
        return makeError(ErrorCode::NotFound, path,
            "No such file. Check the path, or that the disk holding it is mounted.");
    if (std::filesystem::is_directory(status))
        return makeError(ErrorCode::UnsupportedFormat, path,
            "This is a folder, not a volume file. Open a .nii, .nii.gz, .mha, .mhd or .nrrd file "
            "(DICOM folders are imported, not opened).");
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
        return makeError(ErrorCode::PermissionDenied, path,
            "The file exists but cannot be read. Check its permissions.");
    if (std::filesystem::file_size(path, ec) == 0)
        return makeError(ErrorCode::Truncated, path,
            "The file is empty (0 bytes). Copy or export it again.");
    return {};
}

Result<void> checkGeometry(const std::filesystem::path& path, const itk::ImageIOBase& info, VolumeShape accept)
{
    const unsigned dims = info.GetNumberOfDimensions();
    std::size_t voxels = 1;
    for (unsigned d = 0; d < dims; ++d) {
        const auto n = info.GetDimensions(d);
        if (n == 0)
            return makeError(ErrorCode::Corrupt, path,
                "The header declares an axis of length 0. The file is damaged; export it again.");
        if (d >= 3 && n > 1)
            return makeError(ErrorCode::UnsupportedFormat, path,
                "This is a " + std::to_string(dims) + "D image with " + std::to_string(n)
                    + " volumes. Turing Reader needs a single 3D T1-weighted volume; extract one "
                      "(e.g. with fslroi) and open that.");
        if (voxels > kMaxVolumeVoxels / n)
            return makeError(ErrorCode::TooLarge, path,
                "The header declares more than " + std::to_string(kMaxVolumeVoxels)
                    + " voxels, far beyond any brain MRI; the header is damaged or this is not a "
                      "head scan.");
        voxels *= n;
    }
    if (accept == VolumeShape::ThreeD && (dims < 3 || info.GetDimensions(2) < 2))
        return makeError(ErrorCode::UnsupportedFormat, path,
            "This is a 2D image. Turing Reader needs a 3D volume (a whole T1-weighted series).");
    if (info.GetNumberOfComponents() != 1)
        return makeError(ErrorCode::UnsupportedFormat, path,
            "Each voxel holds " + std::to_string(info.GetNumberOfComponents())
                + " values (colour or vector data). Turing Reader needs a scalar (greyscale) MR volume.");
    return {};
}

Result<void> checkGeometryRead(const std::filesystem::path& path, const itk::ImageIOBase& info)
{
    std::array<double, 3> spacing{}, origin{};
    std::array<double, 9> direction{};
    for (unsigned d = 0; d < 3; ++d) {
        // A 2D file (VolumeShape::SliceOrVolume) has no third axis: ITK makes it 1 mm, at 0, along z.
        if (d >= info.GetNumberOfDimensions()) {
            spacing[d] = 1.0;
            direction[d * 3 + d] = 1.0;
            continue;
        }
        spacing[d] = info.GetSpacing(d);
        origin[d] = info.GetOrigin(d);
        const auto axis = info.GetDirection(d);
        for (unsigned r = 0; r < 3; ++r)
            direction[r * 3 + d] = r < axis.size() ? axis[r] : (r == d ? 1.0 : 0.0);
    }
    return checkGeometryNumbers(path, spacing, origin, direction);
}

Result<Volume> readWithItk(const std::filesystem::path& path, VolumeShape accept)
{
    if (auto header = checkHeaderBeforeItk(path); !header)
        return header.error();

    registerImageIOs();
    const std::string name = path.string();
    itk::ImageIOBase::Pointer imageIO
        = itk::ImageIOFactory::CreateImageIO(name.c_str(), itk::IOFileModeEnum::ReadMode);
    if (!imageIO)
        return makeError(ErrorCode::UnsupportedFormat, path,
            "This is not an image file Turing Reader can read. Open a NIfTI (.nii, .nii.gz), "
            "MetaImage (.mha, .mhd) or NRRD (.nrrd) volume; DICOM series are imported as folders.");

    try {
        imageIO->SetFileName(name);
        imageIO->ReadImageInformation();
    } catch (const itk::ExceptionObject& e) {
        return makeError(ErrorCode::Corrupt, path,
            "The image header cannot be read; the file is damaged. Copy or export it again.",
            e.GetDescription());
    }
    if (auto geometry = checkGeometry(path, *imageIO, accept); !geometry)
        return geometry.error();
    if (auto numbers = checkGeometryRead(path, *imageIO); !numbers)
        return numbers.error();
    if (imageIO->GetComponentType() == itk::IOComponentEnum::UNKNOWNCOMPONENTTYPE)
        return makeError(ErrorCode::UnsupportedFormat, path,
            "The header names no voxel type Turing Reader reads; convert the volume to 8- or 16-bit integers or floats.");
    if (auto complete = checkFileComplete(path, imageIO->GetImageSizeInPixels(), imageIO->GetImageSizeInBytes()); !complete)
        return complete.error();

    try {
        auto reader = itk::ImageFileReader<ImageType>::New();
        reader->SetImageIO(imageIO);
        reader->SetFileName(name);
        reader->Update();
        return canonicalVolume(reader->GetOutput());
    } catch (const itk::ExceptionObject& e) {
        const std::string what = e.GetDescription();
        if (looksTruncated(what))
            return makeError(ErrorCode::Truncated, path,
                "The file ends before all its voxels were read: it is truncated (an interrupted "
                "copy or download?). Copy or export it again.",
                what);
        return makeError(ErrorCode::Corrupt, path,
            "The voxel data cannot be read; the file is damaged. Copy or export it again.", what);
    }
}

} // namespace

Result<Volume> readVolume(const std::filesystem::path& path, VolumeShape accept)
{
    if (auto readable = checkReadableFile(path); !readable)
        return readable.error();
    try {
        // ITK 5.2 reads NIfTI-1 only; NIfTI-2 has its own small reader.
        auto volume = isNifti2(path) ? readNifti2(path) : readWithItk(path, accept);
        if (!volume)
            return volume;
        // NaN or infinite intensities would poison the percentiles every later step scales by.
        const auto bad = std::count_if(volume->voxels.begin(), volume->voxels.end(), [](float v) { return !std::isfinite(v); });
        if (bad > 0)
            return makeError(ErrorCode::Corrupt, path,
                std::to_string(bad) + " voxels hold no finite number (NaN or infinity). A scanner does not write "
                "those; replace them (e.g. fslmaths IN -nan OUT) or export the volume again.");
        return volume;
    } catch (const itk::ExceptionObject& e) {
        return makeError(ErrorCode::Corrupt, path, "The file cannot be read; it is damaged. Copy or export it again.",
            e.GetDescription());
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path,
            "Not enough memory to load this volume. Close other programs or use a smaller volume.");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Corrupt, path, "The file cannot be read; it is damaged. Copy or export it again.",
            e.what());
    }
}

} // namespace tr::core::io
