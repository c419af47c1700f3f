#include "model/archivecheck.h"

#include <caffe2/serialize/inline_container.h>
#include <c10/util/Exception.h>
#include <torch/serialize/input-archive.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
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

// The zip's central directory, read before LibTorch's reader allocates what
// it declares: each entry stored (method 0, sizes equal) or deflated (at most
// deflate's 1032:1), and inside the file. Empty when sound.
std::optional<std::string> zipSizeProblem(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    in.seekg(0, std::ios::end);
    const std::uint64_t fileSize = std::uint64_t(in.tellg());
    // The end record: 22 bytes and a comment of at most 65,535.
    const std::uint64_t tail = std::min<std::uint64_t>(fileSize, 22 + 65535);
    std::string end(tail, '\0');
    in.seekg(std::streamoff(fileSize - tail));
    in.read(end.data(), std::streamsize(tail));
    const auto at = end.rfind(std::string("PK\x05\x06", 4));
    if (!in || at == std::string::npos || end.size() - at < 22)
        return std::nullopt; // not a zip: LibTorch's own message says so
    const auto u16 = [](const char* p) { return std::uint32_t(std::uint8_t(p[0])) | std::uint32_t(std::uint8_t(p[1])) << 8; };
    const auto u32 = [&](const char* p) { return u16(p) | u16(p + 2) << 16; };
    const std::uint32_t entries = u16(end.data() + at + 10), directorySize = u32(end.data() + at + 12),
                        directoryOffset = u32(end.data() + at + 16);
    if (entries == 0xffff || directorySize == 0xffffffff || directoryOffset == 0xffffffff)
        return "its zip directory is in the ZIP64 form, which no Turing Reader file of this size needs";
    if (std::uint64_t(directoryOffset) + directorySize > fileSize)
        return "its zip directory lies past the end of the file";
    std::string directory(directorySize, '\0');
    in.seekg(directoryOffset);
    in.read(directory.data(), std::streamsize(directorySize));
    std::size_t p = 0;
    for (std::uint32_t i = 0; i < entries; ++i) {
        if (!in || p + 46 > directory.size() || directory.compare(p, 4, "PK\x01\x02") != 0)
            return "its zip directory is damaged";
        const char* e = directory.data() + p;
        const std::uint32_t method = u16(e + 10), packed = u32(e + 20), size = u32(e + 24), offset = u32(e + 42);
        const std::string name(e + 46, std::min<std::size_t>(u16(e + 28), directory.size() - p - 46));
        if (method != 0 && method != 8)
            return "its entry " + name + " uses a compression LibTorch does not write";
        if ((method == 0 && packed != size) || (method == 8 && size > std::uint64_t(packed) * 1032 + 1024)
            || std::uint64_t(offset) + packed > fileSize)
            return "its entry " + name + " declares " + std::to_string(size) + " bytes that the file cannot hold";
        p += 46 + u16(e + 28) + u16(e + 30) + u16(e + 32);
    }
    return std::nullopt;
}

