#include "gui/passphrasedialog.h"

#include "gui/errordialog.h"
#include "studies/coordinatoraccess.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tr::gui {

PassphraseDialog::PassphraseDialog(Mode mode, const QString& projectName, QWidget* parent)
    : QDialog(parent), m_mode(mode)
{
    setWindowTitle(mode == Mode::Unlock ? tr("Unlock %1").arg(projectName)
                                        : tr("Coordinator passphrase for %1").arg(projectName));
    auto* intro = new QLabel(mode != Mode::Unlock
            ? tr("The passphrase guards the answer key, the results and this workspace: readers at the quiz "
                 "cannot open them without it. At least %1 characters. It cannot be recovered; keep it where the "
                 "study's records are kept.")
                  .arg(studies::kMinimumPassphraseLength)
            : tr("The coordinator passphrase of this project:"));
    intro->setWordWrap(true);
    m_first = new QLineEdit;
    m_first->setEchoMode(QLineEdit::Password);
    m_first->setObjectName(QStringLiteral("passphrase"));
    auto* form = new QFormLayout;
    if (mode == Mode::Change) {
        m_current = new QLineEdit;
        m_current->setEchoMode(QLineEdit::Password);
        m_current->setObjectName(QStringLiteral("current"));
        form->addRow(tr("Current passphrase:"), m_current);
    }
    form->addRow(mode == Mode::Change ? tr("New passphrase:") : tr("Passphrase:"), m_first);
    if (mode != Mode::Unlock) {
        m_second = new QLineEdit;
        m_second->setEchoMode(QLineEdit::Password);
        m_second->setObjectName(QStringLiteral("repeat"));
        form->addRow(tr("Again:"), m_second);
    }
    m_problem = problemLabel();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(mode == Mode::Unlock ? tr("Unlock") : tr("Set passphrase"));
    connect(buttons, &QDialogButtonBox::accepted, this, &PassphraseDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* column = new QVBoxLayout(this);
    column->addWidget(intro);
    column->addLayout(form);
    column->addWidget(m_problem);
    column->addWidget(buttons);
    setMinimumWidth(480);
}

QString PassphraseDialog::passphrase() const { return m_first->text(); }
QString PassphraseDialog::currentPassphrase() const { return m_current ? m_current->text() : QString(); }

void PassphraseDialog::setProblem(const QString& problem)
{
    m_problem->setText(problem);
    m_first->selectAll();
    m_first->setFocus();
}

void PassphraseDialog::accept()
{
    if (m_mode != Mode::Unlock) {
        if (m_first->text().size() < studies::kMinimumPassphraseLength) {
            setProblem(tr("At least %1 characters, please.").arg(studies::kMinimumPassphraseLength));
            return;
        }
        if (m_first->text() != m_second->text()) {
            setProblem(tr("The two entries differ; type the passphrase twice alike."));
            return;
        }
    } else if (m_first->text().isEmpty()) {
        setProblem(tr("Type the passphrase."));
        return;
    }
    QDialog::accept();
}

} // namespace tr::gui
