#pragma once
// A reader's answers from a CSV file: a scripted pilot reader, or answers a
// reader gave on paper, typed in. The first line names the columns: position,
// verdict, response_ms and optionally confidence, reasons (separated by ';')
// and reason_text; fields may be quoted (RFC 4180). Answers come in the
// session's order (T1, T2, ... for practice, then 1, 2, ...), each committed
// as the quiz commits it. The first bad line stops the reading; what came
// before it stays recorded, and the error names the file and the line.

#include "core/result.h"
#include "studies/readersession.h"

#include <QIODevice>
#include <QString>

#include <functional>
#include <string>

namespace tr::studies {

// "T3" for the third practice image, "12" for the twelfth that counts.
std::string presentationLabel(const Presentation& presentation);

// Returns how many answers were recorded; `onRecorded` hears each.
core::Result<int> answerFromCsv(ReaderSession& session, QIODevice& in, const QString& source,
    const std::function<void(const Recorded&)>& onRecorded = {});

} // namespace tr::studies
