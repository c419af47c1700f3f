#pragma once
// A folder of images written by any program (a diffusion model's sampler, a
// StyleGAN's export script, another group's GAN) as a source of a study's
// created images (core/createdimagesource.h).
//
// Read, one file at a time in name order: PNG (8- or 16-bit grey), 2D NIfTI
// (.nii, .nii.gz) and single-frame DICOM (.dcm). Each image is brought to the
// real pool's presentation by the one function real slices pass through
// (core::presentGrey): PNG grey levels are intensities g / 255 or g / 65,535;
// NIfTI and DICOM values are read on one scale for the whole folder, the
// smallest of [0, 1], [0, 255] and [0, 65,535] that holds its largest value
// (said in the source's description). A file that cannot be brought there
// exactly is refused by name with what differs and what to do: colour, not
// square, another matrix than the pool's, 3D, several frames, negative or
// non-finite values, unreadable, or a duplicate of an earlier file (the same
// image after presentation). The rest are the source; its order is a shuffle
// seeded by the pool's seed, never a hand-picked subset, and each image keeps
// its file's SHA-256 and name (never shown to a reader).

#include "core/createdimagesource.h"
#include "core/result.h"
#include "studies/imagepool.h"
#include "studies/project.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace tr::studies {

struct FolderRefusal {
    QString file;   // the name in the folder
    QString reason; // what differs and what to do
};

class ImageFolderSource final : public core::CreatedImageSource {
public:
    // `resolution` 0: the matrix most of the readable images have (the
    // smaller on a tie). Fails, naming the folder, when it cannot be read or
    // no image is usable (the refusals then make the message). `progress`
    // gets (files read, files in the folder).
    static core::Result<std::unique_ptr<ImageFolderSource>> open(const QString& folder, int resolution,
        const std::atomic<bool>& stop, const std::function<void(int, int)>& progress = {});

    const core::CreatedImageSourceInfo& info() const override;
    core::Result<std::vector<core::CreatedImage>> create(
        int count, std::uint64_t seed, const std::atomic<bool>& stop) override;

    const std::vector<FolderRefusal>& refusals() const { return m_refusals; }

private:
    ImageFolderSource() = default;
    core::CreatedImageSourceInfo m_info;
    std::vector<core::CreatedImage> m_images; // name order
    std::vector<FolderRefusal> m_refusals;
};

// The file names a folder source reads (case-insensitive endings).
bool isImageFolderFile(const QString& name);

// 'pool import --folder' and the pools tab's "Import an image folder": every
// usable image of the folder as a created pool, in the order of a shuffle
// seeded with `seed`, with what was refused. `resolution` 0: the project's
// real pools' matrix when they agree on one, else the images' own.
struct FolderPoolOutcome {
    PoolRecord pool;
    std::vector<FolderRefusal> refusals;
};
core::Result<FolderPoolOutcome> addCreatedPoolFromFolder(Project& project, const QString& name, const QString& folder,
    quint64 seed, int resolution, const std::atomic<bool>& stop, const std::function<void(int, int)>& progress = {});

} // namespace tr::studies
