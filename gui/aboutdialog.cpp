#include "gui/aboutdialog.h"

#include "core/io/libraryversions.h"
#include "core/version.h"
#include "model/runtimeinfo.h"

#include <QMessageBox>
#include <QString>
#include <QWidget>

namespace tr::gui {

QString aboutText()
{
    const auto torch = model::runtimeInfo();
    return QStringLiteral(
        "<h3>Turing Reader %1</h3>"
        "<p>Blinded reader studies of brain MR images created by a generative adversarial "
        "network, after Koshino et al.</p>"
        "<p>Qt %2 &middot; ITK %3 &middot; DCMTK %4 &middot; LibTorch %5</p>"
        "<p>Demo volume: Colin27 (mricron-data).</p>")
        .arg(QString::fromLatin1(core::kVersion), QString::fromLatin1(qVersion()),
            QString::fromStdString(core::io::itkVersion()), QString::fromStdString(core::io::dcmtkVersion()),
            QString::fromStdString(torch.torchVersion));
}

void showAboutDialog(QWidget* parent)
{
    QMessageBox::about(parent, QObject::tr("About Turing Reader"), aboutText());
}

} // namespace tr::gui
