#include "gui/studiespage.h"

#include "gui/errordialog.h"
#include "gui/openproject.h"
#include "gui/recordtable.h"
#include "gui/readerdialog.h"
#include "gui/readerlogindialog.h"
#include "gui/studydialog.h"
#include "studies/sessionimagefiles.h"
#include "studies/answerfile.h"
#include "studies/blindingcheck.h"
#include "studies/imagepool.h"
#include "studies/readeraccess.h"
#include "studies/readersession.h"
#include "studies/study.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tr::gui {

using studies::SessionState;

namespace {

QString stateText(SessionState state)
{
    switch (state) {
    case SessionState::NotStarted: return StudiesPage::tr("not started");
    case SessionState::Training: return StudiesPage::tr("practice");
    case SessionState::Main: return StudiesPage::tr("reading");
    case SessionState::Completed: return StudiesPage::tr("finished");
    case SessionState::Abandoned: return StudiesPage::tr("abandoned");
    }
    return {};
}

QString designSummary(const studies::StudyRecord& s)
{
    const auto& d = s.design;
    QStringList answers{StudiesPage::tr("real (%1)").arg(d.keys.real), StudiesPage::tr("created (%1)").arg(d.keys.created)};
    if (d.allowUnknown)
        answers << StudiesPage::tr("unknown (%1)").arg(d.keys.unknown);
    QStringList asks;
    if (d.askConfidence)
        asks << StudiesPage::tr("confidence 1-5");
    if (d.askReasons)
        asks << StudiesPage::tr("reasons");
    return StudiesPage::tr("%1 practice images, then %2 images a reader, %3-%4 % created (an exact count each); %5; "
                           "answers %6%7%8.\nReal images from \u201c%9\u201d (%10), created from \u201c%11\u201d (%12).")
        .arg(d.draw.trainingCases)
        .arg(d.draw.imagesPerReader)
        .arg(d.draw.minimumCreatedShare * 100, 0, 'f', 0)
        .arg(d.draw.maximumCreatedShare * 100, 0, 'f', 0)
        .arg(d.timeLimitSeconds ? StudiesPage::tr("%1 s per image").arg(d.timeLimitSeconds) : StudiesPage::tr("no time limit"))
        .arg(answers.join(QLatin1String(", ")))
        .arg(asks.isEmpty() ? QString() : QStringLiteral("; ") + asks.join(QLatin1String(", ")))
        .arg(d.draw.sameSetForEveryReader ? StudiesPage::tr("; the same images for every reader") : QString())
        .arg(s.realPool)
        .arg(s.realPoolSize)
        .arg(s.createdPool)
        .arg(s.createdPoolSize);
}

} // namespace

