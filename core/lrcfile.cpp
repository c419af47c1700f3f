#include "core/lrcfile.h"

#include <charconv>
#include <sstream>
#include <vector>

namespace tr::core {

namespace {

std::vector<std::string> fields(const std::string& line)
{
    std::vector<std::string> out;
    std::istringstream in(line);
    std::string field;
    while (in >> field) {
        if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
            field = field.substr(1, field.size() - 2);
        out.push_back(field);
    }
    return out;
}

bool number(const std::string& text, double& value)
{
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc{} && ptr == end;
}

struct Reader {
    std::string name;
    std::vector<std::string> normalCases, abnormalCases;
    std::vector<std::vector<double>> normal, abnormal; // [test][case]
};

} // namespace

Result<RatingTable> readLrc(std::istream& in, const std::string& source)
{
    int lineNumber = 0;
    std::string line;
    const auto next = [&]() -> bool {
        while (std::getline(in, line)) {
            ++lineNumber;
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (line.find_first_not_of(" \t") != std::string::npos)
                return true;
        }
        return false;
    };
    const auto error = [&](const std::string& what) {
        return Error{ErrorCode::Corrupt, source,
            "Line " + std::to_string(lineNumber) + ": " + what + " This is not an MRMC .lrc ratings file as the "
                "OR-DBM MRMC software and RJafroc write it.",
            {}};
    };
    if (!next())
        return Error{ErrorCode::Corrupt, source, "The file is empty: an .lrc file starts with a title line.", {}};
    RatingTable table;
    std::vector<int> direction; // +1: L, -1: S
    std::vector<Reader> readers;
    while (true) {
        if (!next())
            return error("The file ends without its closing '#'.");
        const auto header = fields(line);
        if (header.size() == 1 && header[0] == "#")
            break;
        if (header.size() != 1)
            return error("A reader's name was expected alone on this line.");
        Reader reader;
        reader.name = header[0];
        if (readers.empty()) {
            if (!next())
                return error("The tests' names are missing.");
            table.tests = fields(line);
            if (table.tests.empty())
                return error("The tests' names are missing.");
            if (!next())
                return error("The rating directions are missing.");
            for (const auto& d : fields(line)) {
                if (d != "L" && d != "S")
                    return error("A rating direction is '" + d + "'; it must be L (larger: more likely abnormal) or S.");
                direction.push_back(d == "L" ? 1 : -1);
            }
            if (direction.size() != table.tests.size())
                return error("There are " + std::to_string(table.tests.size()) + " tests but "
                    + std::to_string(direction.size()) + " rating directions.");
        }
        const std::size_t T = table.tests.size();
        reader.normal.assign(T, {});
        reader.abnormal.assign(T, {});
        for (int block = 0; block < 2; ++block) {
            while (true) {
                if (!next())
                    return error("Reader " + reader.name + "'s cases end without '*'.");
                const auto f = fields(line);
                if (f.size() == 1 && f[0] == "*")
                    break;
                if (f.size() != T + 1)
                    return error("A case line needs " + std::to_string(T) + " ratings and the case's name; it has "
                        + std::to_string(f.size()) + " fields.");
                for (std::size_t t = 0; t < T; ++t) {
                    double value = 0.0;
                    if (!number(f[t], value))
                        return error("The rating '" + f[t] + "' is not a number.");
                    (block == 0 ? reader.normal : reader.abnormal)[t].push_back(direction[t] * value);
                }
                (block == 0 ? reader.normalCases : reader.abnormalCases).push_back(f[T]);
            }
        }
        if (reader.normalCases.empty() || reader.abnormalCases.empty())
            return error("Reader " + reader.name + " has no " + (reader.normalCases.empty() ? "normal" : "abnormal")
                + " cases: an ROC analysis needs both.");
        if (!readers.empty()
            && (reader.normalCases != readers.front().normalCases || reader.abnormalCases != readers.front().abnormalCases))
            return error("Reader " + reader.name + " rates other cases (or the same in another order) than reader "
                + readers.front().name + "; the analysis needs every reader on every case.");
        readers.push_back(std::move(reader));
    }
    if (readers.size() < 2)
        return Error{ErrorCode::Corrupt, source,
            "It holds " + std::to_string(readers.size()) + " reader(s); a multi-reader analysis needs at least 2.", {}};
    table.normalCount = int(readers.front().normalCases.size());
    table.abnormalCount = int(readers.front().abnormalCases.size());
    table.ratings.assign(table.tests.size(), {});
    for (const auto& r : readers) {
        table.readers.push_back(r.name);
        for (std::size_t t = 0; t < table.tests.size(); ++t) {
            std::vector<double> all = r.normal[t];
            all.insert(all.end(), r.abnormal[t].begin(), r.abnormal[t].end());
            table.ratings[t].push_back(std::move(all));
        }
    }
    return table;
}

std::string writeLrc(const RatingTable& table, const std::string& title)
{
    std::ostringstream out;
    out << title << '\n';
    for (std::size_t r = 0; r < table.readers.size(); ++r) {
        out << table.readers[r] << '\n';
        if (r == 0) {
            for (const auto& t : table.tests)
                out << '"' << t << "\"\t";
            out << '\n';
            for (std::size_t t = 0; t < table.tests.size(); ++t)
                out << "L\t";
            out << '\n';
        }
        const int cases = table.normalCount + table.abnormalCount;
        for (int k = 0; k < cases; ++k) {
            if (k == table.normalCount)
                out << "*\n";
            for (std::size_t t = 0; t < table.tests.size(); ++t)
                out << table.ratings[t][r][std::size_t(k)] << '\t';
            out << k << '\n';
        }
        out << "*\n";
    }
    out << "#\n";
    return out.str();
}

} // namespace tr::core
