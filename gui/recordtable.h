#pragma once
// The workspace's tables of records (volumes, import reports, pools, readers,
// events, Table 1): read-only, whole rows selected, columns sized to their
// contents with the last one taking the rest, no row numbers.

#include <QStringList>

class QTableWidget;

namespace tr::gui {

QTableWidget* recordTable(const QString& objectName, const QStringList& header);
// Appends one row of texts, returning its index.
int appendRecord(QTableWidget* table, const QStringList& cells);

} // namespace tr::gui
