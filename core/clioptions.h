#pragma once
// What the CLI commands of every layer share: "--name value" pairs and
// positional arguments, the number and yes/no checks whose messages name the
// option, and how a failure is printed. Plain C++ (the LibTorch-only build uses it too).

#include "core/result.h"

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace tr::core {

struct CliArguments {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> named;
    std::optional<std::string> value(const std::string& name) const;
};

// Every option takes a value; an option not in `known`, or without a value, is
// a usage error printed as "COMMAND: unknown or incomplete option '--x'".
std::optional<CliArguments> parseCliArguments(const std::vector<std::string>& args,
    const std::vector<std::string>& known, const std::string& command, std::ostream& err);

// Each leaves `out` alone and returns true when `text` is empty; prints an error
// naming --option and returns false when it does not parse.
bool wholeNumber(const std::optional<std::string>& text, long long& out, const char* option, std::ostream& err);
bool unsignedNumber(const std::optional<std::string>& text, unsigned long long& out, const char* option, std::ostream& err);
bool decimalNumber(const std::optional<std::string>& text, double& out, const char* option, std::ostream& err);
// "yes" or "no"; `meaning` says what yes means, for the error.
bool yesOrNo(const std::optional<std::string>& text, bool& out, const char* option, const char* meaning,
    std::ostream& err);

// "error: <file>: <message>" and the third-party detail below it, as every
// command prints a failure.
void printCliError(std::ostream& err, const Error& error);

// Prints a failed result's error; true when it failed.
template <typename T>
bool failed(const Result<T>& result, std::ostream& err)
{
    if (result.ok())
        return false;
    printCliError(err, result.error());
    return true;
}

} // namespace tr::core
