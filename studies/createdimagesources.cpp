#include "studies/createdimagesources.h"

#include "studies/imagefolder.h"

#include <QFileInfo>

namespace tr::studies {

core::Result<std::unique_ptr<core::CreatedImageSource>> openCreatedImageSource(const QString& source,
    const std::string& device, const core::CreatedImageSourceOpener& generators, int resolution)
{
    if (QFileInfo(source).isDir()) {
        const std::atomic<bool> never{false};
        auto folder = ImageFolderSource::open(source, resolution, never);
        if (!folder)
            return folder.error();
        return std::unique_ptr<core::CreatedImageSource>(std::move(*folder));
    }
    if (!generators)
        return core::Error{core::ErrorCode::UnsupportedFormat, source.toStdString(),
            "This build has no generator (it has no LibTorch); use the full turing-reader-cli or an image folder.", {}};
    return generators(source.toStdString(), device);
}

} // namespace tr::studies
