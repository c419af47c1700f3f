// Issue 6's timing, measured on the real quiz window (offscreen unless a
// display is given): how close to the limit a timeout moves on, and how soon
// the next image is on screen after a verdict. Prints figures; asserts nothing.
#include "../studies/studyfixture.h"

#include "gui/quizimageview.h"
#include "gui/quizwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace tr;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    studies::StudyDesign design;
    design.timeLimitSeconds = 1;
    design.draw.trainingCases = 0;
    const QString path = studies::testing::buildStudyProject(dir, design, 120, 120);
    {
        auto project = studies::Project::open(path);
        (void)studies::addReader(project->database(), {0, QStringLiteral("B1"), {}, QStringLiteral("bench"), {}});
    }
    auto quiz = gui::QuizWindow::open(path, QStringLiteral("s"), QStringLiteral("B1"));
    if (!quiz) {
        std::fprintf(stderr, "%s\n", quiz.error().toString().c_str());
        return 1;
    }
    gui::QuizWindow& w = **quiz;
    w.setConfirmClose(false);
    w.resize(1920, 1080);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) {
        std::fprintf(stderr, "the window was never shown\n");
        return 1;
    }
    QSignalSpy onsets(&w, &gui::QuizWindow::imageOnset);
    QElapsedTimer clock;
    QTest::keyClick(&w, Qt::Key_Space);
    if (!onsets.wait(5000)) {
        std::fprintf(stderr, "the first image never appeared\n");
        return 1;
    }

    std::vector<double> timeoutLate, verdictToNext;
    for (int i = 0; i < 49; ++i) { // the 50th answer ends the session: no next image
        clock.start();
        if (i < 10) { // let it time out
            if (!onsets.wait(3000)) {
                std::fprintf(stderr, "image %d did not time out\n", i + 1);
                return 1;
            }
            timeoutLate.push_back(double(clock.nsecsElapsed()) / 1e6 - 1000.0);
        } else { // answer at once
            QTest::keyClick(&w, i % 2 ? Qt::Key_R : Qt::Key_C);
            if (onsets.count() < i + 2 && !onsets.wait(3000)) {
                std::fprintf(stderr, "no image after verdict %d\n", i + 1);
                return 1;
            }
            verdictToNext.push_back(double(clock.nsecsElapsed()) / 1e6);
        }
    }
    std::printf("platform %s, %s surface, 64 px images at 1920 x 1080\n", qPrintable(QGuiApplication::platformName()),
        (*quiz)->imageView()->surface() == tr::gui::QuizImageView::Surface::OpenGL ? "OpenGL" : "raster");
    std::printf("timeout: next onset %.1f ms after the limit (median of %zu), worst %.1f ms   (target within +-50 ms)\n",
        median(timeoutLate), timeoutLate.size(), *std::max_element(timeoutLate.begin(), timeoutLate.end()));
    std::printf("verdict -> next image on screen: median %.1f ms, worst %.1f ms over %zu   (target: within one frame, 16.7 ms at 60 Hz)\n",
        median(verdictToNext), *std::max_element(verdictToNext.begin(), verdictToNext.end()), verdictToNext.size());
    return 0;
}
