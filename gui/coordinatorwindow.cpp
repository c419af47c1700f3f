#include "gui/coordinatorwindow.h"

#include "gui/aboutdialog.h"
#include "gui/activitypage.h"
#include "gui/datapage.h"
#include "gui/demostudy.h"
#include "gui/errordialog.h"
#include "gui/generatorpage.h"
#include "gui/openproject.h"
#include "gui/passphrasedialog.h"
#include "gui/quizwindow.h"
#include "gui/resultspage.h"
#include "gui/studiespage.h"
#include "gui/trainingpanel.h"
#include "studies/sealedsources.h"
#include "studies/serveraddress.h"
#include "studies/storagelocations.h"
#include "studies/study.h"

#include <QApplication>
#include <QFileDialog>
#include <QInputDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMenuBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace tr::gui {

namespace {

constexpr int kRecentProjects = 8;
const QString kRecentKey = QStringLiteral("recentProjects");
const QString kProjectFilter = QStringLiteral("Turing Reader projects (*.trproj);;All files (*)");

QLabel* heading(const QString& text, int pixelSize)
{
    auto* label = new QLabel(text);
    QFont font = label->font();
    font.setPixelSize(pixelSize);
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

CoordinatorWindow::CoordinatorWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Turing Reader"));
    m_views = new QStackedWidget;
    m_views->addWidget(buildWelcome());
    m_views->addWidget(buildLocked());
    m_views->addWidget(buildWorkspace());
    setCentralWidget(m_views);
    buildMenus();
    setView(View::Welcome);
    resize(1280, 860);
}

CoordinatorWindow::~CoordinatorWindow()
{
    m_quiz.reset();              // before the project it reads
    m_data->setProject(nullptr); // an import's connection closes before the project's
    m_generator->setProject(nullptr);
}

void CoordinatorWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&Project"));
    file->addAction(tr("&New Project\u2026"), QKeySequence::New, this, [this] { newProjectDialog(); });
    file->addAction(tr("&Open Project\u2026"), QKeySequence::Open, this, [this] { openProjectDialog(); });
    file->addAction(tr("Open a Project &Server\u2026"), this, [this] {
        bool ok = false;
        const QString url = QInputDialog::getText(this, tr("Open a project server"),
            tr("The project's PostgreSQL URL, e.g. postgresql://coordinator@db.example.org/study1\n"
               "(the password comes from PGPASSWORD or ~/.pgpass):"),
            QLineEdit::Normal, QStringLiteral("postgresql://"), &ok).trimmed();
        if (ok && !url.isEmpty())
            openProjectDialog(url);
    });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &CoordinatorWindow::fillRecentMenu);
    file->addSeparator();
    QAction* lockAction = file->addAction(tr("&Lock Workspace"), QKeySequence(Qt::CTRL | Qt::Key_L), this, &CoordinatorWindow::lock);
    QAction* passphrase = file->addAction(tr("Change the &Passphrase…"), this, &CoordinatorWindow::changePassphraseDialog);
    m_sealAction = file->addAction(tr("&Seal the Image Sources…"), this, &CoordinatorWindow::sealProjectDialog);
    m_sealAction->setObjectName(QStringLiteral("seal-action"));
    QAction* close = file->addAction(tr("&Close Project"), QKeySequence::Close, this, &CoordinatorWindow::closeProject);
    m_projectActions = {lockAction, passphrase, close};
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Turing Reader"), this, [this] { showAboutDialog(this); });
}

QWidget* CoordinatorWindow::buildWelcome()
{
    auto* page = new QWidget;
    auto* column = new QVBoxLayout(page);
    column->setContentsMargins(64, 48, 64, 48);
    column->addWidget(heading(tr("Turing Reader"), 30));
    auto* intro = new QLabel(tr("Reader studies of GAN-created brain MR images. A project is one file that holds the "
                                "scans, image pools, studies, readers and every verdict; its coordinator passphrase "
                                "guards the answer keys and results."));
    intro->setWordWrap(true);
    column->addWidget(intro);
    auto* buttons = new QHBoxLayout;
    auto* newButton = new QPushButton(tr("New project\u2026"));
    auto* openButton = new QPushButton(tr("Open project\u2026"));
    auto* demoButton = new QPushButton(tr("Open the demo project"));
    demoButton->setToolTip(tr("Colin27 slices against the default generator; its passphrase is \u201c%1\u201d.")
                               .arg(QString::fromLatin1(kDemoPassphrase)));
    for (QPushButton* b : {newButton, openButton, demoButton}) {
        b->setMinimumSize(180, 40);
        buttons->addWidget(b);
    }
    buttons->addStretch();
    column->addLayout(buttons);
    column->addSpacing(16);
    column->addWidget(heading(tr("Recent projects"), 18));
    m_welcomeRecent = new QListWidget;
    m_welcomeRecent->setObjectName(QStringLiteral("recent"));
    column->addWidget(m_welcomeRecent, 1);
    connect(newButton, &QPushButton::clicked, this, [this] { newProjectDialog(); });
    connect(openButton, &QPushButton::clicked, this, [this] { openProjectDialog(); });
    connect(demoButton, &QPushButton::clicked, this, [this] {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        auto demo = ensureDemoStudy();
        QApplication::restoreOverrideCursor();
        if (!demo)
            showError(this, tr("The demo project cannot be made."), demo.error());
        else
            openProjectDialog(demo->projectPath);
    });
    connect(m_welcomeRecent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        if (const QString path = item->data(Qt::UserRole).toString(); !path.isEmpty())
            openProjectDialog(path);
    });
    return page;
}

