#include "studies/resultsexport.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

#include <cmath>

namespace tr::studies {

namespace {

constexpr const char* kDash = "\u2013"; // en dash: ranges and missing values

// What the human-readable formats share: tables of printed strings.
struct DisplayTable {
    QString title;
    QStringList header;
    std::vector<QStringList> rows;
};

struct Report {
    QString title;
    QStringList design; // "name: value" lines
    std::vector<DisplayTable> tables;
    QStringList notes;
};

QString dash() { return QString::fromUtf8(kDash); }

QString number(double v, int decimals) { return std::isnan(v) ? dash() : QString::number(v, 'f', decimals); }

QString rangeText(const core::ProportionInterval& ci, bool percent)
{
    if (std::isnan(ci.lower))
        return dash();
    return percent ? percentText(ci.lower) + dash() + percentText(ci.upper)
                   : proportionText(ci.lower) + dash() + proportionText(ci.upper);
}

QString withInterval(double v, const core::ProportionInterval& ci, bool percent)
{
    return (percent ? percentText(v) : proportionText(v)) + QStringLiteral(" (") + rangeText(ci, percent)
        + QLatin1Char(')');
}

QString levelKey(TableRow::Level level)
{
    switch (level) {
    case TableRow::Level::Reader: return QStringLiteral("reader");
    case TableRow::Level::Group: return QStringLiteral("group");
    case TableRow::Level::Overall: return QStringLiteral("overall");
    }
    return {};
}

QString yesNo(bool b) { return b ? QStringLiteral("yes") : QStringLiteral("no"); }

QStringList designLines(const StudyResults& r)
{
    const StudyRecord& s = r.study;
    const StudyDesign& d = s.design;
    QStringList lines{QStringLiteral("Study: %1 (created %2)").arg(s.name, s.createdAt),
        QStringLiteral("Images per reader: %1; created share drawn per reader in [%2 %, %3 %], realised as an exact count")
            .arg(d.draw.imagesPerReader)
            .arg(d.draw.minimumCreatedShare * 100, 0, 'f', 0)
            .arg(d.draw.maximumCreatedShare * 100, 0, 'f', 0),
        QStringLiteral("Training cases: %1 (with feedback, excluded from analysis); time limit: %2")
            .arg(d.draw.trainingCases)
            .arg(d.timeLimitSeconds ? QStringLiteral("%1 s per image").arg(d.timeLimitSeconds) : QStringLiteral("none")),
        QStringLiteral("Answers: real / created%1 (keys %2); confidence (1-5): %3; reasons: %4; same image set for "
                       "every reader: %5")
            .arg(d.allowUnknown ? QStringLiteral(" / unknown") : QString(),
                d.keys.real + QLatin1String(" / ") + d.keys.created
                    + (d.allowUnknown ? QLatin1String(" / ") + d.keys.unknown : QString()),
                yesNo(d.askConfidence), yesNo(d.askReasons), yesNo(d.draw.sameSetForEveryReader)),
        QStringLiteral("Real pool: %1 (%2 images); created pool: %3 (%4 images)%5")
            .arg(s.realPool)
            .arg(s.realPoolSize)
            .arg(s.createdPool)
            .arg(s.createdPoolSize)
            .arg(s.realDiscarded + s.createdDiscarded == 0
                    ? QStringLiteral("; no image discarded from them")
                    : QStringLiteral("; discarded by the coordinator before the study, with reasons in the event log: "
                                     "%1 real, %2 created")
                          .arg(s.realDiscarded)
                          .arg(s.createdDiscarded)),
        QStringLiteral("Study seed: %1; bootstrap: %2 replicates, seed %3")
            .arg(s.seed)
            .arg(r.bootstrapReplicates)
            .arg(r.bootstrapSeed),
        QStringLiteral("Sessions: %1 completed (analysed), %2 not finished, %3 abandoned (not analysed)")
            .arg(r.sessionsCompleted)
            .arg(r.sessionsOpen)
            .arg(r.sessionsAbandoned)};
    if (!r.realism.isEmpty())
        lines << r.realism;
    if (!r.blinding.isEmpty())
        lines << r.blinding;
    return lines;
}

DisplayTable tableOne(const ResultsTable& t)
{
    DisplayTable out;
    out.title = QStringLiteral("Table 1 (%1): counts, rates and accuracy").arg(handlingLabel(t.handling));
    out.header = {QStringLiteral("Reader"), QStringLiteral("Group"), QStringLiteral("Readers"), QStringLiteral("N"),
        QStringLiteral("TP"), QStringLiteral("FN"), QStringLiteral("FP"), QStringLiteral("TN"), QStringLiteral("TP %"),
        QStringLiteral("FN %"), QStringLiteral("FP %"), QStringLiteral("TN %"), QStringLiteral("Accuracy")};
    for (const TableRow& row : t.rows)
        out.rows.push_back({row.label, row.level == TableRow::Level::Reader ? row.group : QString(),
            QString::number(row.readers), QString::number(row.images),
            QString::number(row.tp), QString::number(row.fn), QString::number(row.fp), QString::number(row.tn),
            percentText(row.sensitivity), percentText(row.fnRate), percentText(row.fpRate),
            percentText(row.specificity), proportionText(row.accuracy)});
    return out;
}

DisplayTable statisticsTable(const ResultsTable& t)
{
    DisplayTable out;
    out.title = QStringLiteral("Statistics (%1): 95 % Wilson intervals, exact two-sided tests").arg(handlingLabel(t.handling));
    // A line break in a header ('\n') is kept in HTML and the PDF, a space elsewhere.
    out.header = {QStringLiteral("Reader"), QStringLiteral("Accuracy\n(95 % CI)"), QStringLiteral("Bal.\nacc."),
        QStringLiteral("Sens. %\n(95 % CI)"), QStringLiteral("Spec. %\n(95 % CI)"), QStringLiteral("Binom.\np"),
        QStringLiteral("Fisher\np"), QStringLiteral("RT\nmean"), QStringLiteral("RT\nmedian"), QStringLiteral("Unknown"),
        QStringLiteral("Timeouts")};
    for (const TableRow& row : t.rows)
        out.rows.push_back({row.label, withInterval(row.accuracy, row.accuracyCi, false),
            proportionText(row.balancedAccuracy), withInterval(row.sensitivity, row.sensitivityCi, true),
            withInterval(row.specificity, row.specificityCi, true), pValueText(row.binomialP), pValueText(row.fisherP),
            number(row.meanResponseMs, 0), number(row.medianResponseMs, 0), QString::number(row.unknown),
            QString::number(row.timeouts)});
    return out;
}

Report report(const StudyResults& r)
{
    Report out;
    out.title = QStringLiteral("Turing test of created brain MR images: results of study %1").arg(r.study.name);
    out.design = designLines(r);
    out.design << conventionStatement(); // before the tables, where a reader of them looks
    for (const ResultsTable* t : {&r.excluded, &r.countedWrong}) {
        out.tables.push_back(tableOne(*t));
        out.tables.push_back(statisticsTable(*t));
    }
    DisplayTable hype;
    hype.title = QStringLiteral("HYPE\u221e: share of all judgements that were wrong");
    hype.header = {QStringLiteral("Handling"), QStringLiteral("HYPE\u221e % (95 % bootstrap CI)")};
    for (const ResultsTable* t : {&r.excluded, &r.countedWrong})
        hype.rows.push_back({handlingLabel(t->handling), withInterval(t->hype, t->hypeCi, true)});
    out.tables.push_back(hype);
    DisplayTable agreement;
    agreement.title = QStringLiteral("Agreement between readers (no-calls excluded)");
    agreement.header = {QStringLiteral("Readers"), QStringLiteral("Shared images"), QStringLiteral("\u03ba")};
    agreement.rows.push_back({QStringLiteral("all (Fleiss)"), QString::number(r.agreement.images),
        r.agreement.fleiss ? number(*r.agreement.fleiss, 2) : dash()});
    for (const PairAgreement& p : r.agreement.pairs)
        agreement.rows.push_back({p.first + QStringLiteral(" & ") + p.second + QStringLiteral(" (Cohen)"),
            QString::number(p.images), number(p.kappa, 2)});
    out.tables.push_back(agreement);
    out.notes = {QStringLiteral("No-calls (\"unknown\" answers and timeouts) are shown both ways: excluded from N, and counted as "
                       "wrong (a real image without a call as FN, a created one as FP)."),
        QStringLiteral("Bal. acc. = balanced accuracy, the mean of sensitivity (Sens., the TP rate) and specificity "
                       "(Spec., the TN rate). Binom. p: exact two-sided binomial test of accuracy against 0.5. Fisher "
                       "p: Fisher's exact test of verdict against truth. RT: response time in ms."),
        QStringLiteral("Group and overall rows pool the readers' tables; their intervals treat judgements as "
                       "independent. HYPE\u221e's interval is a two-level bootstrap (readers, then their judgements) "
                       "with R's type-7 percentiles. Response times leave timeouts out. \u03ba needs images that "
                       "several readers called: Fleiss' over images every reader called, Cohen's per pair sharing two "
                       "or more.")};
    return out;
}

QString markdown(const Report& rep)
{
    QString out = QStringLiteral("# ") + rep.title + QStringLiteral("\n\n");
    for (const QString& line : rep.design)
        out += QStringLiteral("- ") + line + QLatin1Char('\n');
    out += QLatin1Char('\n');
    for (const DisplayTable& t : rep.tables) {
        out += QStringLiteral("## ") + t.title + QStringLiteral("\n\n| ")
            + t.header.join(QStringLiteral(" | ")).replace(QLatin1Char('\n'), QLatin1Char(' '))
            + QStringLiteral(" |\n|");
        for (qsizetype i = 0; i < t.header.size(); ++i)
            out += i < 2 ? QStringLiteral("---|") : QStringLiteral("---:|");
        out += QLatin1Char('\n');
        for (const QStringList& row : t.rows)
            out += QStringLiteral("| ") + row.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
        out += QLatin1Char('\n');
    }
    for (const QString& note : rep.notes)
        out += note + QStringLiteral("\n\n");
    return out;
}

QString latexEscape(const QString& text)
{
    // Character by character, so that what one rule writes is never escaped again.
    QString out;
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\': out += QStringLiteral("\\textbackslash{}"); break;
        case '&': case '%': case '$': case '#': case '_': case '{': case '}':
            out += QLatin1Char('\\') + c;
            break;
        case '<': out += QStringLiteral("$<$"); break; // OT1 fonts print a bare < as an inverted !
        case '>': out += QStringLiteral("$>$"); break;
        case 0x221e: out += QStringLiteral("$\\infty$"); break;
        case 0x03ba: out += QStringLiteral("$\\kappa$"); break;
        case 0x2013: out += QStringLiteral("--"); break;
        default: out += c;
        }
    }
    return out;
}

