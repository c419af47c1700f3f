#include "gui/activitypage.h"

#include "gui/errordialog.h"
#include "gui/openproject.h"
#include "gui/recordtable.h"
#include "studies/study.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tr::gui {

ActivityPage::ActivityPage(QWidget* parent) : QWidget(parent)
{
    m_study = new QComboBox;
    m_study->setObjectName(QStringLiteral("study"));
    m_study->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_table = recordTable(QStringLiteral("events"), {tr("When (local time)"), tr("Study"), tr("Reader"), tr("What"), tr("Detail")});
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Show:")));
    top->addWidget(m_study);
    top->addStretch();
    auto* column = new QVBoxLayout(this);
    column->addLayout(top);
    column->addWidget(m_table, 1);
    connect(m_study, &QComboBox::currentIndexChanged, this, &ActivityPage::refresh);
}

void ActivityPage::setProject(OpenProject* project)
{
    m_project = project;
    const QSignalBlocker blocker(m_study);
    m_study->clear();
    m_study->addItem(tr("the whole project"), QString());
    if (m_project)
        if (auto all = studies::studies(m_project->db()))
            for (const auto& s : *all)
                m_study->addItem(tr("study %1").arg(s.name), s.name);
    refresh();
}

void ActivityPage::refresh()
{
    m_table->setRowCount(0);
    if (!m_project)
        return;
    auto events = studies::eventLog(m_project->db(), m_study->currentData().toString(), kShownEvents);
    if (!events) {
        showError(this, tr("The activity log cannot be read."), events.error());
        return;
    }
    for (const auto& e : *events) {
        const QDateTime at = QDateTime::fromString(e.at, Qt::ISODateWithMs);
        appendRecord(m_table, {at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : e.at,
                                  e.study, e.reader, e.kind, e.detail});
    }
    m_table->scrollToBottom();
}

} // namespace tr::gui
