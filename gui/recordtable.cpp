#include "gui/recordtable.h"

#include <QHeaderView>
#include <QTableWidget>

namespace tr::gui {

QTableWidget* recordTable(const QString& objectName, const QStringList& header)
{
    auto* t = new QTableWidget(0, int(header.size()));
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(header);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    return t;
}

int appendRecord(QTableWidget* table, const QStringList& cells)
{
    const int row = table->rowCount();
    table->insertRow(row);
    for (int c = 0; c < cells.size(); ++c)
        table->setItem(row, c, new QTableWidgetItem(cells[c]));
    return row;
}

} // namespace tr::gui