QWidget* CoordinatorWindow::buildLocked()
{
    auto* page = new QWidget;
    auto* outer = new QVBoxLayout(page);
    outer->addStretch();
    auto* panel = new QWidget;
    panel->setMaximumWidth(560);
    auto* column = new QVBoxLayout(panel);
    column->addWidget(heading(tr("The workspace is locked"), 24));
    m_lockedText = new QLabel;
    m_lockedText->setWordWrap(true);
    column->addWidget(m_lockedText);
    m_unlockField = new QLineEdit;
    m_unlockField->setObjectName(QStringLiteral("unlock"));
    m_unlockField->setEchoMode(QLineEdit::Password);
    m_unlockField->setPlaceholderText(tr("Coordinator passphrase"));
    auto* unlockButton = new QPushButton(tr("Unlock"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_unlockField, 1);
    row->addWidget(unlockButton);
    column->addLayout(row);
    m_unlockProblem = problemLabel();
    column->addWidget(m_unlockProblem);
    auto* centre = new QHBoxLayout;
    centre->addStretch();
    centre->addWidget(panel, 1);
    centre->addStretch();
    outer->addLayout(centre);
    outer->addStretch();
    const auto tryUnlock = [this] {
        if (!unlock(m_unlockField->text()))
            m_unlockProblem->setText(tr("That is not this project's coordinator passphrase."));
        m_unlockField->clear();
    };
    connect(unlockButton, &QPushButton::clicked, this, tryUnlock);
    connect(m_unlockField, &QLineEdit::returnPressed, this, tryUnlock);
    return page;
}

QWidget* CoordinatorWindow::buildWorkspace()
{
    auto* page = new QWidget;
    m_nav = new QListWidget;
    m_nav->setObjectName(QStringLiteral("pages"));
    m_nav->setFixedWidth(190);
    QFont navFont = m_nav->font();
    navFont.setPixelSize(16);
    m_nav->setFont(navFont);
    m_nav->setSpacing(4);
    m_pages = new QStackedWidget;
    m_data = new DataPage;
    m_generator = new GeneratorPage;
    m_studies = new StudiesPage;
    m_results = new ResultsPage;
    m_activity = new ActivityPage;
    for (auto [name, widget] : {std::pair{tr("Scans & landmarks"), static_cast<QWidget*>(m_data)},
             std::pair{tr("Generator & pools"), static_cast<QWidget*>(m_generator)},
             std::pair{tr("Studies & readers"), static_cast<QWidget*>(m_studies)},
             std::pair{tr("Results"), static_cast<QWidget*>(m_results)},
             std::pair{tr("Activity"), static_cast<QWidget*>(m_activity)}}) {
        m_nav->addItem(name);
        m_pages->addWidget(widget);
    }
    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        m_pages->setCurrentIndex(row);
        if (row == int(Page::Generator))
            m_generator->refresh(); // scans ready since, pools made elsewhere
        if (row == int(Page::Results))
            m_results->refresh();
        if (row == int(Page::Activity))
            m_activity->refresh();
    });
    connect(m_studies, &StudiesPage::startSessionRequested, this, [this](const QString& study, const QString& reader) {
        if (auto started = startSession(study, reader); !started)
            showError(this, tr("The reader's session cannot be started."), started.error());
    });
    connect(m_studies, &StudiesPage::projectChanged, this, [this] { m_activity->setProject(m_open.get()); });
    connect(m_data, &DataPage::volumesChanged, this, [this] { m_activity->refresh(); });
    auto* row = new QHBoxLayout(page);
    row->addWidget(m_nav);
    row->addWidget(m_pages, 1);
    m_nav->setCurrentRow(0);
    return page;
}

