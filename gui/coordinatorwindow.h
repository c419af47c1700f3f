#pragma once
// The coordinator's workspace (issue 7): the main window of turing-reader.
// One project at a time (new / open / recent), opened with the coordinator
// passphrase; pages for the scans and their landmarks, generators and image
// pools, studies and readers, results and the activity log. Starting a reader's session locks the
// workspace, hides it and opens the quiz full screen on the same project; when
// the sitting ends the workspace comes back locked, and only the passphrase
// opens it, so a reader left at the station reaches nothing.

#include "core/result.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QLineEdit;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace tr::gui {

struct OpenProject;
class ActivityPage;
class DataPage;
class GeneratorPage;
class QuizWindow;
class ResultsPage;
class StudiesPage;

class CoordinatorWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class View { Welcome, Locked, Workspace };
    enum class Page { Data, Generator, Studies, Results, Activity };

    explicit CoordinatorWindow(QWidget* parent = nullptr);
    ~CoordinatorWindow() override;

    // Without dialogs (the command line, tests): a new project with its
    // passphrase, or an existing one unlocked; errors name the file or field,
    // and leave the window as it was.
    core::Result<void> createProject(const QString& path, const QString& passphrase);
    core::Result<void> openProject(const QString& path, const QString& passphrase);
    void closeProject();
    // The same through dialogs (menu, welcome page): a file dialog where no
    // path is given, then the passphrase; a wrong passphrase asks again.
    void newProjectDialog();
    void openProjectDialog(const QString& path = {});

    // Locking drops the coordinator's access; unlocking checks the passphrase.
    // Both, and refusals, are logged.
    void lock();
    bool unlock(const QString& passphrase);
    // Needs the current one; the new one must be long enough. Logged.
    core::Result<void> changePassphrase(const QString& current, const QString& next);
    void changePassphraseDialog();
    // Seals the project file's image sources for good (studies/sealedsources.h):
    // the number of images sealed now. The dialog asks first.
    core::Result<int> sealProject();
    void sealProjectDialog();

    // Locks, hides this window and opens the reader's quiz full screen (windowed
    // when `windowed`, for tests); errors name the study or reader.
    core::Result<void> startSession(const QString& study, const QString& reader, bool windowed = false);

    View view() const { return m_view; }
    OpenProject* project() const { return m_open.get(); }
    void showPage(Page page);
    Page page() const;
    DataPage* dataPage() const { return m_data; }
    GeneratorPage* generatorPage() const { return m_generator; }
    StudiesPage* studiesPage() const { return m_studies; }
    ResultsPage* resultsPage() const { return m_results; }
    ActivityPage* activityPage() const { return m_activity; }
    QuizWindow* quiz() const { return m_quiz.get(); }
    QStringList recentProjects() const;

Q_SIGNALS:
    void viewChanged(tr::gui::CoordinatorWindow::View view);
    void sittingEnded(); // the quiz started here was closed

private:
    void buildMenus();
    QWidget* buildWelcome();
    QWidget* buildLocked();
    QWidget* buildWorkspace();
    void setView(View view);
    void updateSealAction();
    void adopt(std::unique_ptr<OpenProject> open);
    void rememberRecent(const QString& path);
    void fillRecentMenu();
    void onSittingEnded();

    std::unique_ptr<OpenProject> m_open;
    std::unique_ptr<QuizWindow> m_quiz;
    View m_view = View::Welcome;
    QStackedWidget* m_views = nullptr;
    QListWidget* m_nav = nullptr;
    QStackedWidget* m_pages = nullptr;
    DataPage* m_data = nullptr;
    GeneratorPage* m_generator = nullptr;
    StudiesPage* m_studies = nullptr;
    ResultsPage* m_results = nullptr;
    ActivityPage* m_activity = nullptr;
    QLabel* m_lockedText = nullptr;
    QLineEdit* m_unlockField = nullptr;
    QLabel* m_unlockProblem = nullptr;
    QListWidget* m_welcomeRecent = nullptr;
    QMenu* m_recentMenu = nullptr;
    QList<QAction*> m_projectActions; // enabled while a project is open and unlocked
    QAction* m_sealAction = nullptr; // besides: only for a project file not sealed yet
};

} // namespace tr::gui
