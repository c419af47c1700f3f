#include "gui/readerdialog.h"

#include "gui/errordialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tr::gui {

ReaderDialog::ReaderDialog(Submit submit, QWidget* parent) : QDialog(parent), m_submit(std::move(submit))
{
    setWindowTitle(tr("Add a reader"));
    m_code = new QLineEdit;
    m_code->setPlaceholderText(tr("e.g. NR1"));
    m_group = new QComboBox;
    m_group->setEditable(true); // a coordinator may use other groups (residents, technologists)
    m_group->addItems(studies::standardGroups());
    m_years = new QSpinBox;
    m_years->setRange(-1, 60);
    m_years->setValue(-1);
    m_years->setSpecialValueText(tr("not given"));
    m_years->setSuffix(tr(" years"));
    m_name = new QLineEdit;
    m_name->setPlaceholderText(tr("optional; never exported"));
    auto* form = new QFormLayout;
    form->addRow(tr("Code:"), m_code);
    form->addRow(tr("Group:"), m_group);
    form->addRow(tr("Experience:"), m_years);
    form->addRow(tr("Name:"), m_name);
    auto* note = new QLabel(tr("Results and exports show the code and the group only."));
    note->setWordWrap(true);
    m_problem = problemLabel();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add reader"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ReaderDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* column = new QVBoxLayout(this);
    column->addLayout(form);
    column->addWidget(note);
    column->addWidget(m_problem);
    column->addWidget(buttons);
    setMinimumWidth(420);
}

studies::ReaderRecord ReaderDialog::reader() const
{
    studies::ReaderRecord r;
    r.code = m_code->text().trimmed();
    r.group = m_group->currentText().trimmed();
    r.displayName = m_name->text().trimmed();
    if (m_years->value() >= 0)
        r.yearsOfExperience = m_years->value();
    return r;
}

QString ReaderDialog::problem() const { return m_problem->text(); }

void ReaderDialog::accept()
{
    const auto done = m_submit(reader());
    if (!done) {
        m_problem->setText(errorLine(done.error()));
        return;
    }
    QDialog::accept();
}

} // namespace tr::gui
