#include "gui/errordialog.h"

#include <QMessageBox>

namespace tr::gui {

void showError(QWidget* parent, const QString& summary, const core::Error& error)
{
    QMessageBox box(QMessageBox::Warning, summary, summary, QMessageBox::Ok, parent);
    box.setInformativeText(QString::fromStdString(error.toString()));
    if (!error.detail.empty())
        box.setDetailedText(QString::fromStdString(error.detail));
    box.exec();
}

} // namespace tr::gui
