#include "gui/quizwindow.h"

#include "gui/errordialog.h"
#include "gui/quizimageview.h"
#include "studies/coordinatoraccess.h"
#include "studies/study.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QFileInfo>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace tr::gui {

using studies::AnswerKeys;
using studies::Block;
using studies::Call;
using studies::SessionState;

namespace {

constexpr int kTickMs = 40; // the countdown's refresh: smooth at 25 Hz, cheap

// The keys of studies::reasonKeys(), in its order, and their labels.
constexpr std::pair<Qt::Key, const char*> kReasonKeys[] = {{Qt::Key_A, "Anatomy (A)"},
    {Qt::Key_T, "Texture / noise (T)"}, {Qt::Key_S, "Symmetry (S)"}, {Qt::Key_K, "Contrast (K)"},
    {Qt::Key_E, "Edges (E)"}, {Qt::Key_X, "Artefact (X)"}};

// Sizes in pixels: a reading room's screen is read from a fixed distance, and
// point sizes would follow whatever DPI the display claims.
QLabel* centredLabel(const QString& objectName, int pixelSize)
{
    auto* label = new QLabel;
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    QFont font = label->font();
    font.setPixelSize(pixelSize);
    label->setFont(font);
    return label;
}

// A study's answer key (a portable name, checked when the study was made).
Qt::Key keyOf(const QString& name)
{
    const QKeySequence sequence = QKeySequence::fromString(name, QKeySequence::PortableText);
    return sequence.isEmpty() ? Qt::Key_unknown : sequence[0].key();
}

QString keyLabel(const QString& name)
{
    return QKeySequence::fromString(name, QKeySequence::PortableText).toString(QKeySequence::NativeText);
}

QPushButton* answerButton(const QString& text)
{
    auto* button = new QPushButton(text);
    button->setFocusPolicy(Qt::NoFocus); // keys go to the window, never to a button
    button->setMinimumSize(280, 72);
    QFont font = button->font();
    font.setPixelSize(24);
    button->setFont(font);
    // Dim grey on black, whatever the desktop's theme: nothing bright beside the image.
    QPalette p = button->palette();
    p.setColor(QPalette::Button, QColor(48, 48, 52));
    p.setColor(QPalette::ButtonText, QColor(210, 210, 214));
    button->setPalette(p);
    return button;
}

} // namespace

core::Result<std::unique_ptr<QuizWindow>> QuizWindow::open(
    const QString& projectPath, const QString& study, const QString& readerCode)
{
    auto project = studies::Project::open(projectPath);
    if (!project)
        return project.error();
    auto owned = std::make_unique<studies::Project>(std::move(*project));
    auto session = studies::ReaderSession::open(owned->database(), study, readerCode);
    if (!session)
        return session.error();
    studies::Project& shared = *owned;
    return std::unique_ptr<QuizWindow>(new QuizWindow(std::move(owned), shared, std::move(*session)));
}

core::Result<std::unique_ptr<QuizWindow>> QuizWindow::open(
    studies::Project& project, const QString& study, const QString& readerCode)
{
    auto session = studies::ReaderSession::open(project.database(), study, readerCode);
    if (!session)
        return session.error();
    return std::unique_ptr<QuizWindow>(new QuizWindow(nullptr, project, std::move(*session)));
}

QuizWindow::QuizWindow(std::unique_ptr<studies::Project> owned, studies::Project& project, studies::ReaderSession session)
    : m_owned(std::move(owned)), m_project(&project)
{
    m_session.emplace(std::move(session));
    const AnswerKeys& keys = m_session->study().design.keys;
    m_keys = {{keyOf(keys.real), Call::Real}, {keyOf(keys.created), Call::Created}};
    if (m_session->study().design.allowUnknown)
        m_keys.push_back({keyOf(keys.unknown), Call::Unknown});
    // Neutral everywhere: nothing in the title or the texts depends on the image.
    setWindowTitle(tr("Turing Reader - reading session"));
    setFocusPolicy(Qt::StrongFocus); // keys come here; buttons never take the focus
    m_limit.setSingleShot(true);
    m_limit.setTimerType(Qt::PreciseTimer);
    connect(&m_limit, &QTimer::timeout, this, [this] { record(Call::Timeout); });
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &QuizWindow::updateCountdown);
    buildUi();
    const SessionState state = m_session->state();
    if (state == SessionState::Completed || state == SessionState::Abandoned)
        setPage(Page::Completed);
    else
        setPage(Page::Instructions);
}

