#include "gui/resultspage.h"

#include "gui/errordialog.h"
#include "gui/openproject.h"
#include "gui/recordtable.h"
#include "gui/resultcharts.h"
#include "studies/figuregrid.h"
#include "studies/study.h"

#include <QApplication>
#include <QBuffer>
#include <QChartView>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tr::gui {

using studies::NoCallHandling;
using studies::ResultsFormat;
using studies::TableRow;

namespace {

struct FormatChoice {
    ResultsFormat format;
    const char* label;
    const char* suffix; // of the file name offered
};

constexpr FormatChoice kFormats[] = {{ResultsFormat::Pdf, "PDF report", ".pdf"},
    {ResultsFormat::Csv, "CSV (Table 1 and statistics)", ".csv"}, {ResultsFormat::Markdown, "Markdown", ".md"},
    {ResultsFormat::Latex, "LaTeX (booktabs)", ".tex"}, {ResultsFormat::Html, "HTML", ".html"},
    {ResultsFormat::Json, "JSON (everything)", ".json"}, {ResultsFormat::Raw, "Raw data (one row per answer)", "-raw.csv"}};

QString percent(double p) { return studies::percentText(p) + QStringLiteral(" %"); }

QString withInterval(double value, const core::ProportionInterval& ci)
{
    return QStringLiteral("%1 (%2\u2013%3)")
        .arg(studies::proportionText(value), studies::proportionText(ci.lower), studies::proportionText(ci.upper));
}

core::Result<void> writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (bytes.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return core::Error{core::ErrorCode::Io, path.toStdString(),
            "cannot be written (" + file.errorString().toStdString() + "); choose a folder you can write to.", {}};
    return {};
}

} // namespace

ResultsPage::ResultsPage(QWidget* parent) : QWidget(parent)
{
    m_study = new QComboBox;
    m_study->setObjectName(QStringLiteral("study"));
    m_study->setMinimumWidth(200);
    m_handling = new QComboBox;
    m_handling->addItem(tr("Unknown and timeouts excluded"), int(NoCallHandling::Excluded));
    m_handling->addItem(tr("Unknown and timeouts counted as wrong"), int(NoCallHandling::CountedWrong));
    auto* exportButton = new QPushButton(tr("Export\u2026"));
    auto* exportMenu = new QMenu(exportButton);
    for (const FormatChoice& f : kFormats)
        exportMenu->addAction(tr(f.label), this, [this, format = f.format] { exportDialog(format); });
    exportButton->setMenu(exportMenu);
    auto* figureButton = new QPushButton(tr("Figure of mixed images\u2026"));
    figureButton->setToolTip(tr("Like the paper's Figure 1B: real and created images drawn at random, lettered, the "
                                "answer key in the caption (PNG or PDF)."));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Study:")));
    top->addWidget(m_study);
    top->addWidget(m_handling);
    top->addStretch();
    top->addWidget(exportButton);
    top->addWidget(figureButton);

    m_table = recordTable(QStringLiteral("table1"), {tr("Reader"), tr("Group"), tr("N"), tr("TP"), tr("FN"), tr("FP"),
        tr("TN"), tr("TP rate"), tr("FN rate"), tr("FP rate"), tr("TN rate"), tr("Accuracy (95 % CI)"), tr("Balanced"),
        tr("p (binomial)"), tr("p (Fisher)"), tr("Mean time")});
    m_table->horizontalHeader()->setStretchLastSection(false); // numbers keep their width
    // Not word-wrapped: a page's box layout squeezes wrapped labels below their
    // height; the texts break at their sentences instead.
    m_convention = new QLabel;
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("summary"));
    for (QLabel* text : {m_convention, m_summary})
        text->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_accuracy = new QChartView;
    m_accuracy->setRenderHint(QPainter::Antialiasing);
    m_roc = new QChartView;
    m_roc->setRenderHint(QPainter::Antialiasing);
    m_accuracy->setMinimumSize(300, 240);
    m_roc->setMinimumSize(300, 240);
    m_table->setMinimumHeight(140);


    auto* charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(m_accuracy);
    charts->addWidget(m_roc);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(charts);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    // The convention and the summary outside the splitter: a box layout gives
    // wrapped text the height it needs, a splitter does not.
    auto* column = new QVBoxLayout(this);
    column->addLayout(top);
    column->addWidget(split, 1);
    column->addWidget(m_convention);
    column->addWidget(m_summary);

    connect(m_study, &QComboBox::currentIndexChanged, this, &ResultsPage::compute);
    connect(m_handling, &QComboBox::currentIndexChanged, this, &ResultsPage::showTable);
    connect(figureButton, &QPushButton::clicked, this, &ResultsPage::figureDialog);
}

