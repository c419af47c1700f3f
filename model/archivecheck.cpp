#include "model/archivecheck.h"

#include <caffe2/serialize/inline_container.h>
#include <c10/util/Exception.h>

#include <regex>
#include <string_view>

namespace tr::model {

namespace {

// Entries and lines beyond these sizes are not what this program writes.
constexpr std::size_t kMaxCodeEntry = 256 * 1024;
constexpr std::size_t kMaxLine = 512;

bool isDeclarationLine(const std::string& line)
{
    // The TorchScript that torch::serialize::OutputArchive writes for modules of
    // parameters, buffers and attributes (seen in every archive we write).
    static const std::string type
        = R"((Tensor|int|float|bool|str|Tuple\[float, float\]|Optional\[bool\]|__torch__(\.___torch_mangle_[0-9]+)?\.Module))";
    static const std::regex forms[] = {
        std::regex(R"(class Module\(Module\):)"),
        std::regex(R"(  __annotations__ = \[\])"),
        std::regex(R"(  __(parameters|buffers)__ = \[("[A-Za-z0-9_./]+", )*\])"),
        std::regex(R"(  __annotations__\["[A-Za-z0-9_./]+"\] = )" + type),
        std::regex(R"(  [A-Za-z_][A-Za-z0-9_]* : )" + type),
    };
    if (line.empty())
        return true;
    for (const auto& form : forms)
        if (std::regex_match(line, form))
            return true;
    return false;
}

} // namespace

std::optional<std::string> archiveCodeProblem(const std::filesystem::path& path)
{
    try {
        caffe2::serialize::PyTorchStreamReader reader(path.string());
        for (const std::string& name : reader.getAllRecords()) {
            const std::string_view n = name;
            if (n.size() < 3 || n.substr(n.size() - 3) != ".py")
                continue;
            auto [data, size] = reader.getRecord(name);
            if (size > kMaxCodeEntry)
                return "its code entry " + name + " is " + std::to_string(size) + " bytes, far more than a model declares";
            const std::string_view code(static_cast<const char*>(data.get()), size);
            std::size_t lineNumber = 0;
            for (std::size_t at = 0; at <= code.size();) {
                const std::size_t end = std::min(code.find('\n', at), code.size());
                ++lineNumber;
                const std::string line(code.substr(at, end - at));
                if (line.size() > kMaxLine || !isDeclarationLine(line))
                    return "line " + std::to_string(lineNumber) + " of its code entry " + name
                        + " is not a declaration Turing Reader writes";
                at = end + 1;
            }
        }
    } catch (const c10::Error& e) {
        return std::string("it is not a readable LibTorch archive (") + e.what_without_backtrace() + ")";
    } catch (const std::exception& e) {
        return std::string("it is not a readable LibTorch archive (") + e.what() + ")";
    }
    return std::nullopt;
}

} // namespace tr::model