StudiesPage::StudiesPage(QWidget* parent) : QWidget(parent)
{
    m_study = new QComboBox;
    m_study->setObjectName(QStringLiteral("study"));
    m_study->setMinimumWidth(240);
    m_newStudy = new QPushButton(tr("New study\u2026"));
    m_design = new QLabel;
    m_design->setObjectName(QStringLiteral("design"));
    m_design->setWordWrap(true);
    m_design->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_blinding = new QLabel;
    m_blinding->setObjectName(QStringLiteral("blinding"));
    m_blinding->setWordWrap(true);
    m_blinding->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_check = new QPushButton(tr("Blinding check\u2026"));
    m_check->setObjectName(QStringLiteral("blinding-check"));
    m_check->setToolTip(tr("Can a low-level cue alone (histogram, air, texture, file size, duplicates) tell this "
                           "study's pools apart? A raised check must be acknowledged before the first session."));
    m_readers = recordTable(QStringLiteral("readers"),
        {tr("Reader"), tr("Group"), tr("Experience"), tr("Session"), tr("Practice"), tr("Images answered")});
    m_addReader = new QPushButton(tr("Add reader\u2026"));
    m_start = new QPushButton(tr("Start the reader's session"));
    m_start->setObjectName(QStringLiteral("start"));
    m_start->setToolTip(tr("Locks this workspace and opens the quiz full screen for the selected reader; the "
                           "passphrase unlocks the workspace afterwards."));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Study:")));
    top->addWidget(m_study);
    top->addWidget(m_newStudy);
    top->addWidget(m_check);
    top->addStretch();
    m_key = new QPushButton(tr("Answer key…"));
    m_correct = new QPushButton(tr("Correct a verdict…"));
    m_abandon = new QPushButton(tr("End the session…"));
    m_abandon->setToolTip(tr("For a reader who cannot finish: the session ends for good, its verdicts kept and left "
                             "out of the results."));
    m_paper = new QPushButton(tr("On paper\u2026"));
    m_paper->setToolTip(tr("The selected reader's images to a folder (named by position only), or the answers "
                           "from a CSV file: for a reading without this program, or a scripted pilot reader."));
    m_package = new QPushButton(tr("Reading package\u2026"));
    m_package->setObjectName(QStringLiteral("package"));
    m_package->setToolTip(tr("For a reader with no network to this project: the selected reader's sitting as one "
                             "sealed file (images and design, no truth) that 'turing-reader FILE' runs; or an "
                             "answered package taken back."));
    m_login = new QPushButton(tr("Server login\u2026"));
    m_login->setObjectName(QStringLiteral("login"));
    m_login->setToolTip(tr("The selected reader's own login to this project server, for their workstation: it "
                           "sees only their own sitting, never pools, the key or other readers' answers."));
    m_login->hide();
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_addReader);
    bottom->addWidget(m_paper);
    bottom->addWidget(m_package);
    bottom->addWidget(m_login);
    bottom->addStretch();
    bottom->addWidget(m_key);
    bottom->addWidget(m_correct);
    bottom->addWidget(m_abandon);
    bottom->addSpacing(24);
    bottom->addWidget(m_start);
    auto* column = new QVBoxLayout(this);
    column->addLayout(top);
    column->addWidget(m_design);
    column->addWidget(m_blinding);
    column->addWidget(m_readers, 1);
    column->addLayout(bottom);

    m_live.setInterval(kLiveRefreshMs);
    connect(&m_live, &QTimer::timeout, this, [this] {
        if (isVisible() && m_project && !currentStudy().isEmpty())
            showStudy();
    });
    connect(m_study, &QComboBox::currentIndexChanged, this, &StudiesPage::showStudy);
    connect(m_newStudy, &QPushButton::clicked, this, &StudiesPage::newStudy);
    connect(m_check, &QPushButton::clicked, this, &StudiesPage::blindingDialog);
    connect(m_addReader, &QPushButton::clicked, this, &StudiesPage::addReader);
    connect(m_start, &QPushButton::clicked, this, &StudiesPage::requestStart);
    connect(m_key, &QPushButton::clicked, this, &StudiesPage::keyDialog);
    connect(m_correct, &QPushButton::clicked, this, &StudiesPage::correctDialog);
    connect(m_abandon, &QPushButton::clicked, this, &StudiesPage::abandonDialog);
    connect(m_paper, &QPushButton::clicked, this, &StudiesPage::paperDialog);
    connect(m_package, &QPushButton::clicked, this, &StudiesPage::packageDialog);
    connect(m_login, &QPushButton::clicked, this, &StudiesPage::loginDialog);
    connect(m_readers, &QTableWidget::itemSelectionChanged, this, &StudiesPage::updateButtons);
    connect(m_readers, &QTableWidget::itemDoubleClicked, this, &StudiesPage::requestStart);
    updateButtons();
}

void StudiesPage::setProject(OpenProject* project)
{
    m_project = project;
    // On a server the readers sit at workstations of their own: their progress
    // is read again every few seconds while the page is shown.
    const bool server = m_project && m_project->db().onServer();
    if (server)
        m_live.start();
    else
        m_live.stop();
    m_login->setVisible(server);
    refresh();
}