QuizWindow::~QuizWindow() = default;

void QuizWindow::buildUi()
{
    setAutoFillBackground(true);
    QPalette dark = palette();
    dark.setColor(QPalette::Window, Qt::black);
    dark.setColor(QPalette::WindowText, QColor(200, 200, 204));
    setPalette(dark);

    m_pages = new QStackedWidget;
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);

    const auto& design = m_session->study().design;
    m_instructions = centredLabel(QStringLiteral("instructions"), 26);
    QString keys = tr("%1 = real, %2 = created").arg(keyLabel(design.keys.real), keyLabel(design.keys.created));
    if (design.allowUnknown)
        keys += tr(", %1 = unknown").arg(keyLabel(design.keys.unknown));
    if (design.askConfidence)
        keys += tr("; then 1-5 for how sure you are (1 = guessing, 5 = certain)");
    if (design.askReasons)
        keys += tr("; then tick what made up your mind and press Enter");
    // Back after leaving, a crash or the coordinator's break: say so, so the
    // reader does not wonder whether the answers so far were lost.
    const bool resumed = m_session->answered(Block::Training) + m_session->answered(Block::Main) > 0;
    m_instructions->setText(
        (resumed ? tr("<p><b>Welcome back.</b> Your earlier answers are saved; the session continues with the next "
                      "image. The instructions again:</p>")
                 : QString())
        + tr("<p>You will see %1 brain MR images, one at a time. Some were acquired from people, others were created "
           "by a computer program. For each image, decide whether it is <b>real</b> or <b>created</b>.</p>"
           "<p>%2</p><p>Keys: %3. You can also click the buttons. There is no going back.</p>%4"
           "<p><b>%5</b></p>")
            .arg(m_session->count(Block::Main))
            .arg(design.timeLimitSeconds
                    ? tr("Each image stays for up to %1 seconds; when the time runs out, the next one appears and the "
                         "image counts as unanswered.")
                          .arg(design.timeLimitSeconds)
                    : tr("Take the time you need for each image."))
            .arg(keys)
            .arg(m_session->answered(Block::Training) < m_session->count(Block::Training)
                    ? tr("<p>First, %1 practice images: after each you are told whether it was real or created. "
                         "They do not count.</p>")
                          .arg(m_session->count(Block::Training))
                    : QString())
            .arg(resumed ? tr("Press Space to continue.") : tr("Press Space to begin.")));
    m_instructions->setContentsMargins(200, 0, 200, 0);
    m_pages->addWidget(m_instructions);

    auto* reading = new QWidget;
    auto* column = new QVBoxLayout(reading);
    column->setContentsMargins(24, 16, 24, 24);
    auto* top = new QHBoxLayout;
    m_progress = new QLabel;
    m_progress->setObjectName(QStringLiteral("progress"));
    QFont progressFont = m_progress->font();
    progressFont.setPixelSize(22);
    m_progress->setFont(progressFont);
    m_countdown = new QProgressBar;
    m_countdown->setObjectName(QStringLiteral("countdown"));
    m_countdown->setTextVisible(false);
    m_countdown->setFixedHeight(10);
    m_countdown->setRange(0, std::max(1, design.timeLimitSeconds * 1000));
    QPalette dim = m_countdown->palette(); // visible, but nothing bright beside the image
    dim.setColor(QPalette::Highlight, QColor(120, 120, 128));
    dim.setColor(QPalette::Base, QColor(28, 28, 30));
    m_countdown->setPalette(dim);
    top->addWidget(m_progress);
    top->addSpacing(24);
    top->addWidget(m_countdown, 1);
    column->addLayout(top);
    m_view = new QuizImageView;
    connect(m_view, &QuizImageView::framePresented, this, &QuizWindow::onFramePresented);
    column->addWidget(m_view, 1);

    m_bottom = new QStackedWidget;
    auto* buttons = new QWidget;
    auto* row = new QHBoxLayout(buttons);
    m_real = answerButton(tr("Real   (%1)").arg(keyLabel(design.keys.real)));
    m_created = answerButton(tr("Created   (%1)").arg(keyLabel(design.keys.created)));
    m_unknown = answerButton(tr("Unknown   (%1)").arg(keyLabel(design.keys.unknown)));
    m_unknown->setVisible(design.allowUnknown);
    m_real->setObjectName(QStringLiteral("real"));
    m_created->setObjectName(QStringLiteral("created"));
    m_unknown->setObjectName(QStringLiteral("unknown"));
    row->addStretch();
    for (QPushButton* b : {m_real, m_created, m_unknown}) {
        row->addWidget(b);
        row->addSpacing(24);
    }
    row->addStretch();
    connect(m_real, &QPushButton::clicked, this, [this] { record(Call::Real); });
    connect(m_created, &QPushButton::clicked, this, [this] { record(Call::Created); });
    connect(m_unknown, &QPushButton::clicked, this, [this] { record(Call::Unknown); });
    m_bottom->addWidget(buttons);
    m_feedback = centredLabel(QStringLiteral("feedback"), 24);
    m_bottom->addWidget(m_feedback);

    auto* confidence = new QWidget;
    auto* confidenceRow = new QHBoxLayout(confidence);
    auto* confidencePrompt = new QLabel(tr("How sure are you?  1 = guessing … 5 = certain"));
    QFont promptFont = confidencePrompt->font();
    promptFont.setPixelSize(22);
    confidencePrompt->setFont(promptFont);
    confidenceRow->addStretch();
    confidenceRow->addWidget(confidencePrompt);
    for (int level = 1; level <= 5; ++level) {
        QPushButton* b = answerButton(QString::number(level));
        b->setMinimumSize(72, 72);
        connect(b, &QPushButton::clicked, this, [this, level] { setConfidence(level); });
        confidenceRow->addSpacing(12);
        confidenceRow->addWidget(b);
    }
    confidenceRow->addStretch();
    m_bottom->addWidget(confidence);

    auto* reasons = new QWidget;
    auto* reasonColumn = new QVBoxLayout(reasons);
    auto* reasonRow = new QHBoxLayout;
    reasonRow->addStretch();
    for (std::size_t i = 0; i < std::size(kReasonKeys); ++i) {
        QPushButton* b = answerButton(tr(kReasonKeys[i].second));
        b->setMinimumSize(180, 56);
        b->setCheckable(true);
        // A ticked reason must be unmistakable, in any style.
        b->setStyleSheet(QStringLiteral("QPushButton { background: #303034; color: #d2d2d6; border: 1px solid #505056; "
                                        "padding: 6px; } QPushButton:checked { background: #4c5f7a; color: white; "
                                        "border: 2px solid #9fb4d0; }"));
        reasonRow->addWidget(b);
        m_reasonButtons.push_back(b);
    }
    reasonRow->addStretch();
    auto* textRow = new QHBoxLayout;
    m_reasonText = new QLineEdit;
    m_reasonText->setPlaceholderText(tr("Anything else (optional)"));
    m_reasonText->setMaxLength(500);
    m_reasonText->setMinimumWidth(700);
    QPalette field = m_reasonText->palette();
    field.setColor(QPalette::Base, QColor(28, 28, 30));
    field.setColor(QPalette::Text, QColor(210, 210, 214));
    field.setColor(QPalette::PlaceholderText, QColor(110, 110, 116));
    m_reasonText->setPalette(field);
    QFont textFont = m_reasonText->font();
    textFont.setPixelSize(20);
    m_reasonText->setFont(textFont);
    connect(m_reasonText, &QLineEdit::returnPressed, this, &QuizWindow::commit);
    QPushButton* done = answerButton(tr("Done   (Enter)"));
    done->setMinimumSize(200, 48);
    connect(done, &QPushButton::clicked, this, &QuizWindow::commit);
    m_reasonPrompt = new QLabel(tr("What made up your mind?"));
    m_reasonPrompt->setFont(promptFont);
    textRow->addStretch();
    textRow->addWidget(m_reasonPrompt);
    textRow->addSpacing(16);
    textRow->addWidget(m_reasonText);
    textRow->addSpacing(16);
    textRow->addWidget(done);
    textRow->addStretch();
    reasonColumn->addLayout(reasonRow);
    reasonColumn->addLayout(textRow);
    m_bottom->addWidget(reasons);
    m_bottom->setFixedHeight(150);
    column->addWidget(m_bottom);
    m_pages->addWidget(reading);

    m_completed = centredLabel(QStringLiteral("completed"), 30);
    if (m_project->database().readingPackage())
        m_completed->setText(tr("<p>Thank you.</p><p>The session is complete; your answers are saved in the "
                                "reading package</p><p><tt>%1</tt></p><p>Send this file back to the study's "
                                "coordinator. You may close this window.</p>")
                                 .arg(QFileInfo(m_project->path()).fileName().toHtmlEscaped()));
    else
        m_completed->setText(tr("<p>Thank you.</p><p>The session is complete; your answers are saved.</p>"
                                "<p>You may close this window.</p>"));
    m_pages->addWidget(m_completed);
    m_waiting = new QLabel;
    m_waiting->setObjectName(QStringLiteral("waiting"));
    m_waiting->setAlignment(Qt::AlignCenter);
    m_waiting->setWordWrap(true);
    m_pages->addWidget(m_waiting);
    m_retry.setInterval(kRetryMs);
    connect(&m_retry, &QTimer::timeout, this, &QuizWindow::retryKept);
}