void CoordinatorWindow::setView(View view)
{
    m_view = view;
    m_views->setCurrentIndex(int(view));
    const bool unlocked = view == View::Workspace;
    for (QAction* a : m_projectActions)
        a->setEnabled(unlocked);
    updateSealAction();
    if (view == View::Welcome) {
        m_welcomeRecent->clear();
        for (const QString& path : recentProjects()) {
            auto* item = new QListWidgetItem(QStringLiteral("%1    %2").arg(QFileInfo(path).fileName(), path), m_welcomeRecent);
            item->setData(Qt::UserRole, path);
        }
        if (m_welcomeRecent->count() == 0)
            new QListWidgetItem(tr("None yet: projects you open are listed here."), m_welcomeRecent);
    }
    if (view == View::Locked) {
        m_unlockProblem->clear();
        m_lockedText->setText(tr("%1 is open. The coordinator passphrase opens the workspace again.")
                                  .arg(QFileInfo(m_open->project->path()).fileName()));
        m_unlockField->setFocus();
    }
    setWindowTitle(m_open ? tr("%1 - Turing Reader").arg(QFileInfo(m_open->project->path()).fileName())
                          : tr("Turing Reader"));
    Q_EMIT viewChanged(view);
}

void CoordinatorWindow::adopt(std::unique_ptr<OpenProject> open)
{
    closeProject();
    m_open = std::move(open);
    rememberRecent(m_open->project->path());
    m_data->setProject(m_open.get());
    m_generator->setProject(m_open.get());
    m_studies->setProject(m_open.get());
    m_results->setProject(m_open.get());
    m_activity->setProject(m_open.get());
    // A project with studies opens on them; a new one on its scans.
    const auto all = studies::studies(m_open->db());
    showPage(all && !all->empty() ? Page::Studies : Page::Data);
    setView(View::Workspace);
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(m_open->project->path())), 5000);
}

core::Result<void> CoordinatorWindow::createProject(const QString& path, const QString& passphrase)
{
    auto project = studies::Project::create(path);
    if (!project)
        return project.error();
    auto open = std::make_unique<OpenProject>();
    open->project = std::make_unique<studies::Project>(std::move(*project));
    auto access = studies::setCoordinatorPassphrase(open->db(), passphrase);
    if (!access) {
        // Nothing of value is in the new file yet: no file without a passphrase is left behind.
        open.reset();
        QFile::remove(path);
        return access.error();
    }
    open->access = std::move(*access);
    (void)studies::logEvent(open->db(), QStringLiteral("project created"), QStringLiteral("in the workspace"));
    adopt(std::move(open));
    return {};
}

core::Result<void> CoordinatorWindow::openProject(const QString& path, const QString& passphrase)
{
    auto project = studies::Project::open(path);
    if (!project)
        return project.error();
    auto open = std::make_unique<OpenProject>();
    open->project = std::make_unique<studies::Project>(std::move(*project));
    auto access = studies::unlockCoordinator(open->db(), passphrase);
    (void)studies::logEvent(open->db(), access ? QStringLiteral("project opened") : QStringLiteral("coordinator unlock refused"),
        QStringLiteral("in the workspace"));
    if (!access)
        return access.error();
    open->access = std::move(*access);
    adopt(std::move(open));
    return {};
}

void CoordinatorWindow::closeProject()
{
    m_quiz.reset();
    m_data->setProject(nullptr);      // waits for an import in hand
    m_generator->setProject(nullptr); // and for a pool or a training run
    m_studies->setProject(nullptr);
    m_results->setProject(nullptr);
    m_activity->setProject(nullptr);
    m_open.reset();
    setView(View::Welcome);
}

void CoordinatorWindow::newProjectDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New project"),
        studies::storageLocations().projectsDir, kProjectFilter);
    if (path.isEmpty())
        return;
    PassphraseDialog dialog(PassphraseDialog::Mode::New, QFileInfo(path).fileName(), this);
    while (dialog.exec() == QDialog::Accepted) {
        auto made = createProject(path, dialog.passphrase());
        if (made)
            return;
        if (made.error().subject != "passphrase") {
            showError(this, tr("The project cannot be created."), made.error());
            return;
        }
        dialog.setProblem(errorLine(made.error()));
    }
}

