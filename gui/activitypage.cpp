#include "gui/activitypage.h"

#include "gui/errordialog.h"
#include "gui/openproject.h"
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
    m_table = new QTableWidget(0, 5);
    m_table->setObjectName(QStringLiteral("events"));
    m_table->setHorizontalHeaderLabels({tr("When (local time)"), tr("Study"), tr("Reader"), tr("What"), tr("Detail")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
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
    m_table->setRowCount(int(events->size()));
    int row = 0;
    for (const auto& e : *events) {
        const QDateTime at = QDateTime::fromString(e.at, Qt::ISODateWithMs);
        const QStringList cells{at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : e.at,
            e.study, e.reader, e.kind, e.detail};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
        ++row;
    }
    m_table->scrollToBottom();
}

} // namespace tr::gui
