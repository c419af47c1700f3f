#include "studies/sessionimagefiles.h"

#include "studies/answerfile.h"
#include "studies/readersession.h"

#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QImageWriter>
#include <QSaveFile>

namespace tr::studies {

core::Result<std::vector<QString>> writeSessionImages(ReaderSession& session, const QString& folder)
{
    if (!QDir().mkpath(folder))
        return core::Error{core::ErrorCode::Io, folder.toStdString(), "The folder cannot be created; check its path and permissions.", {}};
    std::vector<QString> names;
    for (const Presentation& p : session.presentations()) {
        auto png = session.png(p);
        if (!png)
            return png.error();
        const QImage image = QImage::fromData(*png, "PNG").convertToFormat(QImage::Format_Grayscale8);
        if (image.isNull())
            return core::Error{core::ErrorCode::Corrupt, presentationLabel(p),
                "The stored image cannot be decoded; the project file is damaged. Restore it from a backup.", {}};
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "png");
        writer.setQuality(100); // Qt's PNG writer: quality 100 is zlib level 0, stored blocks of a fixed size
        if (!writer.write(image))
            return core::Error{core::ErrorCode::Internal, presentationLabel(p), "The image could not be encoded: " + writer.errorString().toStdString(), {}};
        const QString name = QString::fromStdString(presentationLabel(p)) + QStringLiteral(".png");
        QSaveFile file(QDir(folder).filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            return core::Error{core::ErrorCode::Io, file.fileName().toStdString(), "cannot be written; check the disk and the folder.", {}};
        names.push_back(name);
    }
    return names;
}

} // namespace tr::studies