// A pickle's length-prefixed opcodes declare at most what follows them, and
// its memo indices stay within its size: LibTorch's Unpickler reserves a
// declared length before reading it (40 KB declaring 3.6 GB took 3.7 GB of
// memory; found by fuzz_model_file) and resizes its memo to any index. Walks
// the opcodes LibTorch's Unpickler knows; others it would refuse anyway.
std::optional<std::string> pickleLengthProblem(std::string_view pickle)
{
    std::size_t p = 0;
    const auto take = [&](std::size_t n) { return n <= pickle.size() - p ? (p += n, true) : false; };
    const auto lengthThenData = [&](std::size_t width) {
        if (pickle.size() - p < width)
            return false;
        std::uint64_t n = 0;
        for (std::size_t b = 0; b < width; ++b)
            n |= std::uint64_t(std::uint8_t(pickle[p + b])) << (8 * b);
        p += width;
        return n <= pickle.size() - p ? (p += std::size_t(n), true) : false;
    };
    const auto line = [&] {
        const auto nl = pickle.find('\n', p);
        return nl == std::string_view::npos ? false : (p = nl + 1, true);
    };
    while (p < pickle.size()) {
        const auto op = std::uint8_t(pickle[p++]);
        bool ok = true;
        switch (op) {
        case '.': return std::nullopt; // STOP
        case '(': case '0': case '1': case '2': case 'N': case 'Q': case 'R': case 'a': case 'b': case 'd': case '}':
        case 'e': case 'l': case ']': case 'o': case 's': case 't': case ')': case 'u': case 0x81: case 0x85: case 0x86:
        case 0x87: case 0x88: case 0x89: case 0x8f: case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: break;
        case 'F': case 'I': case 'L': case 'P': case 'S': case 'V': case 'g': case 'p': ok = line(); break;
        case 'c': case 'i': ok = line() && line(); break;
        case 'K': case 'h': case 'q': case 0x80: case 0x82: ok = take(1); break;
        case 'M': case 0x83: ok = take(2); break;
        case 'j': case 'r': {
            // A memo index sizes the Unpickler's memo table (resized to it:
            // 4 G entries from one opcode, found by fuzz_checkpoint); the
            // pickler numbers values from 0, so no index exceeds the pickle's size.
            std::uint32_t index = 0;
            for (std::size_t b = 0; b < 4 && p + b < pickle.size(); ++b)
                index |= std::uint32_t(std::uint8_t(pickle[p + b])) << (8 * b);
            ok = take(4) && index <= pickle.size();
            break;
        }
        case 'J': case 0x84: ok = take(4); break;
        case 'G': case 0x95: ok = take(8); break;
        case 'U': case 'C': case 0x8c: case 0x8a: ok = lengthThenData(1); break;
        case 'T': case 'X': case 'B': case 0x8b: ok = lengthThenData(4); break;
        case 0x8d: case 0x8e: case 0x96: ok = lengthThenData(8); break;
        default: return "opcode " + std::to_string(op) + " at byte " + std::to_string(p - 1) + " is not one LibTorch reads";
        }
        if (!ok)
            return "the value at byte " + std::to_string(p) + " declares more than the entry holds";
    }
    return "it ends without its STOP opcode";
}

