// core/guarded.h: what escapes a worker or a command becomes an Error about the
// subject, and work that throws nothing passes through unchanged.
#include "core/guarded.h"

#include <QtTest>

#include <new>
#include <stdexcept>

using namespace tr::core;

class TestGuarded : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resultsPassThrough()
    {
        const auto value = guarded("p.trproj", [] { return Result<int>(7); });
        QCOMPARE(*value, 7);
        const auto error = guarded("p.trproj", [] { return Result<int>(Error{ErrorCode::NotFound, "x", "gone", {}}); });
        QCOMPARE(error.error().subject, std::string("x"));
        QVERIFY(!caught("p", [] {}).has_value());
    }

    void escapedExceptionsBecomeErrors()
    {
        const auto oom = guarded("g.trmodel", []() -> Result<int> { throw std::bad_alloc(); });
        QCOMPARE(oom.error().code, ErrorCode::TooLarge);
        QCOMPARE(oom.error().subject, std::string("g.trmodel"));
        const auto torch = caught("V001", [] { throw std::runtime_error("Expected all tensors on the same device\nbacktrace ..."); });
        QVERIFY(torch.has_value());
        QCOMPARE(torch->message, std::string("Stopped by an unexpected error: Expected all tensors on the same device. What was stored "
                                             "before is kept; check the message, then retry."));
        const auto odd = caught("V001", [] { throw 3; });
        QVERIFY(odd.has_value());
        QCOMPARE(odd->code, ErrorCode::Internal);
    }
};

QTEST_APPLESS_MAIN(TestGuarded)
#include "tst_guarded.moc"
