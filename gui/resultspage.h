#pragma once
// A study's results for the coordinator: Table 1 per reader, per group and
// overall with intervals and tests (no-calls excluded, or counted as wrong),
// the paper's convention stated under it, the sessions, HYPE and agreement;
// two charts (accuracy with intervals and the chance line; readers in ROC
// space by group); export to every format of the study engine; and a figure
// like the paper's Figure 1B. Only completed sessions are analysed.

#include "core/result.h"
#include "studies/resultsexport.h"
#include "studies/studyresults.h"

#include <QWidget>

#include <optional>

class QChartView;
class QComboBox;
class QLabel;
class QTableWidget;

namespace tr::gui {

struct OpenProject;

class ResultsPage : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPage(QWidget* parent = nullptr);

    void setProject(OpenProject* project);
    void refresh(); // re-reads the studies and recomputes the chosen one
    void setCurrentStudy(const QString& name);
    void setHandling(studies::NoCallHandling handling);

    const std::optional<studies::StudyResults>& results() const { return m_results; }
    QTableWidget* table() const { return m_table; }
    QString conventionText() const;
    QString summaryText() const;
    QChartView* accuracyView() const { return m_accuracy; }
    QChartView* rocView() const { return m_roc; }

    // What the Export and Figure buttons do after their file dialog; errors
    // name the file. The figure's seed is drawn at random unless given.
    core::Result<void> exportResults(studies::ResultsFormat format, const QString& path);
    core::Result<void> saveFigure(const QString& path, int count = 12, int columns = 4, std::optional<quint64> seed = {});

private:
    void compute();
    void showTable();
    void exportDialog(studies::ResultsFormat format);
    void figureDialog();

    OpenProject* m_project = nullptr;
    std::optional<studies::StudyResults> m_results;
    QComboBox* m_study = nullptr;
    QComboBox* m_handling = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_convention = nullptr;
    QLabel* m_summary = nullptr;
    QChartView* m_accuracy = nullptr;
    QChartView* m_roc = nullptr;
};

} // namespace tr::gui
