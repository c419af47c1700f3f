#include "gui/readerlogindialog.h"

#include "gui/errordialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tr::gui {

ReaderLoginDialog::ReaderLoginDialog(const QString& readerCode, Submit submit, QWidget* parent)
    : QDialog(parent), m_submit(std::move(submit))
{
    setWindowTitle(tr("Server login of reader %1").arg(readerCode));
    m_form = new QWidget;
    m_password = new QLineEdit;
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setObjectName(QStringLiteral("password"));
    m_repeat = new QLineEdit;
    m_repeat->setEchoMode(QLineEdit::Password);
    m_repeat->setObjectName(QStringLiteral("repeat"));
    auto* form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    auto* note = new QLabel(tr("Reader %1 signs in at their own workstation with this password and sees only "
                               "their own sitting: never pools, the key or other readers' answers. Setting it "
                               "again replaces the old one.")
                                .arg(readerCode));
    note->setWordWrap(true);
    form->addRow(note);
    form->addRow(tr("Password:"), m_password);
    form->addRow(tr("The same again:"), m_repeat);
    m_problem = problemLabel();
    m_done = new QLabel;
    m_done->setObjectName(QStringLiteral("instructions"));
    m_done->setWordWrap(true);
    m_done->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_done->hide();
    m_command = new QLineEdit;
    m_command->setObjectName(QStringLiteral("command"));
    m_command->setReadOnly(true);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create the login"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ReaderLoginDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* column = new QVBoxLayout(this);
    column->addWidget(m_form);
    column->addWidget(m_problem);
    column->addWidget(m_done);
    column->addWidget(m_command);
    column->addWidget(m_buttons);
    setMinimumWidth(640);
}

QString ReaderLoginDialog::problem() const { return m_problem->text(); }

QString ReaderLoginDialog::instructions() const
{
    return m_done->isHidden() ? QString() : m_done->text() + QStringLiteral("\n") + m_command->text();
}

void ReaderLoginDialog::accept()
{
    if (!m_done->isHidden()) { // the login is made: this was Close
        QDialog::accept();
        return;
    }
    const QString password = m_password->text();
    const bool same = password == m_repeat->text();
    // Typed again either way, as a password dialog is.
    m_password->clear();
    m_repeat->clear();
    m_password->setFocus();
    if (!same) {
        m_problem->setText(tr("The two entries differ."));
        return;
    }
    const auto made = m_submit(password);
    if (!made) {
        m_problem->setText(errorLine(made.error()));
        return;
    }
    // What the coordinator passes on: the command, to copy; the password goes
    // to the reader by another way.
    m_problem->clear();
    m_form->hide();
    m_done->setText(made->said);
    m_done->show();
    m_command->setText(made->command);
    m_command->setCursorPosition(0);
    m_command->show();
    m_command->selectAll();
    m_command->setFocus();
    m_buttons->setStandardButtons(QDialogButtonBox::Ok);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Close"));
    adjustSize();
}

} // namespace tr::gui