void ResultsPage::setProject(OpenProject* project)
{
    // Nothing is computed (and logged as read) until the page is shown.
    m_project = project;
    m_results.reset();
    const QSignalBlocker blocker(m_study);
    m_study->clear();
    showTable();
}

void ResultsPage::refresh()
{
    const QString keep = m_study->currentText();
    {
        const QSignalBlocker blocker(m_study);
        m_study->clear();
        if (m_project)
            if (auto all = studies::studies(m_project->db()))
                for (const auto& s : *all)
                    m_study->addItem(s.name);
        const int index = m_study->findText(keep);
        m_study->setCurrentIndex(index >= 0 ? index : m_study->count() - 1);
    }
    compute();
}

void ResultsPage::setCurrentStudy(const QString& name) { m_study->setCurrentIndex(m_study->findText(name)); }

void ResultsPage::setHandling(NoCallHandling handling) { m_handling->setCurrentIndex(m_handling->findData(int(handling))); }

QString ResultsPage::conventionText() const { return m_convention->text(); }
QString ResultsPage::summaryText() const { return m_summary->text(); }

void ResultsPage::compute()
{
    m_results.reset();
    if (m_project && m_project->access && !m_study->currentText().isEmpty()) {
        QApplication::setOverrideCursor(Qt::WaitCursor); // the bootstrap: a tenth of a second per 5,000 answers
        auto computed = studies::studyResults(m_project->db(), *m_project->access, m_study->currentText());
        QApplication::restoreOverrideCursor();
        if (!computed) {
            showError(this, tr("The results cannot be computed."), computed.error());
        } else {
            m_results = std::move(*computed);
            (void)studies::logEvent(m_project->db(), QStringLiteral("results read"), QStringLiteral("in the workspace"),
                m_results->study.id);
        }
    }
    showTable();
}

void ResultsPage::showTable()
{
    m_table->setRowCount(0);
    if (!m_results) {
        m_convention->setText(m_project ? tr("No study yet.") : QString());
        m_summary->clear();
        m_accuracy->setChart(new QChart);
        m_roc->setChart(new QChart);
        return;
    }
    const auto& r = *m_results;
    const bool excluded = NoCallHandling(m_handling->currentData().toInt()) == NoCallHandling::Excluded;
    const studies::ResultsTable& t = excluded ? r.excluded : r.countedWrong;
    for (const TableRow& row : t.rows) {
        const int at = m_table->rowCount();
        m_table->insertRow(at);
        const QString label = row.level == TableRow::Level::Reader ? row.label
            : row.level == TableRow::Level::Group
            ? (row.readers == 1 ? tr("%1 (1 reader)").arg(row.label) : tr("%1 (%2 readers)").arg(row.label).arg(row.readers))
                                                  : tr("All readers (%1)").arg(row.readers);
        const QStringList cells{label, row.level == TableRow::Level::Reader ? row.group : QString(),
            QString::number(row.images), QString::number(row.tp), QString::number(row.fn), QString::number(row.fp),
            QString::number(row.tn), percent(row.sensitivity), percent(row.fnRate), percent(row.fpRate),
            percent(row.specificity), withInterval(row.accuracy, row.accuracyCi),
            studies::proportionText(row.balancedAccuracy), studies::pValueText(row.binomialP),
            studies::pValueText(row.fisherP), tr("%1 s").arg(row.meanResponseMs / 1000.0, 0, 'f', 1)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c >= 2)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (row.level != TableRow::Level::Reader) {
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
            }
            m_table->setItem(at, c, item);
        }
    }
    m_convention->setText(studies::conventionStatement().replace(QLatin1String(". "), QLatin1String(".\n")));
    QString agreement;
    if (r.agreement.fleiss)
        agreement = tr("Fleiss' \u03ba %1 over %2 images every reader called.")
                        .arg(*r.agreement.fleiss, 0, 'f', 2)
                        .arg(r.agreement.images);
    else
        agreement = tr("No agreement statistic: the readers share too few called images (a study with the same images "
                       "for every reader gives one).");
    m_summary->setText(tr("Sessions: %1 completed (analysed), %2 not finished, %3 abandoned.\nHYPE\u221e (share of "
                          "judgements that were wrong): %4 (95 % CI %5\u2013%6, bootstrap of %7).\n%8")
                           .arg(r.sessionsCompleted)
                           .arg(r.sessionsOpen)
                           .arg(r.sessionsAbandoned)
                           .arg(percent(t.hype), percent(t.hypeCi.lower), percent(t.hypeCi.upper))
                           .arg(r.bootstrapReplicates)
                           .arg(agreement));
    m_accuracy->setChart(accuracyChart(t));
    m_roc->setChart(rocSpaceChart(t));
}