// The storages a pickle declares, each checked against its record: LibTorch's
// loader sizes a storage from the declared element count and type, not from the
// record it reads (torch/csrc/jit/serialization/import_read.cpp), so a
// declaration larger than its record gives a tensor reaching past its memory
// (an 8-byte record declared as 50 floats; found by fuzz_checkpoint and
// fuzz_model_file). A small stack machine over the opcodes LibTorch's
// pickler writes, keeping strings, integers and globals and nothing else.
std::optional<std::string> storageProblem(
    caffe2::serialize::PyTorchStreamReader& reader, const std::string& pickleName, std::string_view pickle)
{
    struct Value {
        enum Kind { Other, Text, Integer, Global, Tuple } kind = Other;
        std::string text;
        std::int64_t integer = 0;
        std::vector<Value> items;
    };
    std::vector<Value> stack;
    std::vector<std::size_t> marks;
    std::map<std::uint32_t, Value> memo;
    const std::string folder = pickleName.substr(0, pickleName.size() - 4) + "/";
    std::size_t p = 0;
    bool broken = false;
    const auto unsignedAt = [&](std::size_t width) {
        std::uint64_t n = 0;
        for (std::size_t b = 0; b < width && p + b < pickle.size(); ++b)
            n |= std::uint64_t(std::uint8_t(pickle[p + b])) << (8 * b);
        p += width;
        return n;
    };
    const auto pop = [&]() -> Value {
        if (stack.empty() || (!marks.empty() && stack.size() <= marks.back())) {
            broken = true;
            return {};
        }
        Value v = std::move(stack.back());
        stack.pop_back();
        return v;
    };
    const auto popToMark = [&]() -> std::vector<Value> {
        if (marks.empty()) {
            broken = true;
            return {};
        }
        std::vector<Value> items(std::make_move_iterator(stack.begin() + std::ptrdiff_t(marks.back())),
            std::make_move_iterator(stack.end()));
        stack.resize(marks.back());
        marks.pop_back();
        return items;
    };
    const auto push = [&](Value v) { stack.push_back(std::move(v)); };
    const auto text = [&](std::size_t width) {
        const auto n = std::size_t(unsignedAt(width));
        Value v{Value::Text, std::string(pickle.substr(p, n)), 0, {}};
        p += n;
        push(std::move(v));
    };
    const auto tuple = [&](std::vector<Value> items) { push(Value{Value::Tuple, {}, 0, std::move(items)}); };
    const auto line = [&] {
        const auto nl = pickle.find('\n', p);
        std::string out(pickle.substr(p, nl - p));
        p = nl + 1;
        return out;
    };
    while (p < pickle.size() && !broken) {
        const auto op = std::uint8_t(pickle[p++]);
        switch (op) {
        case '.': return std::nullopt;
        case 0x80: p += 1; break;
        case 0x95: p += 8; break;
        case '(': marks.push_back(stack.size()); break;
        case 't': tuple(popToMark()); break;
        case ')': tuple({}); break;
        case 0x85: { auto a = pop(); tuple({a}); break; }
        case 0x86: { auto b = pop(); auto a = pop(); tuple({a, b}); break; }
        case 0x87: { auto c = pop(); auto b = pop(); auto a = pop(); tuple({a, b, c}); break; }
        case ']': case '}': case 'N': case 0x88: case 0x89: case 0x8f: push({}); break;
        case 'a': pop(); break;
        case 's': pop(); pop(); break;
        case 'e': case 'u': case 0x90: popToMark(); break;
        case 'l': case 'd': case 'o': case 0x91: popToMark(); push({}); break;
        case 'R': case 0x81: pop(); pop(); push({}); break;
        case 0x92: pop(); pop(); pop(); push({}); break;
        case 'b': case '0': pop(); break;
        case '1': popToMark(); break;
        case '2': if (stack.empty()) broken = true; else push(stack.back()); break;
        case 'K': push({Value::Integer, {}, std::int64_t(unsignedAt(1)), {}}); break;
        case 'M': push({Value::Integer, {}, std::int64_t(unsignedAt(2)), {}}); break;
        case 'J': push({Value::Integer, {}, std::int64_t(std::int32_t(std::uint32_t(unsignedAt(4)))), {}}); break;
        case 0x8a: { // LONG1: a little-endian two's-complement integer of n bytes
            const auto n = std::size_t(unsignedAt(1));
            std::int64_t v = n > 8 ? -1 : std::int64_t(unsignedAt(n));
            if (n > 8)
                p += n;
            else if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1)
                v -= std::int64_t(1) << (8 * n);
            push({Value::Integer, {}, v, {}});
            break;
        }
        case 'G': p += 8; push({}); break;
        case 0x8c: case 'U': case 'C': text(1); break;
        case 'X': case 'T': case 'B': text(4); break;
        case 0x8d: case 0x8e: case 0x96: text(8); break;
        case 'c': { auto module = line(); auto name = line(); push({Value::Global, module + " " + name, 0, {}}); break; }
        case 0x93: { auto name = pop(); auto module = pop(); push({Value::Global, module.text + " " + name.text, 0, {}}); break; }
        case 'h': { const auto i = std::uint32_t(unsignedAt(1)); push(memo.count(i) ? memo[i] : Value{}); break; }
        case 'j': { const auto i = std::uint32_t(unsignedAt(4)); push(memo.count(i) ? memo[i] : Value{}); break; }
        case 'q': if (stack.empty()) broken = true; else memo[std::uint32_t(unsignedAt(1))] = stack.back(); break;
        case 'r': if (stack.empty()) broken = true; else memo[std::uint32_t(unsignedAt(4))] = stack.back(); break;
        case 0x94: if (stack.empty()) broken = true; else memo[std::uint32_t(memo.size())] = stack.back(); break;
        case 'F': case 'I': case 'L': case 'P': case 'S': case 'V': line(); push({}); break;
        case 'g': line(); push({}); break;
        case 'p': line(); break;
        case 'i': line(); line(); popToMark(); push({}); break;
        case 0x82: p += 1; push({}); break;
        case 0x83: p += 2; push({}); break;
        case 0x84: p += 4; push({}); break;
        case 'Q': {
            const Value id = pop();
            push({});
            if (id.kind != Value::Tuple || id.items.size() < 5 || id.items[0].text != "storage")
                break;
            const Value& type = id.items[1];
            const Value& key = id.items[2];
            const Value& count = id.items[4];
            static const std::map<std::string, std::int64_t> kItemSize{{"torch FloatStorage", 4},
                {"torch DoubleStorage", 8}, {"torch HalfStorage", 2}, {"torch BFloat16Storage", 2},
                {"torch LongStorage", 8}, {"torch IntStorage", 4}, {"torch ShortStorage", 2},
                {"torch CharStorage", 1}, {"torch ByteStorage", 1}, {"torch BoolStorage", 1}};
            const auto size = kItemSize.find(type.text);
            if (type.kind != Value::Global || size == kItemSize.end())
                return "its entry " + pickleName + " declares a storage of an unknown type";
            if (key.kind != Value::Text || count.kind != Value::Integer || count.integer < 0
                || count.integer > (std::int64_t(1) << 40))
                return "its entry " + pickleName + " declares a storage without a sound name and size";
            const std::string record = folder + key.text;
            if (count.integer == 0)
                break; // LibTorch reads no record for an empty storage
            if (!reader.hasRecord(record))
                return "its entry " + pickleName + " names a storage " + key.text + " that the file does not hold";
            const auto bytes = std::get<1>(reader.getRecord(record));
            if (std::uint64_t(count.integer * size->second) != bytes)
                return "its storage " + key.text + " is declared as " + std::to_string(count.integer) + " values of "
                    + std::to_string(size->second) + " bytes but holds " + std::to_string(bytes) + " bytes";
            break;
        }
        default: return std::nullopt; // pickleLengthProblem names unknown opcodes
        }
    }
    return broken ? std::optional<std::string>("its entry " + pickleName + " does not parse as a pickle") : std::nullopt;
}

