#include "studies/answerfile.h"

#include <QRegularExpression>

#include <QStringList>

#include <chrono>
#include <optional>

namespace tr::studies {

namespace {

qint64 monotonicMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The columns the header names.
struct AnswerColumns {
    int position = -1, verdict = -1, confidence = -1, responseMs = -1, reasons = -1, reasonText = -1;
};

// One CSV line's fields (RFC 4180: a field in double quotes may hold commas,
// and "" inside it is a quote). Empty when a quote is left open.
std::optional<QStringList> csvFields(const QString& line)
{
    QStringList fields{QString()};
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted && c == QLatin1Char('"') && i + 1 < line.size() && line[i + 1] == QLatin1Char('"'))
            fields.back() += line[++i];
        else if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (c == QLatin1Char(',') && !quoted)
            fields << QString();
        else
            fields.back() += c;
    }
    if (quoted)
        return std::nullopt;
    return fields;
}

std::optional<AnswerColumns> answerHeader(const QStringList& header)
{
    AnswerColumns c;
    for (int i = 0; i < int(header.size()); ++i) {
        const QString h = header[i].trimmed();
        int* slot = h == QLatin1String("position") ? &c.position
            : h == QLatin1String("verdict")        ? &c.verdict
            : h == QLatin1String("confidence")     ? &c.confidence
            : h == QLatin1String("response_ms")    ? &c.responseMs
            : h == QLatin1String("reasons")        ? &c.reasons
            : h == QLatin1String("reason_text")    ? &c.reasonText
                                                   : nullptr;
        if (!slot)
            return std::nullopt;
        *slot = i;
    }
    if (c.position < 0 || c.verdict < 0 || c.responseMs < 0)
        return std::nullopt;
    return c;
}

} // namespace

std::string presentationLabel(const Presentation& p)
{
    return (p.block == Block::Training ? "T" : "") + std::to_string(p.position);
}

core::Result<int> answerFromCsv(ReaderSession& session, QIODevice& in, const QString& source,
    const std::function<void(const Recorded&)>& onRecorded)
{
    int lineNumber = 0;
    std::optional<AnswerColumns> columns;
    int headerSize = 0;
    int recorded = 0;
    const auto lineError = [&](const std::string& message) {
        return core::Error{core::ErrorCode::InvalidArgument, source.toStdString() + " line " + std::to_string(lineNumber),
            message, {}};
    };
    while (!in.atEnd()) {
        const QString text = QString::fromUtf8(in.readLine()).trimmed();
        ++lineNumber;
        if (text.isEmpty())
            continue;
        const auto cells = csvFields(text);
        if (!cells)
            return lineError("a double quote is not closed.");
        if (!columns) {
            columns = answerHeader(*cells);
            if (!columns)
                return lineError("the first line names the columns: position, verdict, response_ms and optionally "
                                 "confidence, reasons (separated by ';'), reason_text.");
            headerSize = int(cells->size());
            continue;
        }
        if (int(cells->size()) != headerSize)
            return lineError(std::to_string(cells->size()) + " fields, but the header names " + std::to_string(headerSize)
                + " (put text containing commas in double quotes).");
        const auto cell = [&](int i) { return i >= 0 ? (*cells)[i].trimmed() : QString(); };
        const auto current = session.current();
        if (!current)
            return lineError("the session is " + stateKey(session.state()).toStdString() + "; no more answers are taken.");
        if (cell(columns->position).toStdString() != presentationLabel(*current))
            return lineError("position '" + cell(columns->position).toStdString() + "', but the session is at "
                + presentationLabel(*current) + " (training positions are T1, T2, ...; answers come in order).");
        Answer answer;
        const auto call = parseCall(cell(columns->verdict));
        if (!call)
            return lineError("verdict '" + cell(columns->verdict).toStdString() + "' is not real, created, unknown or timeout.");
        answer.call = *call;
        bool ok = true;
        if (!cell(columns->confidence).isEmpty()) {
            answer.confidence = cell(columns->confidence).toInt(&ok);
            if (!ok)
                return lineError("confidence '" + cell(columns->confidence).toStdString() + "' is not a number from 1 to 5.");
        }
        // Digits only: toLongLong() alone would take "500\0" or "+500" too.
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,9}$"));
        const QString response = cell(columns->responseMs);
        answer.responseMs = response.toLongLong(&ok);
        if (!ok || !digits.match(response).hasMatch())
            return lineError("response_ms '" + cell(columns->responseMs).toStdString() + "' is not a whole number.");
        if (!cell(columns->reasons).isEmpty())
            answer.reasons = cell(columns->reasons).split(QLatin1Char(';'), Qt::SkipEmptyParts);
        answer.reasonText = cell(columns->reasonText);
        answer.onsetMs = monotonicMs() - answer.responseMs;
        auto result = session.answer(answer);
        if (!result)
            return lineError(result.error().subject + ": " + result.error().message
                + (result.error().detail.empty() ? "" : " (" + result.error().detail + ")"));
        ++recorded;
        if (onRecorded)
            onRecorded(*result);
    }
    if (!columns)
        return core::Error{core::ErrorCode::InvalidArgument, source.toStdString(),
            "holds no answers: the first line names the columns position, verdict, response_ms.", {}};
    return recorded;
}

} // namespace tr::studies