QString latex(const Report& rep)
{
    QString out = QStringLiteral("%% %1\n%% Needs \\usepackage{booktabs}.\n").arg(rep.title);
    for (const QString& line : rep.design)
        out += QStringLiteral("%% ") + line + QLatin1Char('\n');
    for (const DisplayTable& t : rep.tables) {
        out += QStringLiteral("\n\\begin{table}[ht]\n\\centering\n\\caption{") + latexEscape(t.title)
            + QStringLiteral("}\n\\begin{tabular}{ll") + QString(t.header.size() - 2, QLatin1Char('r'))
            + QStringLiteral("}\n\\toprule\n");
        QStringList header;
        for (const QString& h : t.header)
            header << latexEscape(h).replace(QLatin1Char('\n'), QLatin1Char(' '));
        out += header.join(QStringLiteral(" & ")) + QStringLiteral(" \\\\\n\\midrule\n");
        for (const QStringList& row : t.rows) {
            QStringList cells;
            for (const QString& c : row)
                cells << latexEscape(c);
            out += cells.join(QStringLiteral(" & ")) + QStringLiteral(" \\\\\n");
        }
        out += QStringLiteral("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
    }
    for (const QString& note : rep.notes)
        out += QStringLiteral("\n") + latexEscape(note) + QLatin1Char('\n');
    return out;
}

QString html(const Report& rep, const QString& chartUrl = {})
{
    QString out = QStringLiteral(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>\n<style>"
        "body{font-family:sans-serif;font-size:10pt;color:#111} table{border-collapse:collapse;margin:6px 0 14px 0}"
        "th,td{border-bottom:1px solid #999;padding:2px 6px} th{border-bottom:2px solid #333}"
        "h2{font-size:11pt}"
        "</style></head><body>\n<h1>%1</h1>\n<ul>\n")
                      .arg(rep.title.toHtmlEscaped());
    for (const QString& line : rep.design)
        out += QStringLiteral("<li>") + line.toHtmlEscaped() + QStringLiteral("</li>\n");
    out += QStringLiteral("</ul>\n");
    if (!chartUrl.isEmpty())
        out += QStringLiteral("<h2>Accuracy per reader (no-calls excluded), 95 % Wilson intervals</h2>\n<p><img "
                              "src=\"%1\" width=\"600\"></p>\n")
                   .arg(chartUrl);
    // Alignment as attributes: Qt's rich text (the PDF) ignores CSS selectors.
    const auto align = [](qsizetype column) { return column < 2 ? QStringLiteral("left") : QStringLiteral("right"); };
    for (const DisplayTable& t : rep.tables) {
        out += QStringLiteral("<h2>") + t.title.toHtmlEscaped()
            + QStringLiteral("</h2>\n<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">\n<thead><tr>");
        for (qsizetype i = 0; i < t.header.size(); ++i)
            out += QStringLiteral("<th align=\"%1\" style=\"white-space:nowrap;border-bottom:2px solid #333\">")
                       .arg(align(i))
                + t.header[i].toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>")) + QStringLiteral("</th>");
        out += QStringLiteral("</tr></thead>\n"); // repeated on each page of the PDF
        for (const QStringList& row : t.rows) {
            out += QStringLiteral("<tr>");
            for (qsizetype i = 0; i < row.size(); ++i)
                out += QStringLiteral("<td align=\"%1\" style=\"white-space:nowrap;border-bottom:1px solid #999\">").arg(align(i)) + row[i].toHtmlEscaped() + QStringLiteral("</td>");
            out += QStringLiteral("</tr>\n");
        }
        out += QStringLiteral("</table>\n");
    }
    for (const QString& note : rep.notes)
        out += QStringLiteral("<p>") + note.toHtmlEscaped() + QStringLiteral("</p>\n");
    return out + QStringLiteral("</body></html>\n");
}

QString csvField(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    return QLatin1Char('"') + QString(s).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

// Full precision for machines; NaN (a rate with no images) is an empty field.
QString exact(double v) { return std::isnan(v) ? QString() : QString::number(v, 'g', 12); }

QString csv(const StudyResults& r)
{
    QStringList lines{QStringLiteral(
        "handling,level,label,group,readers,images,tp_real_called_real,fn_real_called_created,"
        "fp_created_called_real,tn_created_called_created,tp_rate,fn_rate,fp_rate,tn_rate,accuracy,accuracy_ci_low,"
        "accuracy_ci_high,balanced_accuracy,sensitivity_ci_low,sensitivity_ci_high,specificity_ci_low,"
        "specificity_ci_high,binomial_p,fisher_p,mean_response_ms,median_response_ms,unknown,timeouts,hype,hype_ci_low,"
        "hype_ci_high")};
    for (const ResultsTable* t : {&r.excluded, &r.countedWrong})
        for (const TableRow& row : t->rows) {
            const bool overall = row.level == TableRow::Level::Overall;
            lines << QStringList{t->handling == NoCallHandling::Excluded ? QStringLiteral("excluded")
                                                                          : QStringLiteral("counted_wrong"),
                levelKey(row.level), csvField(row.label), csvField(row.group), QString::number(row.readers),
                QString::number(row.images), QString::number(row.tp), QString::number(row.fn),
                QString::number(row.fp), QString::number(row.tn), exact(row.sensitivity), exact(row.fnRate),
                exact(row.fpRate), exact(row.specificity), exact(row.accuracy), exact(row.accuracyCi.lower),
                exact(row.accuracyCi.upper), exact(row.balancedAccuracy), exact(row.sensitivityCi.lower),
                exact(row.sensitivityCi.upper), exact(row.specificityCi.lower), exact(row.specificityCi.upper),
                exact(row.binomialP), exact(row.fisherP), exact(row.meanResponseMs), exact(row.medianResponseMs),
                QString::number(row.unknown), QString::number(row.timeouts), overall ? exact(t->hype) : QString(),
                overall ? exact(t->hypeCi.lower) : QString(), overall ? exact(t->hypeCi.upper) : QString()}
                         .join(QLatin1Char(','));
        }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QJsonValue jsonNumber(double v) { return std::isnan(v) ? QJsonValue() : QJsonValue(v); }

QJsonObject jsonInterval(const core::ProportionInterval& ci)
{
    return {{QStringLiteral("low"), jsonNumber(ci.lower)}, {QStringLiteral("high"), jsonNumber(ci.upper)}};
}

QByteArray json(const StudyResults& r)
{
    const StudyDesign& d = r.study.design;
    QJsonObject study{{QStringLiteral("name"), r.study.name}, {QStringLiteral("created_at"), r.study.createdAt},
        {QStringLiteral("seed"), QString::number(r.study.seed)},
        {QStringLiteral("real_pool"), r.study.realPool}, {QStringLiteral("created_pool"), r.study.createdPool},
        {QStringLiteral("real_pool_size"), r.study.realPoolSize},
        {QStringLiteral("created_pool_size"), r.study.createdPoolSize},
        {QStringLiteral("real_pool_discarded"), r.study.realDiscarded},
        {QStringLiteral("created_pool_discarded"), r.study.createdDiscarded},
        {QStringLiteral("images_per_reader"), d.draw.imagesPerReader},
        {QStringLiteral("min_created_share"), d.draw.minimumCreatedShare},
        {QStringLiteral("max_created_share"), d.draw.maximumCreatedShare},
        {QStringLiteral("training_cases"), d.draw.trainingCases},
        {QStringLiteral("time_limit_s"), d.timeLimitSeconds}, {QStringLiteral("allow_unknown"), d.allowUnknown},
        {QStringLiteral("ask_confidence"), d.askConfidence}, {QStringLiteral("ask_reasons"), d.askReasons},
        {QStringLiteral("same_set_for_every_reader"), d.draw.sameSetForEveryReader},
        {QStringLiteral("answer_keys"),
            QJsonObject{{QStringLiteral("real"), d.keys.real}, {QStringLiteral("created"), d.keys.created},
                {QStringLiteral("unknown"), d.keys.unknown}}}};
    if (!r.realism.isEmpty())
        study.insert(QStringLiteral("realism"), r.realism);
    if (!r.blinding.isEmpty())
        study.insert(QStringLiteral("blinding_check"), r.blinding);
    QJsonArray tables;
    for (const ResultsTable* t : {&r.excluded, &r.countedWrong}) {
        QJsonArray rows;
        for (const TableRow& row : t->rows)
            rows.append(QJsonObject{{QStringLiteral("level"), levelKey(row.level)},
                {QStringLiteral("label"), row.label}, {QStringLiteral("group"), row.group},
                {QStringLiteral("readers"), row.readers}, {QStringLiteral("images"), row.images},
                {QStringLiteral("tp"), row.tp}, {QStringLiteral("fn"), row.fn}, {QStringLiteral("fp"), row.fp},
                {QStringLiteral("tn"), row.tn}, {QStringLiteral("tp_rate"), jsonNumber(row.sensitivity)},
                {QStringLiteral("fn_rate"), jsonNumber(row.fnRate)}, {QStringLiteral("fp_rate"), jsonNumber(row.fpRate)},
                {QStringLiteral("tn_rate"), jsonNumber(row.specificity)},
                {QStringLiteral("accuracy"), jsonNumber(row.accuracy)},
                {QStringLiteral("accuracy_ci"), jsonInterval(row.accuracyCi)},
                {QStringLiteral("balanced_accuracy"), jsonNumber(row.balancedAccuracy)},
                {QStringLiteral("sensitivity_ci"), jsonInterval(row.sensitivityCi)},
                {QStringLiteral("specificity_ci"), jsonInterval(row.specificityCi)},
                {QStringLiteral("binomial_p"), jsonNumber(row.binomialP)},
                {QStringLiteral("fisher_p"), jsonNumber(row.fisherP)},
                {QStringLiteral("mean_response_ms"), jsonNumber(row.meanResponseMs)},
                {QStringLiteral("median_response_ms"), jsonNumber(row.medianResponseMs)},
                {QStringLiteral("unknown"), row.unknown}, {QStringLiteral("timeouts"), row.timeouts}});
        tables.append(QJsonObject{{QStringLiteral("handling"),
                                      t->handling == NoCallHandling::Excluded ? QStringLiteral("excluded")
                                                                              : QStringLiteral("counted_wrong")},
            {QStringLiteral("hype"), jsonNumber(t->hype)}, {QStringLiteral("hype_ci"), jsonInterval(t->hypeCi)},
            {QStringLiteral("rows"), rows}});
    }
    QJsonArray pairs;
    for (const PairAgreement& p : r.agreement.pairs)
        pairs.append(QJsonObject{{QStringLiteral("first"), p.first}, {QStringLiteral("second"), p.second},
            {QStringLiteral("images"), p.images}, {QStringLiteral("cohen_kappa"), jsonNumber(p.kappa)}});
    const QJsonObject root{{QStringLiteral("study"), study}, {QStringLiteral("convention"), conventionStatement()},
        {QStringLiteral("sessions"),
            QJsonObject{{QStringLiteral("completed"), r.sessionsCompleted}, {QStringLiteral("open"), r.sessionsOpen},
                {QStringLiteral("abandoned"), r.sessionsAbandoned}}},
        {QStringLiteral("bootstrap"),
            QJsonObject{{QStringLiteral("replicates"), r.bootstrapReplicates},
                {QStringLiteral("seed"), QString::number(r.bootstrapSeed)}}},
        {QStringLiteral("tables"), tables},
        {QStringLiteral("agreement"),
            QJsonObject{{QStringLiteral("readers"), r.agreement.readers}, {QStringLiteral("images"), r.agreement.images},
                {QStringLiteral("fleiss_kappa"), r.agreement.fleiss ? QJsonValue(*r.agreement.fleiss) : QJsonValue()},
                {QStringLiteral("pairs"), pairs}}}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString optionalText(const std::optional<double>& v) { return v ? QString::number(*v, 'g', 12) : QString(); }

QString raw(const StudyResults& r, const std::vector<ResponseRow>& rows)
{
    QStringList lines{QStringLiteral(
        "study,reader,group,years_experience,session_state,block,position,truth,verdict,correct,reader_verdict,"
        "correction_reason,confidence,reasons,reason_text,onset_ms,response_ms,focus_losses,disturbed,recorded_at,pool,pool_position,"
        "png_sha256,volume,grid_index,lr_deg,ap_deg,cc_deg,offset_mm,flipped,model_sha256,image_seed")};
    for (const ResponseRow& row : rows) {
        const bool call = row.call == Call::Real || row.call == Call::Created;
        lines << QStringList{csvField(r.study.name), csvField(row.readerCode), csvField(row.readerGroup),
            row.yearsOfExperience ? QString::number(*row.yearsOfExperience) : QString(), row.sessionState,
            blockKey(row.block), QString::number(row.position),
            row.created ? QStringLiteral("created") : QStringLiteral("real"), callKey(row.call),
            call ? QString::number(int((row.call == Call::Created) == row.created)) : QString(), row.readerCall,
            csvField(row.correctionReason), row.confidence ? QString::number(*row.confidence) : QString(),
            csvField(row.reasons), csvField(row.reasonText), QString::number(row.onsetMs),
            QString::number(row.responseMs), QString::number(row.focusLosses), QString::number(int(row.disturbed)), row.recordedAt, csvField(row.pool), QString::number(row.poolPosition),
            row.pngSha256, row.volume, row.gridIndex ? QString::number(*row.gridIndex) : QString(),
            optionalText(row.lrDeg), optionalText(row.apDeg), optionalText(row.ccDeg), optionalText(row.offsetMm),
            row.flipped ? QString::number(int(*row.flipped)) : QString(), row.modelSha256, row.imageSeed}
                     .join(QLatin1Char(','));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QByteArray pdf(const StudyResults& r)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setTitle(QStringLiteral("Turing Reader results: %1").arg(r.study.name));
    writer.setCreator(QStringLiteral("Turing Reader"));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(12, 12, 12, 12),
        QPageLayout::Millimeter));
    writer.setResolution(300);
    QTextDocument document;
    QFont font = document.defaultFont();
    font.setPointSizeF(8);
    document.setDefaultFont(font);
    document.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart.png")), accuracyChart(r));
    document.setHtml(html(report(r), QStringLiteral("chart.png")));
    document.print(&writer);
    buffer.close();
    return bytes;
}

} // namespace

std::optional<ResultsFormat> parseResultsFormat(const QString& name)
{
    static const std::pair<const char*, ResultsFormat> formats[] = {{"csv", ResultsFormat::Csv},
        {"md", ResultsFormat::Markdown}, {"latex", ResultsFormat::Latex}, {"html", ResultsFormat::Html},
        {"json", ResultsFormat::Json}, {"pdf", ResultsFormat::Pdf}, {"raw", ResultsFormat::Raw}};
    for (const auto& [key, format] : formats)
        if (name == QLatin1String(key))
            return format;
    return std::nullopt;
}

QString resultsFormatNames() { return QStringLiteral("csv|md|latex|html|json|pdf|raw"); }

QString conventionStatement()
{
    return QStringLiteral("Convention (as in the paper's Table 1): a real image is a positive and a \"real\" verdict a "
                          "positive call. TP = real images called real, FN = real images called created, FP = created "
                          "images called real, TN = created images called created. TP % and FN % are of the real "
                          "images, FP % and TN % of the created ones; accuracy = (TP + TN) / N.");
}

QString percentText(double proportion) { return number(proportion * 100.0, 0); }
QString proportionText(double proportion) { return number(proportion, 2); }

QString pValueText(double p)
{
    if (std::isnan(p))
        return dash();
    return p < 0.001 ? QStringLiteral("<0.001") : QString::number(p, 'f', 3);
}

QByteArray renderResults(const StudyResults& results, ResultsFormat format, const std::vector<ResponseRow>& rows)
{
    switch (format) {
    case ResultsFormat::Csv: return csv(results).toUtf8();
    case ResultsFormat::Markdown: return markdown(report(results)).toUtf8();
    case ResultsFormat::Latex: return latex(report(results)).toUtf8();
    case ResultsFormat::Html: return html(report(results)).toUtf8();
    case ResultsFormat::Json: return json(results);
    case ResultsFormat::Pdf:
        // Text needs a font database, which only a GUI application has.
        return qobject_cast<QGuiApplication*>(QCoreApplication::instance()) ? pdf(results) : QByteArray();
    case ResultsFormat::Raw: return raw(results, rows).toUtf8();
    }
    return {};
}

QImage accuracyChart(const StudyResults& results, int widthPx)
{
    const auto& rows = results.excluded.rows;
    const int rowHeight = widthPx / 30;
    const int left = widthPx / 4, right = widthPx / 20, top = rowHeight, bottom = rowHeight * 2;
    QImage image(widthPx, top + bottom + rowHeight * int(std::max<std::size_t>(rows.size(), 1)), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QFont font = p.font();
    font.setPixelSize(rowHeight * 5 / 10);
    p.setFont(font);
    const int plotWidth = widthPx - left - right;
    const auto x = [&](double v) { return left + int(std::lround(v * plotWidth)); };
    const int plotBottom = top + rowHeight * int(rows.size());
    p.setPen(QPen(QColor(200, 200, 200), 1));
    for (int tick = 0; tick <= 10; ++tick) {
        p.drawLine(x(tick / 10.0), top, x(tick / 10.0), plotBottom);
        p.drawText(QRect(x(tick / 10.0) - rowHeight, plotBottom + rowHeight / 4, 2 * rowHeight, rowHeight),
            Qt::AlignHCenter | Qt::AlignTop, QString::number(tick / 10.0, 'f', 1));
    }
    p.setPen(QPen(QColor(180, 60, 60), 3, Qt::DashLine));
    p.drawLine(x(0.5), top, x(0.5), plotBottom); // chance
    p.setPen(Qt::black);
    p.drawText(QRect(left, plotBottom + rowHeight, plotWidth, rowHeight), Qt::AlignHCenter | Qt::AlignTop,
        QStringLiteral("accuracy (chance = 0.5, dashed)"));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const TableRow& row = rows[i];
        const int y = top + rowHeight * int(i) + rowHeight / 2;
        const bool pooled = row.level != TableRow::Level::Reader;
        p.setPen(Qt::black);
        font.setBold(pooled);
        p.setFont(font);
        p.drawText(QRect(0, y - rowHeight / 2, left - rowHeight / 2, rowHeight), Qt::AlignRight | Qt::AlignVCenter,
            row.label);
        if (std::isnan(row.accuracy))
            continue;
        p.setPen(QPen(Qt::black, 3));
        p.drawLine(x(row.accuracyCi.lower), y, x(row.accuracyCi.upper), y);
        p.drawLine(x(row.accuracyCi.lower), y - rowHeight / 5, x(row.accuracyCi.lower), y + rowHeight / 5);
        p.drawLine(x(row.accuracyCi.upper), y - rowHeight / 5, x(row.accuracyCi.upper), y + rowHeight / 5);
        p.setBrush(pooled ? QColor(40, 40, 40) : QColor(40, 90, 170));
        const int r = rowHeight / 5;
        if (pooled)
            p.drawRect(x(row.accuracy) - r, y - r, 2 * r, 2 * r);
        else
            p.drawEllipse(QPoint(x(row.accuracy), y), r, r);
    }
    return image;
}

} // namespace tr::studies
