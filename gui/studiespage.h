#pragma once
// The coordinator's studies and readers: the project's studies with their
// design, a new study from the paper's defaults (StudyDialog), the readers
// with where each stands in the chosen study, a new reader (ReaderDialog), and
// the start of a reader's session, which the workspace carries out (it locks
// itself and opens the quiz full screen). For the selected reader, the
// coordinator's own tools: the session's answer key, a correction of one
// verdict (the reader's own stays stored) and ending a session for good; each
// with its reason, logged by the study engine.

#include "core/result.h"
#include "gui/readerlogindialog.h"
#include "studies/readersession.h"
#include "studies/readingpackage.h"

#include <QTimer>
#include <QWidget>

#include <vector>

class QComboBox;
class QDialog;
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

    static constexpr int kLiveRefreshMs = 2000; // a project server's progress, re-read while shown
    void setProject(OpenProject* project); // null: no project
    void refresh();                        // re-reads studies and progress

    QString currentStudy() const;
    void setCurrentStudy(const QString& name);
    QString selectedReader() const; // empty when none is selected
    void selectReader(const QString& code);
    QTableWidget* readerTable() const { return m_readers; }
    QString designText() const;
    QString blindingText() const; // the selected study's blinding check, in one sentence

    // Open their dialog (window-modal, not blocking); the dialog is returned
    // for tests, and the page refreshes when it is accepted.
    StudyDialog* newStudy();
    ReaderDialog* addReader();
    // The selected study's blinding check in full, with the acknowledgement
    // field while it stops sessions (studies/blindingcheck.h).
    QDialog* blindingDialog();
    core::Result<void> acknowledgeBlinding(const QString& note);

    // The coordinator's tools on the selected study's session of `reader`.
    core::Result<std::vector<studies::KeyEntry>> answerKeyOf(const QString& reader);
    core::Result<void> correct(const QString& reader, studies::Block block, int position, studies::Call call,
        const QString& reason);
    core::Result<void> abandon(const QString& reader, const QString& reason);
    // A session read on paper or by a script (the CLI's 'session images' and
    // 'session answer'): its images, named by position and nothing else, into a
    // folder; and its answers from a CSV file (studies/answerfile.h).
    core::Result<int> sessionImagesTo(const QString& reader, const QString& folder);
    core::Result<int> answersFrom(const QString& reader, const QString& csvFile);
    // A sitting for a reader with no network (studies/readingpackage.h, the
    // CLI's 'session package' and 'session merge'): the package written to a
    // new file, and an answered one taken back.
    core::Result<studies::PackageMade> packageTo(const QString& reader, const QString& file);
    core::Result<studies::PackageMerged> mergePackage(const QString& file);
    // On a project server (the CLI's 'reader login' and 'session prepare'):
    // the reader's session of the selected study drawn, and their own login
    // made with `password`; returns what their workstation opens.
    core::Result<ReaderLoginDialog::Made> grantLogin(const QString& reader, const QString& password);
    ReaderLoginDialog* loginDialog(); // for the selected reader; null when none

Q_SIGNALS:
    void startSessionRequested(const QString& study, const QString& reader);
    void projectChanged(); // a study or a reader was added

private:
    void showStudy();
    void updateButtons();
    void requestStart();
    void keyDialog();
    void correctDialog();
    void abandonDialog();
    void paperDialog();
    void packageDialog();
    // The selected study's check blocks new sessions (raised, not acknowledged).
    bool blindingBlocks();

    OpenProject* m_project = nullptr;
    QComboBox* m_study = nullptr;
    QLabel* m_design = nullptr;
    QLabel* m_blinding = nullptr;
    QPushButton* m_check = nullptr;
    QTableWidget* m_readers = nullptr;
    QPushButton* m_newStudy = nullptr;
    QPushButton* m_addReader = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_key = nullptr;
    QPushButton* m_correct = nullptr;
    QPushButton* m_abandon = nullptr;
    QPushButton* m_paper = nullptr;
    QPushButton* m_package = nullptr;
    QPushButton* m_login = nullptr; // shown on a project server only
    QTimer m_live;
};

} // namespace tr::gui