void QuizWindow::setPage(Page page)
{
    m_page = page;
    m_pages->setCurrentIndex(page == Page::Instructions ? 0 : page == Page::Completed ? 2 : page == Page::Waiting ? 3 : 1);
    m_bottom->setCurrentIndex(page == Page::Feedback ? 1 : page == Page::Confidence ? 2 : page == Page::Reasons ? 3 : 0);
    // The countdown belongs to an image being judged, not to the feedback.
    m_countdown->setVisible(page == Page::Reading && m_session->study().design.timeLimitSeconds > 0);
    Q_EMIT pageChanged(page);
}

QString QuizWindow::progressText() const { return m_progress->text(); }
QString QuizWindow::feedbackText() const { return m_feedback->text(); }
QString QuizWindow::instructionsText() const { return m_instructions->text(); }

QImage QuizWindow::imageFor(const studies::Presentation& presentation)
{
    if (presentation.imageId == m_prefetchedId && !m_prefetched.isNull())
        return m_prefetched;
    auto png = m_session->png(presentation);
    return png ? decodeQuizImage(*png) : QImage();
}

void QuizWindow::prefetchAfter(const studies::Presentation& presentation)
{
    const auto& items = m_session->presentations();
    for (std::size_t i = 0; i + 1 < items.size(); ++i)
        if (items[i].id == presentation.id) {
            auto png = m_session->png(items[i + 1]);
            m_prefetchedId = items[i + 1].id;
            m_prefetched = png ? decodeQuizImage(*png) : QImage();
            return;
        }
}