void CoordinatorWindow::openProjectDialog(const QString& given)
{
    const QString path = given.isEmpty()
        ? QFileDialog::getOpenFileName(this, tr("Open project"), studies::storageLocations().projectsDir, kProjectFilter)
        : given;
    if (path.isEmpty())
        return;
    // A server project is its URL without the password; a file, its canonical path.
    const auto address = studies::isServerLocation(path) ? studies::ServerAddress::parse(path)
                                                          : core::Result<studies::ServerAddress>(studies::ServerAddress{});
    const bool same = m_open
        && (studies::isServerLocation(path)
                ? address && m_open->project->path() == address->display()
                : QFileInfo(m_open->project->path()).canonicalFilePath() == QFileInfo(path).canonicalFilePath());
    if (same) {
        if (m_view == View::Locked)
            m_unlockField->setFocus();
        return; // open already
    }
    auto project = studies::Project::open(path);
    if (!project) {
        showError(this, tr("The project cannot be opened."), project.error());
        return;
    }
    auto open = std::make_unique<OpenProject>();
    open->project = std::make_unique<studies::Project>(std::move(*project));
    // A project made without one (by an older version, or a script) gets its
    // passphrase now: the workspace shows answer keys and results.
    const bool hasPassphrase = studies::hasCoordinatorPassphrase(open->db());
    PassphraseDialog dialog(hasPassphrase ? PassphraseDialog::Mode::Unlock : PassphraseDialog::Mode::New,
        QFileInfo(path).fileName(), this);
    while (dialog.exec() == QDialog::Accepted) {
        QApplication::setOverrideCursor(Qt::WaitCursor); // PBKDF2: about a second
        auto access = hasPassphrase ? studies::unlockCoordinator(open->db(), dialog.passphrase())
                                    : studies::setCoordinatorPassphrase(open->db(), dialog.passphrase());
        QApplication::restoreOverrideCursor();
        (void)studies::logEvent(open->db(),
            access ? (hasPassphrase ? QStringLiteral("project opened") : QStringLiteral("coordinator passphrase set"))
                   : QStringLiteral("coordinator unlock refused"),
            QStringLiteral("in the workspace"));
        if (access) {
            open->access = std::move(*access);
            adopt(std::move(open));
            return;
        }
        dialog.setProblem(hasPassphrase ? tr("That is not this project's coordinator passphrase.")
                                        : errorLine(access.error()));
    }
}

void CoordinatorWindow::lock()
{
    if (!m_open)
        return;
    m_open->access.reset();
    (void)studies::logEvent(m_open->db(), QStringLiteral("workspace locked"), {});
    setView(View::Locked);
}

bool CoordinatorWindow::unlock(const QString& passphrase)
{
    if (!m_open)
        return false;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto access = studies::unlockCoordinator(m_open->db(), passphrase);
    QApplication::restoreOverrideCursor();
    (void)studies::logEvent(m_open->db(),
        access ? QStringLiteral("workspace unlocked") : QStringLiteral("coordinator unlock refused"),
        QStringLiteral("in the workspace"));
    if (!access)
        return false;
    m_open->access = std::move(*access);
    m_studies->refresh();
    m_activity->refresh();
    setView(View::Workspace);
    return true;
}

core::Result<void> CoordinatorWindow::changePassphrase(const QString& current, const QString& next)
{
    if (!m_open)
        return core::Error{core::ErrorCode::InvalidArgument, "project", "No project is open.", {}};
    auto access = studies::setCoordinatorPassphrase(m_open->db(), next, current);
    (void)studies::logEvent(m_open->db(),
        access ? QStringLiteral("coordinator passphrase changed") : QStringLiteral("passphrase change refused"),
        QStringLiteral("in the workspace"));
    if (!access)
        return access.error();
    m_open->access = std::move(*access);
    return {};
}

void CoordinatorWindow::changePassphraseDialog()
{
    if (!m_open)
        return;
    PassphraseDialog dialog(PassphraseDialog::Mode::Change, QFileInfo(m_open->project->path()).fileName(), this);
    while (dialog.exec() == QDialog::Accepted) {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        auto changed = changePassphrase(dialog.currentPassphrase(), dialog.passphrase());
        QApplication::restoreOverrideCursor();
        if (changed) {
            statusBar()->showMessage(tr("The coordinator passphrase is changed."), 5000);
            return;
        }
        dialog.setProblem(errorLine(changed.error()));
    }
}

core::Result<int> CoordinatorWindow::sealProject()
{
    if (!m_open || !m_open->access)
        return core::Error{core::ErrorCode::InvalidArgument, "project", "No project is open and unlocked.", {}};
    auto sealed = studies::enableSealing(m_open->db(), *m_open->access);
    if (sealed)
        m_studies->refresh(); // every reader's session is drawn now
    updateSealAction();
    return sealed;
}

