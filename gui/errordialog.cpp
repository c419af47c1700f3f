#include "gui/errordialog.h"

#include <QLabel>
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

QString errorLine(const core::Error& error)
{
    QString subject = QString::fromStdString(error.subject);
    if (subject.startsWith(QLatin1String("--")))
        subject = subject.mid(2);
    const QString message = QString::fromStdString(error.message);
    return subject.isEmpty() ? message : subject + QStringLiteral(": ") + message;
}

QLabel* problemLabel()
{
    auto* label = new QLabel;
    label->setObjectName(QStringLiteral("problem"));
    label->setWordWrap(true);
    QPalette warn = label->palette();
    warn.setColor(QPalette::WindowText, QColor(240, 150, 120));
    label->setPalette(warn);
    return label;
}

} // namespace tr::gui