void StudiesPage::refresh()
{
    const QString keep = currentStudy();
    const QSignalBlocker blocker(m_study);
    m_study->clear();
    if (m_project) {
        auto all = studies::studies(m_project->db());
        if (!all)
            showError(this, tr("The studies cannot be read."), all.error());
        else
            for (const auto& s : *all)
                m_study->addItem(s.name);
    }
    const int index = m_study->findText(keep);
    m_study->setCurrentIndex(index >= 0 ? index : m_study->count() - 1);
    showStudy();
}

QString StudiesPage::currentStudy() const { return m_study->currentText(); }

void StudiesPage::setCurrentStudy(const QString& name) { m_study->setCurrentIndex(m_study->findText(name)); }

QString StudiesPage::designText() const { return m_design->text(); }

QString StudiesPage::blindingText() const { return m_blinding->text(); }

void StudiesPage::showStudy()
{
    const QString keepReader = selectedReader();
    m_readers->setRowCount(0);
    m_design->clear();
    m_blinding->clear();
    if (!m_project || currentStudy().isEmpty()) {
        m_design->setText(m_project ? tr("No study yet: \u201cNew study\u2026\u201d makes one from the paper's protocol.")
                                    : QString());
        updateButtons();
        return;
    }
    auto study = studies::study(m_project->db(), currentStudy());
    auto progress = studies::readerProgress(m_project->db(), currentStudy());
    if (!study || !progress) {
        showError(this, tr("The study cannot be read."), study ? progress.error() : study.error());
        return;
    }
    m_design->setText(designSummary(*study));
    if (auto check = studies::blindingCheck(m_project->db(), currentStudy()); check && *check)
        m_blinding->setText(studies::blindingSentence(**check));
    else if (check)
        m_blinding->setText(tr("Blinding check: none on record for this study (made before checks were kept)."));
    for (const auto& p : *progress) {
        const int row = m_readers->rowCount();
        m_readers->insertRow(row);
        const QStringList cells{p.reader.code, p.reader.group,
            p.reader.yearsOfExperience ? (*p.reader.yearsOfExperience == 1 ? tr("1 year")
                                                                        : tr("%1 years").arg(*p.reader.yearsOfExperience))
                                       : QString(),
            p.packageOut ? tr("out as a reading package")
            : p.sittingNow ? tr("%1, reading now").arg(stateText(p.state))
                           : stateText(p.state),
            tr("%1 / %2").arg(p.trainingAnswered).arg(p.trainingCount),
            tr("%1 / %2").arg(p.mainAnswered).arg(p.mainCount)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setData(Qt::UserRole, p.reader.code);
            item->setData(Qt::UserRole + 1, int(p.state));
            item->setData(Qt::UserRole + 2, p.packageOut);
            m_readers->setItem(row, c, item);
        }
    }
    if (!keepReader.isEmpty())
        selectReader(keepReader);
    updateButtons();
}

QString StudiesPage::selectedReader() const
{
    const auto rows = m_readers->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_readers->item(rows.front().row(), 0)->data(Qt::UserRole).toString();
}

void StudiesPage::selectReader(const QString& code)
{
    for (int row = 0; row < m_readers->rowCount(); ++row)
        if (m_readers->item(row, 0)->data(Qt::UserRole).toString() == code)
            m_readers->selectRow(row);
}

void StudiesPage::updateButtons()
{
    const bool open = m_project != nullptr;
    m_newStudy->setEnabled(open);
    m_check->setEnabled(open && !currentStudy().isEmpty());
    m_addReader->setEnabled(open);
    const auto rows = m_readers->selectionModel()->selectedRows();
    // The selected reader's session state, as stored with the row.
    const auto state = rows.isEmpty() ? SessionState::NotStarted
                                      : SessionState(m_readers->item(rows.front().row(), 0)->data(Qt::UserRole + 1).toInt());
    const bool finished = state == SessionState::Completed || state == SessionState::Abandoned;
    // A sitting out as a reading package is read there, not here.
    const bool packaged = !rows.isEmpty() && m_readers->item(rows.front().row(), 0)->data(Qt::UserRole + 2).toBool();
    m_start->setEnabled(open && !currentStudy().isEmpty() && !rows.isEmpty() && !finished && !packaged);
    const bool started = state != SessionState::NotStarted;
    for (QPushButton* b : {m_key, m_correct})
        b->setEnabled(open && started);
    m_abandon->setEnabled(open && started && !finished);
    m_paper->setEnabled(open && !rows.isEmpty() && !finished);
    m_package->setEnabled(open && !currentStudy().isEmpty());
    m_login->setEnabled(open && !currentStudy().isEmpty() && !rows.isEmpty() && !finished);
}