// Offered only where there is something to seal: a project file that an older
// version left open (a new one is sealed from its first passphrase on).
void CoordinatorWindow::updateSealAction()
{
    if (!m_sealAction)
        return;
    bool open = false;
    if (m_view == View::Workspace && m_open && m_open->db().backend() == studies::ProjectDatabase::Backend::File) {
        const auto sealed = studies::sealingEnabled(m_open->db());
        open = sealed && !*sealed;
    }
    m_sealAction->setEnabled(open);
}

void CoordinatorWindow::sealProjectDialog()
{
    if (!m_open)
        return;
    QMessageBox ask(QMessageBox::Question, tr("Seal the image sources"),
        tr("Seal what links each image of %1 to its source?").arg(QFileInfo(m_open->project->path()).fileName()),
        QMessageBox::Cancel, this);
    ask.setObjectName(QStringLiteral("seal-dialog"));
    ask.setInformativeText(
        tr("Each image's pool, position and provenance, and every seed, are then kept encrypted under the "
           "coordinator passphrase, so that the project file read without it gives no answer key. Every "
           "reader's session is drawn now; a reader added later is drawn when the project is next opened "
           "here. Sealing is for good."));
    QPushButton* go = ask.addButton(tr("Seal"), QMessageBox::AcceptRole);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() != go)
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto sealed = sealProject();
    QApplication::restoreOverrideCursor();
    if (!sealed) {
        showError(this, tr("The image sources cannot be sealed."), sealed.error());
        return;
    }
    statusBar()->showMessage(tr("Sealed: %n image source(s) sealed now; the project keeps them sealed.", nullptr, *sealed), 8000);
}

core::Result<void> CoordinatorWindow::startSession(const QString& study, const QString& reader, bool windowed)
{
    if (!m_open)
        return core::Error{core::ErrorCode::InvalidArgument, "project", "No project is open.", {}};
    // The quiz's timing needs the machine: no training beside a reader.
    const auto training = m_generator->training()->state();
    if (training == TrainingPanel::State::Training || training == TrainingPanel::State::Preparing)
        return core::Error{core::ErrorCode::Busy, "training",
            "A generator is being trained on this computer; pause it (Generator & pools) before a reader's session, "
            "so that images appear and time out on time.", {}};
    auto quiz = QuizWindow::open(*m_open->project, study, reader);
    if (!quiz)
        return quiz.error();
    if (const auto state = (*quiz)->session().state();
        state == studies::SessionState::Completed || state == studies::SessionState::Abandoned)
        return core::Error{core::ErrorCode::InvalidArgument, reader.toStdString(),
            state == studies::SessionState::Completed ? "This reader's session of the study is finished."
                                                      : "This reader's session of the study was ended by the coordinator.",
            {}};
    lock();
    m_quiz = std::move(*quiz);
    connect(m_quiz.get(), &QuizWindow::sittingEnded, this, &CoordinatorWindow::onSittingEnded, Qt::QueuedConnection);
    hide();
    if (windowed) {
        m_quiz->resize(1280, 900);
        m_quiz->show();
    } else {
        m_quiz->setGeometry(QGuiApplication::primaryScreen()->geometry());
        m_quiz->showFullScreen();
    }
    return {};
}

void CoordinatorWindow::onSittingEnded()
{
    m_quiz.reset(); // closes the session ("session closed" in the log)
    show();
    raise();
    Q_EMIT sittingEnded();
}

void CoordinatorWindow::showPage(Page page) { m_nav->setCurrentRow(int(page)); }

CoordinatorWindow::Page CoordinatorWindow::page() const { return Page(m_nav->currentRow()); }

QStringList CoordinatorWindow::recentProjects() const
{
    QStringList kept;
    for (const QString& path : QSettings().value(kRecentKey).toStringList())
        if (QFileInfo::exists(path))
            kept << path;
    return kept;
}

void CoordinatorWindow::rememberRecent(const QString& path)
{
    QStringList list = QSettings().value(kRecentKey).toStringList();
    const QString canonical = QFileInfo(path).absoluteFilePath();
    list.removeAll(canonical);
    list.prepend(canonical);
    QSettings().setValue(kRecentKey, list.mid(0, kRecentProjects));
}

void CoordinatorWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentProjects();
    for (const QString& path : recent)
        m_recentMenu->addAction(QDir::toNativeSeparators(path), this, [this, path] { openProjectDialog(path); });
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
}

} // namespace tr::gui
