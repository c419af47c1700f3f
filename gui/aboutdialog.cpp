#include "gui/aboutdialog.h"

#include "core/io/libraryversions.h"
#include "core/version.h"
#include "model/runtimeinfo.h"
#include "studies/storagelocations.h"

#include <vtkVersionMacros.h>

#include <QMessageBox>
#include <QString>
#include <QWidget>

namespace tr::gui {

QString aboutText()
{
    const auto torch = model::runtimeInfo();
    const auto places = studies::storageLocations(); // what 'turing-reader-cli paths' prints
    return QStringLiteral(
        "<h3>Turing Reader %1</h3>"
        "<p>Blinded reader studies of brain MR images created by a generative adversarial "
        "network, after Koshino et al.</p>"
        "<p>Qt %2 &middot; ITK %3 &middot; DCMTK %4 &middot; VTK %5 &middot; LibTorch %6</p>"
        "<p>Training: %7 CPU threads; %8.</p>"
        "<p>New projects: %9<br>Data (the demo project): %10<br>Settings: %11</p>"
        "<p>Demo volume: Colin27 (mricron-data).</p>")
        .arg(QString::fromLatin1(core::kVersion), QString::fromLatin1(qVersion()),
            QString::fromStdString(core::io::itkVersion()), QString::fromStdString(core::io::dcmtkVersion()),
            QString::fromLatin1(VTK_VERSION), QString::fromStdString(torch.torchVersion))
        .arg(torch.cpuThreads)
        .arg(torch.cudaAvailable ? QObject::tr("CUDA devices: %1").arg(torch.cudaDeviceCount)
                                 : QObject::tr("no CUDA device (LibTorch here runs on the CPU)"))
        .arg(places.projectsDir.toHtmlEscaped(), places.dataDir.toHtmlEscaped(), places.configDir.toHtmlEscaped());
}

void showAboutDialog(QWidget* parent)
{
    QMessageBox::about(parent, QObject::tr("About Turing Reader"), aboutText());
}

} // namespace tr::gui