void QuizWindow::showNext()
{
    m_current = m_session->current();
    if (!m_current) {
        m_view->clearImage();
        setPage(Page::Completed);
        return;
    }
    // Between the practice cases and the images that count, a pause the reader ends.
    if (m_current->block == Block::Main && m_current->position == 1 && m_session->count(Block::Training) > 0
        && !m_mainAnnounced) {
        m_mainAnnounced = true;
        m_instructions->setText(tr("<p>Practice is over.</p><p>The %1 images that count start now, without "
                                   "feedback.</p><p><b>Press Space when you are ready.</b></p>")
                                    .arg(m_session->count(Block::Main)));
        m_view->clearImage();
        setPage(Page::Instructions);
        return;
    }
    const bool training = m_current->block == Block::Training;
    m_progress->setText(training ? tr("Practice %1 / %2").arg(m_current->position).arg(m_session->count(Block::Training))
                                 : tr("%1 / %2").arg(m_current->position).arg(m_session->count(Block::Main)));
    const QImage image = imageFor(*m_current);
    if (image.isNull()) {
        showError(this, tr("The next image cannot be shown."),
            core::Error{core::ErrorCode::Corrupt, m_project->path().toStdString(),
                "An image stored in the project cannot be decoded. Tell the study coordinator.", {}});
        return;
    }
    m_countdown->setValue(m_countdown->maximum());
    setPage(Page::Reading);
    m_view->setImage(image); // the clock starts once this is on screen
}