void StudiesPage::requestStart()
{
    if (!m_start->isEnabled())
        return;
    // Before the first session: a raised check is shown and must be
    // acknowledged; the studies layer refuses the session otherwise.
    if (blindingBlocks()) {
        blindingDialog();
        return;
    }
    Q_EMIT startSessionRequested(currentStudy(), selectedReader());
}

bool StudiesPage::blindingBlocks()
{
    if (!m_project || currentStudy().isEmpty())
        return false;
    auto check = studies::blindingCheck(m_project->db(), currentStudy());
    return check && *check && (*check)->blocksSessions();
}

QDialog* StudiesPage::blindingDialog()
{
    if (!m_project || currentStudy().isEmpty())
        return nullptr;
    auto check = studies::blindingCheck(m_project->db(), currentStudy());
    if (!check) {
        showError(this, tr("The blinding check cannot be read."), check.error());
        return nullptr;
    }
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("blinding-dialog"));
    dialog->setWindowTitle(tr("Blinding check of %1").arg(currentStudy()));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* text = new QPlainTextEdit;
    text->setObjectName(QStringLiteral("summary"));
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setMinimumSize(760, 300);
    text->setPlainText(*check ? (*check)->summary + QLatin1Char('\n') + studies::blindingSentence(**check)
                              : tr("No check is on record for this study (it was made before checks were kept)."));
    auto* column = new QVBoxLayout(dialog);
    column->addWidget(text, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    if (*check && (*check)->blocksSessions()) {
        auto* note = new QLineEdit;
        note->setObjectName(QStringLiteral("acknowledgement"));
        note->setPlaceholderText(tr("Why the study may go ahead (kept, and printed in every report of the study)"));
        column->addWidget(new QLabel(tr("No reader's session starts until you acknowledge what the check found:")));
        column->addWidget(note);
        auto* acknowledge = buttons->addButton(tr("Acknowledge"), QDialogButtonBox::AcceptRole);
        acknowledge->setObjectName(QStringLiteral("acknowledge"));
        acknowledge->setEnabled(false);
        connect(note, &QLineEdit::textChanged, acknowledge,
            [acknowledge](const QString& t) { acknowledge->setEnabled(!t.trimmed().isEmpty()); });
        connect(acknowledge, &QPushButton::clicked, dialog, [this, dialog, note] {
            if (auto done = acknowledgeBlinding(note->text()); !done) {
                showError(dialog, tr("The acknowledgement cannot be stored."), done.error());
                return;
            }
            dialog->accept();
        });
    }
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    column->addWidget(buttons);
    dialog->open();
    return dialog;
}

core::Result<void> StudiesPage::acknowledgeBlinding(const QString& note)
{
    if (!m_project || !m_project->access)
        return core::Error{core::ErrorCode::InvalidArgument, "project", "No project is open for the coordinator.", {}};
    auto done = studies::acknowledgeBlindingCheck(m_project->db(), *m_project->access, currentStudy(), note);
    if (!done)
        return done.error();
    showStudy();
    return {};
}

StudyDialog* StudiesPage::newStudy()
{
    if (!m_project || !m_project->access)
        return nullptr;
    auto pools = studies::pools(m_project->db());
    if (!pools) {
        showError(this, tr("The image pools cannot be read."), pools.error());
        return nullptr;
    }
    auto* dialog = new StudyDialog(*pools, [this](const StudyRequest& r) -> core::Result<void> {
        auto made = studies::createStudy(
            m_project->db(), *m_project->access, r.name, r.realPool, r.createdPool, r.seed, r.design);
        if (!made)
            return made.error();
        return {};
    }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        refresh();
        setCurrentStudy(dialog->request().name);
        Q_EMIT projectChanged();
        // What the check found, at once, while the coordinator is here.
        if (blindingBlocks())
            blindingDialog();
    });
    dialog->open();
    return dialog;
}

