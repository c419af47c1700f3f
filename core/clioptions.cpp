#include "core/clioptions.h"

#include <algorithm>
#include <stdexcept>

namespace tr::core {

void printCliError(std::ostream& err, const Error& error)
{
    // The layers name fields (what the workspace highlights); on the command
    // line the same field is a flag, so it is named as one.
    static const std::pair<const char*, const char*> kFlags[] = {{"count", "--count"}, {"reason", "--reason"},
        {"name", "--name"}, {"keys", "--keys"}, {"real pool", "--real"}, {"created pool", "--created"},
        {"code", "--code"}, {"group", "--group"}, {"years", "--years"}, {"position", "--position"},
        {"columns", "--columns"}, {"resolution", "--resolution"}, {"device", "--device"},
        {"real images", "--real"}, {"created images", "--created"}, {"volumes", "--volumes"}, {"model", "--model"}};
    Error shown = error;
    for (const auto& [field, flag] : kFlags)
        if (error.subject == field)
            shown.subject = flag;
    err << "error: " << shown.toString() << '\n';
    if (!error.detail.empty())
        err << "  detail: " << error.detail << '\n';
}

std::optional<std::string> CliArguments::value(const std::string& name) const
{
    for (const auto& [n, v] : named)
        if (n == name)
            return v;
    return std::nullopt;
}

std::optional<CliArguments> parseCliArguments(const std::vector<std::string>& args,
    const std::vector<std::string>& known, const std::string& command, std::ostream& err)
{
    CliArguments a;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i].rfind("--", 0) != 0 || args[i] == "-") {
            a.positional.push_back(args[i]);
            continue;
        }
        const std::string name = args[i].substr(2);
        if (std::find(known.begin(), known.end(), name) == known.end() || i + 1 >= args.size()) {
            err << command << ": unknown or incomplete option '" << args[i] << "'.\n";
            return std::nullopt;
        }
        a.named.emplace_back(name, args[++i]);
    }
    return a;
}

bool wholeNumber(const std::optional<std::string>& text, long long& out, const char* option, std::ostream& err)
{
    if (!text)
        return true;
    try {
        std::size_t used = 0;
        out = std::stoll(*text, &used);
        if (used == text->size() && out >= 0)
            return true;
    } catch (const std::exception&) {
    }
    err << "--" << option << " needs a whole number, not '" << *text << "'.\n";
    return false;
}

bool unsignedNumber(const std::optional<std::string>& text, unsigned long long& out, const char* option, std::ostream& err)
{
    if (!text)
        return true;
    try {
        std::size_t used = 0;
        const auto value = std::stoull(*text, &used);
        if (used == text->size() && !text->empty() && text->front() != '-') {
            out = value;
            return true;
        }
    } catch (const std::exception&) {
    }
    err << "--" << option << " needs a whole number from 0 to 18446744073709551615, not '" << *text << "'.\n";
    return false;
}

bool decimalNumber(const std::optional<std::string>& text, double& out, const char* option, std::ostream& err)
{
    if (!text)
        return true;
    try {
        std::size_t used = 0;
        out = std::stod(*text, &used);
        if (used == text->size())
            return true;
    } catch (const std::exception&) {
    }
    err << "--" << option << " needs a number, not '" << *text << "'.\n";
    return false;
}

bool yesOrNo(const std::optional<std::string>& text, bool& out, const char* option, const char* meaning,
    std::ostream& err)
{
    if (!text)
        return true;
    if (*text == "yes" || *text == "no") {
        out = *text == "yes";
        return true;
    }
    err << "--" << option << " is " << meaning << ", not '" << *text << "'.\n";
    return false;
}

} // namespace tr::core