// A dense tensor whose every element lies inside its storage.
std::optional<std::string> viewProblem(const at::Tensor& t)
{
    if (!t.defined())
        return std::nullopt;
    if (t.layout() != at::kStrided || t.is_quantized() || !t.has_storage())
        return "is not a dense tensor";
    const auto sizes = t.sizes(), strides = t.strides();
    std::int64_t last = t.storage_offset();
    if (last < 0)
        return "starts before its storage";
    for (std::size_t d = 0; d < sizes.size(); ++d) {
        if (sizes[d] < 0 || strides[d] < 0)
            return "has a negative size or stride";
        if (sizes[d] == 0)
            return std::nullopt; // no elements: nothing to reach
        if (sizes[d] > (std::int64_t(1) << 40) || strides[d] > (std::int64_t(1) << 40))
            return "declares an absurd size or stride";
        last += (sizes[d] - 1) * strides[d];
    }
    const auto needed = std::uint64_t(last + 1) * std::uint64_t(t.element_size());
    if (needed > t.storage().nbytes())
        return "reaches " + std::to_string(needed) + " bytes into a storage of " + std::to_string(t.storage().nbytes());
    return std::nullopt;
}

std::optional<std::string> ivalueProblem(const c10::IValue& v, const std::string& where, int depth)
{
    if (depth > 64)
        return where + " is nested deeper than any file this program writes";
    if (v.isTensor()) {
        if (auto problem = viewProblem(v.toTensor()))
            return "the tensor " + where + " " + *problem;
        return std::nullopt;
    }
    if (v.isObject()) {
        const auto object = v.toObject();
        const auto& slots = object->slots();
        for (std::size_t i = 0; i < slots.size(); ++i)
            if (auto problem = ivalueProblem(slots[i], where + "." + object->type()->getAttributeName(i), depth + 1))
                return problem;
        return std::nullopt;
    }
    if (v.isList() || v.isTuple() || v.isTensorList()) {
        const auto items = v.isTuple() ? v.toTupleRef().elements().vec() : v.toList().vec();
        for (std::size_t i = 0; i < items.size(); ++i)
            if (auto problem = ivalueProblem(items[i], where + "[" + std::to_string(i) + "]", depth + 1))
                return problem;
        return std::nullopt;
    }
    if (v.isGenericDict()) {
        for (const auto& entry : v.toGenericDict())
            if (auto problem = ivalueProblem(entry.value(), where + "{}", depth + 1))
                return problem;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> loadedTensorProblem(torch::serialize::InputArchive& archive)
{
    try {
        for (const std::string& key : archive.keys()) {
            c10::IValue value;
            if (archive.try_read(key, value))
                if (auto problem = ivalueProblem(value, key, 0))
                    return problem;
        }
    } catch (const c10::Error& e) {
        return std::string("its tensors cannot all be read (") + e.what_without_backtrace() + ")";
    }
    return std::nullopt;
}

std::optional<std::string> archiveProblem(const std::filesystem::path& path)
{
    if (auto problem = zipSizeProblem(path))
        return problem;
    std::unique_ptr<caffe2::serialize::PyTorchStreamReader> opened;
    try {
        opened = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path.string());
    } catch (const std::exception&) {
        // Not a zip LibTorch can open: loading it says so in LibTorch's words.
        return std::nullopt;
    }
    // A zip that opens but whose entries cannot all be listed or read is
    // refused: LibTorch's loading reads entries by name and would still reach
    // the code this check could not see (a name outside the archive's folder
    // let a recursing code entry through; found by CI's fuzz_model_file run).
    auto& reader = *opened;
    try {
        for (const std::string& name : reader.getAllRecords()) {
            const std::string_view n = name;
            const bool code = n.size() >= 3 && n.substr(n.size() - 3) == ".py";
            const bool pickle = n.size() >= 4 && n.substr(n.size() - 4) == ".pkl";
            if (!code && !pickle)
                continue;
            auto [data, size] = reader.getRecord(name);
            const std::string_view bytes(static_cast<const char*>(data.get()), size);
            if (pickle) {
                if (auto problem = pickleLengthProblem(bytes))
                    return "its entry " + name + " is damaged: " + *problem;
                if (auto problem = storageProblem(reader, name, bytes))
                    return problem;
                continue;
            }
            if (size > kMaxCodeEntry)
                return "its code entry " + name + " is " + std::to_string(size) + " bytes, far more than a model declares";
            std::size_t lineNumber = 0;
            for (std::size_t at = 0; at <= bytes.size();) {
                const std::size_t end = std::min(bytes.find('\n', at), bytes.size());
                ++lineNumber;
                const std::string line(bytes.substr(at, end - at));
                if (line.size() > kMaxLine || !isDeclarationLine(line))
                    return "line " + std::to_string(lineNumber) + " of its code entry " + name
                        + " is not a declaration Turing Reader writes";
                at = end + 1;
            }
        }
    } catch (const c10::Error& e) {
        return std::string("its entries cannot all be read (") + e.what_without_backtrace() + ")";
    } catch (const std::exception& e) {
        return std::string("its entries cannot all be read (") + e.what() + ")";
    }
    return std::nullopt;
}

} // namespace tr::model