ReaderDialog* StudiesPage::addReader()
{
    if (!m_project)
        return nullptr;
    auto* dialog = new ReaderDialog([this](const studies::ReaderRecord& r) -> core::Result<void> {
        auto added = studies::addReader(m_project->db(), r);
        if (!added)
            return added.error();
        return {};
    }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        showStudy();
        selectReader(dialog->reader().code);
        Q_EMIT projectChanged();
    });
    dialog->open();
    return dialog;
}

core::Result<std::vector<studies::KeyEntry>> StudiesPage::answerKeyOf(const QString& reader)
{
    if (!m_project || !m_project->access)
        return core::Error{core::ErrorCode::PermissionDenied, "project", "The workspace is locked.", {}};
    return studies::answerKey(m_project->db(), *m_project->access, currentStudy(), reader);
}

core::Result<void> StudiesPage::correct(
    const QString& reader, studies::Block block, int position, studies::Call call, const QString& reason)
{
    if (!m_project || !m_project->access)
        return core::Error{core::ErrorCode::PermissionDenied, "project", "The workspace is locked.", {}};
    return studies::correctVerdict(m_project->db(), *m_project->access, currentStudy(), reader, block, position, call, reason);
}

core::Result<void> StudiesPage::abandon(const QString& reader, const QString& reason)
{
    if (!m_project || !m_project->access)
        return core::Error{core::ErrorCode::PermissionDenied, "project", "The workspace is locked.", {}};
    auto done = studies::abandonSession(m_project->db(), *m_project->access, currentStudy(), reader, reason);
    if (done)
        showStudy();
    return done;
}

void StudiesPage::keyDialog()
{
    const QString reader = selectedReader();
    auto key = answerKeyOf(reader);
    if (!key) {
        showError(this, tr("The answer key cannot be read."), key.error());
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Answer key: %1, study %2 (coordinator only)").arg(reader, currentStudy()));
    auto* t = recordTable(QStringLiteral("key"), {tr("Image"), tr("Truth"), tr("Pool")});
    for (const auto& k : *key)
        appendRecord(t, {(k.block == studies::Block::Training ? tr("practice %1") : tr("%1")).arg(k.position),
                            k.created ? tr("created") : tr("real"), k.pool});
    auto* note = new QLabel(tr("Reading the key is logged. Keep it from the readers."));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* column = new QVBoxLayout(&dialog);
    column->addWidget(note);
    column->addWidget(t, 1);
    column->addWidget(buttons);
    dialog.resize(480, 640);
    dialog.exec();
}

void StudiesPage::correctDialog()
{
    const QString reader = selectedReader();
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Correct a verdict of %1").arg(reader));
    auto* block = new QComboBox;
    block->addItem(tr("images that count"), int(studies::Block::Main));
    block->addItem(tr("practice"), int(studies::Block::Training));
    auto* position = new QSpinBox;
    position->setRange(1, 10000);
    auto* verdict = new QComboBox;
    for (auto call : {studies::Call::Real, studies::Call::Created, studies::Call::Unknown, studies::Call::Timeout})
        verdict->addItem(studies::callKey(call), int(call));
    auto* reason = new QLineEdit;
    reason->setPlaceholderText(tr("e.g. the reader said 'real' and pressed C by mistake"));
    auto* problem = problemLabel();
    auto* form = new QFormLayout;
    form->addRow(tr("Block:"), block);
    form->addRow(tr("Image:"), position);
    form->addRow(tr("Verdict to use:"), verdict);
    form->addRow(tr("Reason:"), reason);
    auto* note = new QLabel(tr("The reader's own verdict stays stored; the analysis uses this one, and the report "
                               "counts corrections."));
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        auto done = correct(reader, studies::Block(block->currentData().toInt()), position->value(),
            studies::Call(verdict->currentData().toInt()), reason->text());
        if (done)
            dialog.accept();
        else
            problem->setText(errorLine(done.error()));
    });
    auto* column = new QVBoxLayout(&dialog);
    column->addWidget(note);
    column->addLayout(form);
    column->addWidget(problem);
    column->addWidget(buttons);
    dialog.exec();
}

