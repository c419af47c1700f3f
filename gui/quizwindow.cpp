#include "gui/quizwindow.h"

#include "gui/errordialog.h"
#include "gui/quizimageview.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace tr::gui {

using studies::Block;
using studies::Call;
using studies::SessionState;

namespace {

constexpr int kTickMs = 40; // the countdown's refresh: smooth at 25 Hz, cheap

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
    return std::unique_ptr<QuizWindow>(new QuizWindow(std::move(owned), std::move(*session)));
}

QuizWindow::QuizWindow(std::unique_ptr<studies::Project> project, studies::ReaderSession session)
    : m_project(std::move(project))
{
    m_session.emplace(std::move(session));
    // Neutral everywhere: nothing in the title or the texts depends on the image.
    setWindowTitle(tr("Turing Reader - reading session"));
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
    QString keys = tr("R = real, C = created");
    if (design.allowUnknown)
        keys += tr(", U = unknown");
    m_instructions->setText(
        tr("<p>You will see %1 brain MR images, one at a time. Some were acquired from people, others were created "
           "by a computer program. For each image, decide whether it is <b>real</b> or <b>created</b>.</p>"
           "<p>%2</p><p>Keys: %3. You can also click the buttons. There is no going back.</p>%4"
           "<p><b>Press Space to begin.</b></p>")
            .arg(m_session->count(Block::Main))
            .arg(design.timeLimitSeconds
                    ? tr("Each image stays for up to %1 seconds; when the time runs out, the next one appears and the "
                         "image counts as unanswered.")
                          .arg(design.timeLimitSeconds)
                    : tr("Take the time you need for each image."))
            .arg(keys)
            .arg(m_session->count(Block::Training) > 0
                    ? tr("<p>First, %1 practice images: after each you are told whether it was real or created. "
                         "They do not count.</p>")
                          .arg(m_session->count(Block::Training))
                    : QString()));
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
    m_real = answerButton(tr("Real   (R)"));
    m_created = answerButton(tr("Created   (C)"));
    m_unknown = answerButton(tr("Unknown   (U)"));
    m_unknown->setVisible(design.allowUnknown);
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
    m_bottom->setFixedHeight(110);
    column->addWidget(m_bottom);
    m_pages->addWidget(reading);

    m_completed = centredLabel(QStringLiteral("completed"), 30);
    m_completed->setText(tr("<p>Thank you.</p><p>The session is complete; your answers are saved.</p>"
                            "<p>You may close this window.</p>"));
    m_pages->addWidget(m_completed);
}

void QuizWindow::setPage(Page page)
{
    m_page = page;
    m_pages->setCurrentIndex(page == Page::Instructions ? 0 : page == Page::Completed ? 2 : 1);
    m_bottom->setCurrentIndex(page == Page::Feedback ? 1 : 0);
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
    if (call == Call::Unknown && !m_session->study().design.allowUnknown)
        return;
    const qint64 limitMs = qint64(m_session->study().design.timeLimitSeconds) * 1000;
    studies::Answer answer;
    answer.call = call;
    answer.onsetMs = m_onsetMs;
    answer.responseMs = call == Call::Timeout ? limitMs : std::min(m_clock.elapsed(), limitMs > 0 ? limitMs : m_clock.elapsed());
    m_accepting = false;
    m_limit.stop();
    m_tick.stop();
    auto recorded = m_session->answer(answer);
    if (!recorded) {
        m_accepting = true; // nothing was stored; the image stays
        showError(this, tr("Your answer could not be saved."), recorded.error());
        return;
    }
    if (recorded->trainingTruthIsCreated) {
        const QString truth = *recorded->trainingTruthIsCreated ? tr("created by the computer program")
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

void QuizWindow::keyPressEvent(QKeyEvent* event)
{
    if (event->isAutoRepeat())
        return; // a held key answers once
    switch (m_page) {
    case Page::Instructions:
    case Page::Feedback:
        if (event->key() == Qt::Key_Space || event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
            showNext();
        return;
    case Page::Reading:
        if (event->key() == Qt::Key_R)
            record(Call::Real);
        else if (event->key() == Qt::Key_C)
            record(Call::Created);
        else if (event->key() == Qt::Key_U)
            record(Call::Unknown);
        return;
    case Page::Completed:
        return;
    }
}

void QuizWindow::closeEvent(QCloseEvent* event)
{
    if (!m_confirmClose || m_page == Page::Completed) {
        event->accept();
        return;
    }
    const auto choice = QMessageBox::question(this, tr("Leave the session?"),
        tr("Your answers so far are saved. If you leave now, the session continues from the next image when it "
           "is opened again."),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (choice == QMessageBox::Yes)
        event->accept();
    else
        event->ignore();
}

} // namespace tr::gui
