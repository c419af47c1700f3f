#include "core/clidispatcher.h"
#include "core/result.h"

#include <new>
#include <stdexcept>

#include <QtTest>

#include <sstream>

using namespace tr::core;

namespace {
CliDispatcher makeCli(std::vector<std::string>* seen)
{
    CliDispatcher cli("tool", "tool 1.2.3\n");
    cli.add({"echo", "Print the arguments", "echo WORDS...", [seen](const auto& args, auto& out, auto&) {
                 *seen = args;
                 for (const auto& a : args)
                     out << a << ';';
                 return CliOk;
             }});
    cli.add({"fail", "Always fails", "fail", [](const auto&, auto&, auto& err) {
                 err << "fail: it failed\n";
                 return CliFailed;
             }});
    cli.add({"oom", "Runs out of memory", "oom", [](const auto&, auto&, auto&) -> int { throw std::bad_alloc(); }});
    cli.add({"torch", "Throws like LibTorch", "torch", [](const auto&, auto&, auto&) -> int {
                 throw std::runtime_error("CUDA out of memory. Tried to allocate 2.00 GiB\nException raised from malloc at ...");
             }});
    cli.add({"bug", "Asks a failed Result for its value", "bug", [](const auto&, auto&, auto&) -> int {
                 const Result<int> failed = Error{ErrorCode::NotFound, "x.nii", "missing", {}};
                 return failed.value();
             }});
    cli.add({"odd", "Throws a non-exception", "odd", [](const auto&, auto&, auto&) -> int { throw 42; }});
    return cli;
}
} // namespace

class TestCliDispatcher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void helpListsCommands()
    {
        std::vector<std::string> seen;
        std::ostringstream out, err;
        QCOMPARE(makeCli(&seen).run({"--help"}, out, err), int(CliOk));
        QVERIFY(out.str().find("echo") != std::string::npos);
        QVERIFY(out.str().find("Always fails") != std::string::npos);
        QVERIFY(err.str().empty());
    }

    void version()
    {
        std::vector<std::string> seen;
        std::ostringstream out, err;
        QCOMPARE(makeCli(&seen).run({"--version"}, out, err), int(CliOk));
        QCOMPARE(out.str(), std::string("tool 1.2.3\n"));
    }

    void dispatchesWithArguments()
    {
        std::vector<std::string> seen;
        std::ostringstream out, err;
        QCOMPARE(makeCli(&seen).run({"echo", "a", "b"}, out, err), int(CliOk));
        QCOMPARE(seen, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(out.str(), std::string("a;b;"));
    }

    // Whatever a command throws ends as exit 1 with a line naming the command.
    void exceptionsBecomeFailures_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad_alloc") << "oom" << "tool oom: Not enough memory";
        QTest::newRow("c10-like") << "torch" << "tool torch: Stopped by an unexpected error: CUDA out of memory. Tried to allocate 2.00 GiB. What";
        QTest::newRow("BadResultAccess") << "bug" << "tool bug: Internal error: value() on a failed Result: x.nii: missing.";
        QTest::newRow("not an exception") << "odd" << "tool odd: Stopped by an unexpected error.";
    }
    void exceptionsBecomeFailures()
    {
        QFETCH(QString, command);
        QFETCH(QString, message);
        std::vector<std::string> seen;
        std::ostringstream out, err;
        QCOMPARE(makeCli(&seen).run({command.toStdString()}, out, err), int(CliFailed));
        QVERIFY2(err.str().rfind(message.toStdString(), 0) == 0, err.str().c_str());
        QVERIFY(err.str().find("Exception raised from") == std::string::npos);
    }

    void commandFailurePropagates()
    {
        std::vector<std::string> seen;
        std::ostringstream out, err;
        QCOMPARE(makeCli(&seen).run({"fail"}, out, err), int(CliFailed));
        QCOMPARE(err.str(), std::string("fail: it failed\n"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing") << QStringList{} << "Usage: tool";
        QTest::newRow("unknown") << QStringList{"frobnicate"} << "unknown command 'frobnicate'";
        QTest::newRow("help unknown") << QStringList{"help", "nope"} << "no command 'nope'";
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        std::vector<std::string> argv, seen;
        for (const auto& a : args)
            argv.push_back(a.toStdString());
        std::ostringstream out, err;
        QCOMPARE(makeCli(&seen).run(argv, out, err), int(CliUsage));
        QVERIFY2(err.str().find(message.toStdString()) != std::string::npos, err.str().c_str());
        QVERIFY(seen.empty());
    }

    void commandHelpDoesNotRunIt()
    {
        std::vector<std::string> seen{"untouched"};
        std::ostringstream out, err;
        QCOMPARE(makeCli(&seen).run({"echo", "--help"}, out, err), int(CliOk));
        QCOMPARE(out.str(), std::string("Usage: tool echo WORDS...\n"));
        QCOMPARE(seen, std::vector<std::string>{"untouched"});
        std::ostringstream out2;
        QCOMPARE(makeCli(&seen).run({"help", "fail"}, out2, err), int(CliOk));
        QCOMPARE(out2.str(), std::string("Usage: tool fail\n"));
    }
};

QTEST_APPLESS_MAIN(TestCliDispatcher)
#include "tst_clidispatcher.moc"