void QuizWindow::onFramePresented()
{
    if (!m_current || m_page != Page::Reading)
        return;
    m_clock.start();
    m_onsetMs = m_clock.msecsSinceReference();
    m_accepting = true;
    m_focusLosses = 0;
    if (const int limit = m_session->study().design.timeLimitSeconds) {
        m_limit.start(limit * 1000);
        m_tick.start();
    }
    Q_EMIT imageOnset();
    prefetchAfter(*m_current);
}

void QuizWindow::updateCountdown()
{
    const qint64 total = qint64(m_session->study().design.timeLimitSeconds) * 1000;
    m_countdown->setValue(int(std::max<qint64>(0, total - m_clock.elapsed())));
}

void QuizWindow::record(Call call)
{
    if (!m_accepting || !m_current)
        return;
    const studies::StudyDesign& design = m_session->study().design;
    if (call == Call::Unknown && !design.allowUnknown)
        return;
    const qint64 limitMs = qint64(design.timeLimitSeconds) * 1000;
    m_answer = {};
    m_answer.call = call;
    m_answer.onsetMs = m_onsetMs;
    // The verdict's time; a key pressed in the very millisecond the limit
    // fires counts as in time.
    m_answer.responseMs = call == Call::Timeout ? limitMs : (limitMs > 0 ? std::min(m_clock.elapsed(), limitMs) : m_clock.elapsed());
    m_accepting = false;
    m_limit.stop();
    m_tick.stop();
    const bool called = call == Call::Real || call == Call::Created;
    if (called && design.askConfidence) {
        setPage(Page::Confidence);
        return;
    }
    if (called && design.askReasons) {
        setConfidence(0);
        return;
    }
    commit();
}

void QuizWindow::setConfidence(int confidence)
{
    if (confidence > 0) {
        if (m_page != Page::Confidence)
            return;
        m_answer.confidence = confidence;
    }
    if (!m_session->study().design.askReasons) {
        commit();
        return;
    }
    for (QPushButton* b : m_reasonButtons)
        b->setChecked(false);
    m_reasonText->clear();
    setPage(Page::Reasons);
}

void QuizWindow::toggleReason(int index)
{
    if (m_page == Page::Reasons && index >= 0 && index < int(m_reasonButtons.size()))
        m_reasonButtons[std::size_t(index)]->toggle();
}

void QuizWindow::commit()
{
    if (m_page == Page::Reasons) {
        for (std::size_t i = 0; i < m_reasonButtons.size(); ++i)
            if (m_reasonButtons[i]->isChecked())
                m_answer.reasons << studies::reasonKeys()[qsizetype(i)];
        m_answer.reasonText = m_reasonText->text().trimmed();
    }
    m_answer.focusLosses = m_focusLosses;
    const Call call = m_answer.call;
    auto recorded = m_session->answer(m_answer);
    if (!recorded && m_session->outage()) {
        // The server is out of reach: the answer given stays given.
        m_waiting->setText(tr("<p>The connection to the study's server is lost.</p>"
                              "<p>Your answer is kept and will be saved as soon as the server can be reached "
                              "again; please wait.</p>"));
        setPage(Page::Waiting);
        m_retry.start();
        return;
    }
    if (!recorded) {
        // Nothing was stored: the image stays, to be answered again.
        setPage(Page::Reading);
        m_accepting = true;
        showError(this, tr("Your answer could not be saved."), recorded.error());
        return;
    }
    afterRecorded(*recorded, call);
}

void QuizWindow::retryKept()
{
    auto recorded = m_session->answerAfterOutage(m_answer);
    if (!recorded) {
        if (m_session->outage())
            return; // still out of reach: try again at the next tick
        m_retry.stop();
        setPage(Page::Reading);
        m_accepting = true;
        showError(this, tr("Your answer could not be saved."), recorded.error());
        return;
    }
    m_retry.stop();
    afterRecorded(*recorded, m_answer.call);
}

