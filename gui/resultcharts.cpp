#include "gui/resultcharts.h"

#include <QCategoryAxis>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <map>

namespace tr::gui {

using studies::TableRow;

namespace {

// One colour a group, the same in both charts, distinguishable on white.
QColor groupColour(int index)
{
    static const QColor colours[] = {QColor(31, 119, 180), QColor(214, 39, 40), QColor(44, 160, 44),
        QColor(148, 103, 189), QColor(255, 127, 14), QColor(23, 190, 207)};
    return colours[index % int(std::size(colours))];
}

std::vector<const TableRow*> readerRows(const studies::ResultsTable& table)
{
    std::vector<const TableRow*> rows;
    for (const TableRow& row : table.rows)
        if (row.level == TableRow::Level::Reader)
            rows.push_back(&row);
    return rows;
}

std::map<QString, int> groupIndices(const std::vector<const TableRow*>& rows)
{
    std::map<QString, int> groups;
    for (const TableRow* row : rows)
        groups.emplace(row->group, int(groups.size()));
    return groups;
}

// 0-100 %, with room at both ends so that points at 0 or 100 show whole.
QValueAxis* percentAxis(const QString& title)
{
    auto* axis = new QValueAxis;
    axis->setRange(-4, 104);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(25);
    axis->setLabelFormat(QStringLiteral("%d"));
    axis->setTitleText(title);
    return axis;
}

// One point series a group, in the group's colour (attached by the caller).
std::map<QString, QScatterSeries*> groupPoints(const std::map<QString, int>& groups, double markerSize)
{
    std::map<QString, QScatterSeries*> points;
    for (const auto& [group, index] : groups) {
        auto* series = new QScatterSeries;
        series->setName(group);
        series->setColor(groupColour(index));
        series->setBorderColor(groupColour(index));
        series->setMarkerSize(markerSize);
        points[group] = series;
    }
    return points;
}

QLineSeries* line(QPointF from, QPointF to, const QPen& pen)
{
    auto* series = new QLineSeries;
    series->append(from);
    series->append(to);
    series->setPen(pen);
    return series;
}

void attach(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

} // namespace

QChart* accuracyChart(const studies::ResultsTable& table)
{
    auto* chart = new QChart;
    chart->setTitle(QObject::tr("Accuracy per reader, 95 % Wilson intervals (%1)").arg(studies::handlingLabel(table.handling)));
    const auto rows = readerRows(table);
    const auto groups = groupIndices(rows);
    auto* x = percentAxis(QObject::tr("accuracy (%)"));
    auto* y = new QCategoryAxis;
    y->setRange(-0.5, std::max<double>(0.5, double(rows.size()) - 0.5));
    y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    for (std::size_t i = 0; i < rows.size(); ++i)
        y->append(rows[i]->label, double(i));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    QPen chance(QColor(120, 120, 120), 1.5, Qt::DashLine);
    auto* chanceLine = line({50, -0.5}, {50, double(rows.size()) - 0.5}, chance);
    chanceLine->setName(QObject::tr("chance (50 %)"));
    attach(chart, chanceLine, x, y);
    auto points = groupPoints(groups, 10);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const TableRow& r = *rows[i];
        const double at = double(i);
        auto* bar = line({r.accuracyCi.lower * 100, at}, {r.accuracyCi.upper * 100, at},
            QPen(groupColour(groups.at(r.group)), 2));
        attach(chart, bar, x, y);
        points[r.group]->append(r.accuracy * 100, at);
    }
    for (auto& [group, series] : points)
        attach(chart, series, x, y);
    // Only the chance line and the groups in the legend, not every interval.
    for (QAbstractSeries* s : chart->series())
        if (s != chanceLine && !qobject_cast<QScatterSeries*>(s))
            for (auto* marker : chart->legend()->markers(s))
                marker->setVisible(false);
    chart->legend()->setAlignment(Qt::AlignBottom);
    return chart;
}

QChart* rocSpaceChart(const studies::ResultsTable& table)
{
    auto* chart = new QChart;
    chart->setTitle(QObject::tr("Readers in ROC space (%1)").arg(studies::handlingLabel(table.handling)));
    const auto rows = readerRows(table);
    const auto groups = groupIndices(rows);
    auto* x = percentAxis(QObject::tr("FP rate: created images called real (%)"));
    auto* y = percentAxis(QObject::tr("TP rate: real images called real (%)"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto* diagonal = line({0, 0}, {100, 100}, QPen(QColor(120, 120, 120), 1.5, Qt::DashLine));
    diagonal->setName(QObject::tr("chance"));
    attach(chart, diagonal, x, y);
    auto points = groupPoints(groups, 11);
    for (const TableRow* r : rows)
        points[r->group]->append(r->fpRate * 100, r->sensitivity * 100);
    for (auto& [group, series] : points)
        attach(chart, series, x, y);
    chart->legend()->setAlignment(Qt::AlignBottom);
    return chart;
}

} // namespace tr::gui
