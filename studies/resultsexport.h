#pragma once
// A study's results in the forms a paper needs, all from one StudyResults so
// that their numbers agree: Table 1 and the statistics as CSV (full
// precision, one row per reader, group and handling), Markdown, LaTeX
// (booktabs) and HTML (rounded as printed), JSON (everything, full precision),
// a PDF report (design, tables, a per-reader accuracy chart with intervals,
// settings and seeds), and the raw data as one tidy CSV (one row per reader x
// image with truth, verdict, times, confidence, reasons and provenance).
// Readers appear by their pseudonymous codes only, volumes by pseudonym.
//
// The PDF and the chart draw text, so they need a QGuiApplication (the CLI
// runs one on the offscreen platform).

#include "studies/studyresults.h"

#include <QByteArray>
#include <QImage>
#include <QString>

#include <optional>
#include <vector>

namespace tr::studies {

enum class ResultsFormat { Csv, Markdown, Latex, Html, Json, Pdf, Raw };

std::optional<ResultsFormat> parseResultsFormat(const QString& name); // csv, md, latex, html, json, pdf, raw
QString resultsFormatNames();                                          // "csv|md|latex|html|json|pdf|raw"

// The paper's convention in one sentence, as every export states it.
QString conventionStatement();

// How a number is printed in the human-readable formats (Markdown, LaTeX, HTML,
// PDF): rates as whole percent and accuracy with two decimals, as in Table 1.
QString percentText(double proportion);
QString proportionText(double proportion);
QString pValueText(double p);

// `rows` is needed for Raw only (loadResponses()). Pdf is empty without a QGuiApplication.
QByteArray renderResults(const StudyResults& results, ResultsFormat format, const std::vector<ResponseRow>& rows = {});

// Accuracy with its 95 % interval per reader, group and overall (no-calls excluded).
QImage accuracyChart(const StudyResults& results, int widthPx = 1800);

} // namespace tr::studies