core::Result<void> ResultsPage::exportResults(ResultsFormat format, const QString& path)
{
    if (!m_project || !m_project->access || !m_results)
        return core::Error{core::ErrorCode::InvalidArgument, "study", "No study's results are shown.", {}};
    std::vector<studies::ResponseRow> rows;
    if (format == ResultsFormat::Raw) {
        auto loaded = studies::loadResponses(m_project->db(), *m_project->access, m_results->study.name);
        if (!loaded)
            return loaded.error();
        rows = std::move(*loaded);
    }
    if (auto written = writeFile(path, studies::renderResults(*m_results, format, rows)); !written)
        return written;
    (void)studies::logEvent(m_project->db(), QStringLiteral("results exported"), QFileInfo(path).fileName(),
        m_results->study.id);
    return {};
}

core::Result<void> ResultsPage::saveFigure(const QString& path, int count, int columns, std::optional<quint64> seed)
{
    if (!m_project || !m_project->access || m_study->currentText().isEmpty())
        return core::Error{core::ErrorCode::InvalidArgument, "study", "No study is chosen.", {}};
    const quint64 drawn = seed.value_or(QRandomGenerator::system()->generate64());
    auto grid = studies::figureGrid(m_project->db(), *m_project->access, m_study->currentText(), count, columns, drawn);
    if (!grid)
        return grid.error();
    QByteArray bytes;
    if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) {
        bytes = studies::figurePdf(*grid);
    } else {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        studies::renderFigure(*grid).save(&buffer, "PNG");
    }
    if (auto written = writeFile(path, bytes); !written)
        return written;
    (void)studies::logEvent(m_project->db(), QStringLiteral("figure made"),
        QStringLiteral("study %1, %2 images, seed %3").arg(grid->study).arg(count).arg(drawn));
    return {};
}

void ResultsPage::exportDialog(ResultsFormat format)
{
    if (!m_results)
        return;
    const FormatChoice* choice = nullptr;
    for (const FormatChoice& f : kFormats)
        if (f.format == format)
            choice = &f;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(tr(choice->label)),
        m_results->study.name + QLatin1String("-results") + QLatin1String(choice->suffix));
    if (path.isEmpty())
        return;
    if (auto done = exportResults(format, path); !done)
        showError(this, tr("The results cannot be exported."), done.error());
}

void ResultsPage::figureDialog()
{
    if (m_study->currentText().isEmpty())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Figure of mixed images"),
        m_study->currentText() + QLatin1String("-figure.png"), tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (auto done = saveFigure(path); !done)
        showError(this, tr("The figure cannot be made."), done.error());
}

} // namespace tr::gui
