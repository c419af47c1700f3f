#include "core/clidispatcher.h"

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
