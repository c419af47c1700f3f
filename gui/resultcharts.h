#pragma once
// The results page's two charts (Qt Charts), from one table of results:
// - accuracy per reader with its 95 % Wilson interval and the chance line at
//   50 %, readers coloured by group;
// - each reader as a point in ROC space, TP rate (real called real) against
//   FP rate (created called real), coloured by group, with the chance diagonal.
// Readers who cannot tell real from created sit on the chance line and the
// diagonal; the paper's convention (a real image is a positive) holds.

#include "studies/studyresults.h"

class QChart;

namespace tr::gui {

QChart* accuracyChart(const studies::ResultsTable& table);
QChart* rocSpaceChart(const studies::ResultsTable& table);

} // namespace tr::gui
