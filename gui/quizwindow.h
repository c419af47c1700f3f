#pragma once
// The reader's quiz (issue 6): instructions, the training block with feedback,
// the timed main block and a completion screen, on black, driven by keys
// (the study's answer keys, by default R real, C created, U unknown where
// offered; Space continues) or large buttons.
//
// Confidence and reasons, where the study asks, come after the verdict, in
// steps: R or C, then 1-5, then the reasons (letters toggle them, Enter ends).
// Two steps rather than ten combined keys (1-5 real, 6-0 created): each key
// then means one thing, the verdict stays the fast, primary act, and its time
// is what response time measures; the countdown stops at the verdict, since
// the limit is for judging the image, not for rating one's certainty. It shows nothing that differs between real and created images but
// the pixels, never the answer key (training feedback aside), and every
// verdict is committed by the study engine the moment it is given.
//
// Timing: an image's onset is taken after the paint that shows it
// (QuizImageView::framePresented); response times come from a monotonic clock
// started then; the time limit is a precise timer started with it. The next
// image is decoded while the reader looks at the current one.

#include "core/result.h"
#include "studies/project.h"
#include "studies/readersession.h"

#include <QElapsedTimer>
#include <QImage>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <utility>
#include <vector>
#include <optional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace tr::gui {

class QuizImageView;

class QuizWindow : public QWidget {
    Q_OBJECT
public:
    // Waiting: the project server cannot be reached; the answer is kept in
    // hand and retried every kRetryMs until it is recorded, once.
    enum class Page { Instructions, Reading, Confidence, Reasons, Feedback, Completed, Waiting };
    static constexpr int kRetryMs = 2000;

    // Opens the project (holding it for the whole session) and the reader's
    // session of the study; errors name the project, study or reader.
    static core::Result<std::unique_ptr<QuizWindow>> open(
        const QString& projectPath, const QString& study, const QString& readerCode);
    // The same on a project the caller holds open (the coordinator's
    // workspace); the project must outlive the window.
    static core::Result<std::unique_ptr<QuizWindow>> open(
        studies::Project& project, const QString& study, const QString& readerCode);
    ~QuizWindow() override;

    Page page() const { return m_page; }
    const studies::ReaderSession& session() const { return *m_session; }
    QString progressText() const;
    QString feedbackText() const;
    QString instructionsText() const;
    QuizImageView* imageView() const { return m_view; }
    // Closing mid-session asks first; tests that close on purpose turn it off.
    void setConfirmClose(bool confirm) { m_confirmClose = confirm; }
    // The coordinator's way out of a sitting (Ctrl+Shift+Q asks for the
    // passphrase): with the right one the window closes at once, the session
    // resumable; a wrong one changes nothing. Both are logged.
    bool endSittingAsCoordinator(const QString& passphrase);

Q_SIGNALS:
    // The image is on screen and its clock runs (for tests and benchmarks).
    void imageOnset();
    void pageChanged(tr::gui::QuizWindow::Page page);
    // The window was closed: by the reader (confirmed), at the end, or by the
    // coordinator. The session stays resumable unless it was completed.
    void sittingEnded();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QuizWindow(std::unique_ptr<studies::Project> owned, studies::Project& project, studies::ReaderSession session);
    void buildUi();
    void setPage(Page page);
    void showNext();
    void onFramePresented();
    void record(studies::Call call);      // the verdict key
    void setConfidence(int confidence); // 1-5
    void toggleReason(int index);
    void commit();                      // stores the answer, moves on
    void updateCountdown();
    QImage imageFor(const studies::Presentation& presentation);
    void prefetchAfter(const studies::Presentation& presentation);

    std::unique_ptr<studies::Project> m_owned; // when opened by path; outlives the session, which points into it
    studies::Project* m_project = nullptr;     // m_owned, or the caller's
    std::optional<studies::ReaderSession> m_session;
    Page m_page = Page::Instructions;
    bool m_confirmClose = true;

    QStackedWidget* m_pages = nullptr;
    QLabel* m_instructions = nullptr;
    QLabel* m_progress = nullptr;
    QProgressBar* m_countdown = nullptr;
    QuizImageView* m_view = nullptr;
    QStackedWidget* m_bottom = nullptr; // answer buttons, or the training feedback
    QPushButton* m_real = nullptr;
    QPushButton* m_created = nullptr;
    QPushButton* m_unknown = nullptr;
    QLabel* m_feedback = nullptr;
    QLabel* m_completed = nullptr;
    QLabel* m_waiting = nullptr;
    QLabel* m_reasonPrompt = nullptr;
    std::vector<QPushButton*> m_reasonButtons;
    QLineEdit* m_reasonText = nullptr;

    std::vector<std::pair<Qt::Key, studies::Call>> m_keys; // the study's answer keys
    std::optional<studies::Presentation> m_current;
    bool m_accepting = false; // between onset and verdict
    bool m_mainAnnounced = false; // the pause between practice and the images that count
    studies::Answer m_answer; // being given: verdict, then confidence and reasons
    int m_focusLosses = 0;
    QElapsedTimer m_clock;    // monotonic, from onset
    qint64 m_onsetMs = 0;     // QElapsedTimer's reference clock at onset
    QTimer m_limit;
    QTimer m_tick;
    QTimer m_retry; // while Waiting
    void retryKept();
    void afterRecorded(const studies::Recorded& recorded, studies::Call call);
    qint64 m_prefetchedId = 0;
    QImage m_prefetched;
};

} // namespace tr::gui