void StudiesPage::abandonDialog()
{
    const QString reader = selectedReader();
    bool given = false;
    const QString reason = QInputDialog::getText(this, tr("End %1's session for good").arg(reader),
        tr("The session cannot be resumed afterwards; its verdicts are kept and left out of the results. Why?"),
        QLineEdit::Normal, QString(), &given);
    if (!given)
        return;
    if (auto done = abandon(reader, reason); !done)
        showError(this, tr("The session cannot be ended."), done.error());
}

core::Result<int> StudiesPage::sessionImagesTo(const QString& reader, const QString& folder)
{
    if (!m_project)
        return core::Error{core::ErrorCode::InvalidArgument, "project", "No project is open.", {}};
    auto session = studies::ReaderSession::open(m_project->db(), currentStudy(), reader);
    if (!session)
        return session.error();
    auto written = studies::writeSessionImages(*session, folder);
    if (!written)
        return written.error();
    showStudy();
    return int(written->size());
}

core::Result<int> StudiesPage::answersFrom(const QString& reader, const QString& csvFile)
{
    if (!m_project)
        return core::Error{core::ErrorCode::InvalidArgument, "project", "No project is open.", {}};
    QFile file(csvFile);
    if (!file.open(QIODevice::ReadOnly))
        return core::Error{core::ErrorCode::NotFound, csvFile.toStdString(), "The answers file cannot be read.", {}};
    core::Result<int> recorded = 0;
    {
        auto session = studies::ReaderSession::open(m_project->db(), currentStudy(), reader);
        if (!session)
            return session.error();
        recorded = studies::answerFromCsv(*session, file, csvFile);
    }
    showStudy(); // what was recorded before a bad line stays, and shows
    return recorded;
}

void StudiesPage::paperDialog()
{
    const QString reader = selectedReader();
    QMessageBox box(QMessageBox::Question, tr("A reading on paper"),
        tr("%1's session of %2: write its images to a folder (named T1, T2 ... and 1, 2 ..., nothing else), or enter "
           "its answers from a CSV file (columns position, verdict, response_ms)?")
            .arg(reader, currentStudy()),
        QMessageBox::Cancel, this);
    QPushButton* images = box.addButton(tr("Images to a folder\u2026"), QMessageBox::ActionRole);
    QPushButton* answers = box.addButton(tr("Answers from a file\u2026"), QMessageBox::ActionRole);
    box.exec();
    if (box.clickedButton() == images) {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder for %1's images").arg(reader));
        if (folder.isEmpty())
            return;
        if (auto done = sessionImagesTo(reader, folder); !done)
            showError(this, tr("The images cannot be written."), done.error());
    } else if (box.clickedButton() == answers) {
        const QString file = QFileDialog::getOpenFileName(this, tr("%1's answers").arg(reader), QString(), tr("CSV (*.csv)"));
        if (file.isEmpty())
            return;
        if (auto done = answersFrom(reader, file); !done)
            showError(this, tr("Not every answer could be entered."), done.error());
    }
}

core::Result<studies::PackageMade> StudiesPage::packageTo(const QString& reader, const QString& file)
{
    if (!m_project || !m_project->access)
        return core::Error{core::ErrorCode::PermissionDenied, "project", "The workspace is locked.", {}};
    auto made = studies::makeReadingPackage(m_project->db(), *m_project->access, currentStudy(), reader, file);
    showStudy();
    return made;
}

