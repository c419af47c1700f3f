#pragma once
// The coordinator's studies and readers: the project's studies with their
// design, a new study from the paper's defaults (StudyDialog), the readers
// with where each stands in the chosen study, a new reader (ReaderDialog), and
// the start of a reader's session, which the workspace carries out (it locks
// itself and opens the quiz full screen).

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace tr::gui {

struct OpenProject;
class ReaderDialog;
class StudyDialog;

class StudiesPage : public QWidget {
    Q_OBJECT
public:
    explicit StudiesPage(QWidget* parent = nullptr);

    void setProject(OpenProject* project); // null: no project
    void refresh();                        // re-reads studies and progress

    QString currentStudy() const;
    void setCurrentStudy(const QString& name);
    QString selectedReader() const; // empty when none is selected
    void selectReader(const QString& code);
    QTableWidget* readerTable() const { return m_readers; }
    QString designText() const;

    // Open their dialog (window-modal, not blocking); the dialog is returned
    // for tests, and the page refreshes when it is accepted.
    StudyDialog* newStudy();
    ReaderDialog* addReader();

Q_SIGNALS:
    void startSessionRequested(const QString& study, const QString& reader);
    void projectChanged(); // a study or a reader was added

private:
    void showStudy();
    void updateButtons();
    void requestStart();

    OpenProject* m_project = nullptr;
    QComboBox* m_study = nullptr;
    QLabel* m_design = nullptr;
    QTableWidget* m_readers = nullptr;
    QPushButton* m_newStudy = nullptr;
    QPushButton* m_addReader = nullptr;
    QPushButton* m_start = nullptr;
};

} // namespace tr::gui
