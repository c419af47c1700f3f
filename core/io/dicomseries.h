#pragma once
// DICOM import through DCMTK: files are grouped by series, each series becomes
// one 3D volume in core::Volume's canonical order, with the acquisition facts
// worth keeping (acquisitionfacts.h) and nothing else.
//
// De-identification by construction: only the pixel data, the geometry and the
// whitelisted acquisition facts are read out of a file; names, IDs, dates,
// institutions, physicians, UIDs, descriptions and private tags never leave this
// file's functions (the SeriesInstanceUID is used in memory to group files and
// then forgotten). Reports name files by path only.
//
// Volumes come from single-frame series (sorted by ImagePositionPatient along
// the slice normal; spacing from the positions; rescale slope/intercept; direction
// cosines from ImageOrientationPatient) and from enhanced multi-frame objects
// (per-frame functional groups). Compressed transfer syntaxes are decoded with
// DCMTK's RLE, JPEG and JPEG-LS codecs; JPEG 2000 is not supported by Debian's
// DCMTK and is refused with a clear message.

#include "core/acquisitionfacts.h"
#include "core/result.h"
#include "core/volume.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tr::core::io {

// The decoded pixel data of one DICOM file: frames of rows x columns values
// after rescale (slope/intercept), in file order.
struct DicomPixels {
    unsigned rows = 0, columns = 0, frames = 0;
    std::vector<float> values; // frame, then row, then column
};

// Decodes one file's pixels (any supported transfer syntax). Errors name the
// file: not DICOM, truncated, no pixel data, unsupported compression, colour.
Result<DicomPixels> decodeDicomPixels(const std::filesystem::path& file);

// One series read from a set of files.
struct DicomSeriesOutcome {
    std::string source;               // "FIRST-FILE (+N more files)": paths only
    std::vector<std::filesystem::path> files;
    std::optional<Volume> volume;     // set when the series made a volume
    AcquisitionFacts facts;
    std::optional<Error> error;       // why not (subject: the file or series)
};

struct DicomReadReport {
    std::vector<DicomSeriesOutcome> series;
    std::vector<Error> fileErrors;    // files that could not be used at all
};

// Reads the given files as DICOM, groups them into series and builds a volume
// from each. Files that are not DICOM, are truncated, are not MR, or cannot be
// decoded are reported one by one; the other series are still read. Every file
// given is tried: callers walking a folder leave out isDicomFolderCompanion().
DicomReadReport readDicomFiles(const std::vector<std::filesystem::path>& files);

// Names of files in an exported DICOM folder that are clearly not images
// (DICOMDIR, licences, read-me, text and table files): skipped without a report.
bool isDicomFolderCompanion(const std::filesystem::path& file);

} // namespace tr::core::io