core::Result<studies::PackageMerged> StudiesPage::mergePackage(const QString& file)
{
    if (!m_project || !m_project->access)
        return core::Error{core::ErrorCode::PermissionDenied, "project", "The workspace is locked.", {}};
    auto merged = studies::mergeReadingPackage(m_project->db(), *m_project->access, file);
    showStudy();
    return merged;
}

core::Result<ReaderLoginDialog::Made> StudiesPage::grantLogin(const QString& reader, const QString& password)
{
    if (!m_project || !m_project->access)
        return core::Error{core::ErrorCode::PermissionDenied, "project", "The workspace is locked.", {}};
    auto& db = m_project->db();
    // The session first: a login that cannot draw finds it ready, and a study
    // that may not start yet (its blinding check) stops here, before any role.
    if (auto prepared = studies::prepareSession(db, *m_project->access, currentStudy(), reader); !prepared)
        return prepared.error();
    auto login = studies::grantReaderLogin(db, *m_project->access, reader, password);
    showStudy();
    if (!login)
        return login.error();
    return ReaderLoginDialog::Made{
        tr("Reader %1 signs in as %2 and sees only their own sitting. Their workstation runs this, with the "
           "password in PGPASSWORD or ~/.pgpass (give it to them another way):")
            .arg(reader, *login),
        QStringLiteral("turing-reader --project %1 --study %2 --reader %3")
            .arg(studies::readerLoginUrl(db.path(), *login), currentStudy(), reader)};
}

ReaderLoginDialog* StudiesPage::loginDialog()
{
    const QString reader = selectedReader();
    if (reader.isEmpty() || !m_login->isEnabled())
        return nullptr;
    auto* dialog = new ReaderLoginDialog(
        reader, [this, reader](const QString& password) { return grantLogin(reader, password); }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void StudiesPage::packageDialog()
{
    const QString reader = selectedReader();
    QMessageBox box(QMessageBox::Question, tr("Reading package"),
        tr("A reading package holds one reader's sitting of %1 (the images in presentation order and the design, no "
           "truth), sealed, for a workstation with no network to this project: the reader opens it with Turing "
           "Reader, and the answered file comes back here.")
            .arg(currentStudy()),
        QMessageBox::Cancel, this);
    QPushButton* write = reader.isEmpty() ? nullptr : box.addButton(tr("Package %1's sitting\u2026").arg(reader), QMessageBox::ActionRole);
    QPushButton* merge = box.addButton(tr("Merge an answered package\u2026"), QMessageBox::ActionRole);
    box.exec();
    if (write && box.clickedButton() == write) {
        const QString file = QFileDialog::getSaveFileName(this, tr("Reading package for %1").arg(reader),
            QStringLiteral("%1-%2.trpackage").arg(currentStudy(), reader), tr("Reading packages (*.trpackage)"));
        if (file.isEmpty())
            return;
        auto made = packageTo(reader, file);
        if (!made) {
            showError(this, tr("The package cannot be made."), made.error());
            return;
        }
        QMessageBox::information(this, tr("Reading package"),
            tr("%1: %2 practice and %3 images for %4. The reader opens it with \u201cturing-reader %5\u201d; "
               "merge the answered file here.")
                .arg(QDir::toNativeSeparators(file)).arg(made->trainingCount).arg(made->mainCount).arg(reader)
                .arg(QFileInfo(file).fileName()));
    } else if (box.clickedButton() == merge) {
        const QString file = QFileDialog::getOpenFileName(this, tr("An answered reading package"), QString(),
            tr("Reading packages (*.trpackage)"));
        if (file.isEmpty())
            return;
        auto merged = mergePackage(file);
        if (!merged) {
            showError(this, tr("The package is not merged."), merged.error());
            return;
        }
        QMessageBox::information(this, tr("Reading package"),
            tr("%1's sitting of %2 merged: %3 practice and %4 of %5 images answered.")
                .arg(merged->readerCode, merged->study).arg(merged->trainingAnswered).arg(merged->mainAnswered)
                .arg(merged->mainCount));
    }
}

} // namespace tr::gui
