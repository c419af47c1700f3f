#include "studies/storagelocations.h"

#include "core/version.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace tr::studies {

void setApplicationIdentity()
{
    // No organisation: paths become ~/.local/share/turing-reader, not
    // ~/.local/share/<org>/turing-reader.
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setApplicationName(QStringLiteral("turing-reader"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(core::kVersion));
}

StorageLocations storageLocations()
{
    StorageLocations locations;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    locations.projectsDir = QDir(documents).filePath(QStringLiteral("Turing Reader"));
    locations.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    locations.configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    return locations;
}

} // namespace tr::studies
