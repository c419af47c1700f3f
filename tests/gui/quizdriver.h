#pragma once
// What the tests that drive a reader's quiz window share: the window shown at
// 1920 x 1080, and waiting for an image's onset (its clock runs from there).
#include "gui/quizwindow.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>

namespace tr::gui::testing {

inline bool waitOnset(QSignalSpy& spy, int count)
{
    return spy.count() >= count || spy.wait(5000) || spy.count() >= count;
}

// The opened window shown and exposed, at the instructions; null (with the
// error printed) when it could not be opened.
inline std::unique_ptr<QuizWindow> shownQuiz(core::Result<std::unique_ptr<QuizWindow>> opened)
{
    if (!opened) {
        qWarning("%s", opened.error().toString().c_str());
        return nullptr;
    }
    std::unique_ptr<QuizWindow> w = std::move(*opened);
    w->resize(1920, 1080);
    w->show();
    return QTest::qWaitForWindowExposed(w.get()) ? std::move(w) : nullptr;
}

} // namespace tr::gui::testing
