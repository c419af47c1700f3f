#pragma once
// The project's activity log, newest last: imports, studies, sessions begun,
// interrupted and finished, coordinator unlocks (and refusals), answer keys
// read, corrections. The log is append-only in the file; this page only reads.

#include <QWidget>

class QComboBox;
class QTableWidget;

namespace tr::gui {

struct OpenProject;

class ActivityPage : public QWidget {
    Q_OBJECT
public:
    static constexpr int kShownEvents = 2000; // the newest; the CLI's 'events' prints them all

    explicit ActivityPage(QWidget* parent = nullptr);
    void setProject(OpenProject* project);
    void refresh();
    QTableWidget* table() const { return m_table; }

private:
    OpenProject* m_project = nullptr;
    QComboBox* m_study = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace tr::gui