void QuizWindow::afterRecorded(const studies::Recorded& recorded, Call call)
{
    setFocus(); // back from the free-text field, so keys answer again
    if (recorded.trainingTruthIsCreated) {
        const QString truth = *recorded.trainingTruthIsCreated ? tr("created by the computer program")
                                                                 : tr("real (acquired from a person)");
        const QString given = call == Call::Timeout ? tr("no answer in time")
            : call == Call::Real                    ? tr("real")
            : call == Call::Created                  ? tr("created")
                                                    : tr("unknown");
        m_feedback->setText(tr("This image was <b>%1</b>. Your answer: %2.<br>Press Space to continue.").arg(truth, given));
        setPage(Page::Feedback);
        return;
    }
    showNext();
}

bool QuizWindow::endSittingAsCoordinator(const QString& passphrase)
{
    auto& db = m_project->database();
    const bool unlocked = studies::unlockCoordinator(db, passphrase).ok();
    (void)studies::logEvent(db,
        unlocked ? QStringLiteral("sitting ended by the coordinator") : QStringLiteral("coordinator unlock refused"),
        QStringLiteral("from the reading window"), m_session->study().id, m_session->id());
    if (!unlocked)
        return false;
    m_limit.stop();
    m_tick.stop();
    m_accepting = false;
    m_confirmClose = false;
    close();
    return true;
}

void QuizWindow::keyPressEvent(QKeyEvent* event)
{
    if (event->isAutoRepeat())
        return; // a held key answers once
    if (event->key() == Qt::Key_Q && event->modifiers() == (Qt::ControlModifier | Qt::ShiftModifier)) {
        if (m_project->database().readingPackage()) {
            // No coordinator at a package's workstation: nothing to unlock.
            QMessageBox::information(this, tr("Reading package"),
                tr("This sitting runs from a reading package; there is no coordinator passphrase here. Close the "
                   "window to stop: the sitting goes on where it stopped when the package is opened again."));
            return;
        }
        bool given = false;
        const QString passphrase = QInputDialog::getText(this, tr("Coordinator"),
            tr("Coordinator passphrase, to end this sitting (the session can be resumed):"), QLineEdit::Password,
            QString(), &given);
        if (given && !endSittingAsCoordinator(passphrase))
            QMessageBox::warning(this, tr("Coordinator"), tr("That is not the coordinator passphrase."));
        return;
    }
    switch (m_page) {
    case Page::Instructions:
    case Page::Feedback:
        if (event->key() == Qt::Key_Space || event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
            showNext();
        return;
    case Page::Reading:
        // The study's keys; a key pad's digits count as the digits.
        for (const auto& [key, call] : m_keys)
            if (event->key() == key)
                record(call);
        return;
    case Page::Confidence:
        if (event->key() >= Qt::Key_1 && event->key() <= Qt::Key_5)
            setConfidence(event->key() - Qt::Key_0);
        return;
    case Page::Reasons:
        if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
            commit();
            return;
        }
        for (std::size_t i = 0; i < std::size(kReasonKeys); ++i)
            if (event->key() == kReasonKeys[i].first)
                toggleReason(int(i));
        return;
    case Page::Completed:
    case Page::Waiting:
        return;
    }
}

void QuizWindow::changeEvent(QEvent* event)
{
    // Another window raised over the quiz, or the quiz minimised: kept with the
    // verdict, as the reader may have looked elsewhere.
    if (event->type() == QEvent::ActivationChange && !isActiveWindow() && m_accepting)
        ++m_focusLosses;
    QWidget::changeEvent(event);
}

void QuizWindow::closeEvent(QCloseEvent* event)
{
    if (!m_confirmClose || m_page == Page::Completed) {
        event->accept();
        Q_EMIT sittingEnded();
        return;
    }
    // While waiting for the server, the answer in hand is not saved yet.
    const auto choice = QMessageBox::question(this, tr("Leave the session?"),
        m_page == Page::Waiting
            ? tr("Your answer to this image is not saved yet: the server cannot be reached. If you leave now, that "
                 "answer is lost, and the session continues from this image when it is opened again.")
            : tr("Your answers so far are saved. If you leave now, the session continues from the next image when "
                 "it is opened again."),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (choice == QMessageBox::Yes) {
        event->accept();
        Q_EMIT sittingEnded();
    } else {
        event->ignore();
    }
}

} // namespace tr::gui
