// Every export of a study's results from a real project with three readers on
// the same image set: the numbers agree across CSV, JSON, Markdown, LaTeX and
// HTML; the PDF is a real multi-page document with the chart; the raw CSV
// has one row per reader x image with truth and provenance.
#include "studyfixture.h"

#include <QtTest>

#include "studies/readersession.h"
#include "studies/resultsexport.h"
#include "studies/studyresults.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>
#include <map>

using namespace tr;
using namespace tr::studies;
using namespace tr::studies::testing;

namespace {

// The body rows of every table of a Markdown report, cells trimmed.
std::vector<QStringList> markdownRows(const QString& md)
{
    std::vector<QStringList> rows;
    bool inBody = false;
    for (const QString& line : md.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("|---"))) {
            inBody = true;
            continue;
        }
        if (!line.startsWith(QLatin1Char('|'))) {
            inBody = false;
            continue;
        }
        if (!inBody)
            continue; // a header row
        QStringList cells = line.mid(2, line.size() - 4).split(QStringLiteral(" | "));
        for (auto& c : cells)
            c = c.trimmed();
        rows.push_back(cells);
    }
    return rows;
}

std::vector<QStringList> latexRows(const QString& tex)
{
    std::vector<QStringList> rows;
    for (qsizetype from = 0;;) {
        const auto start = tex.indexOf(QLatin1String("\\midrule\n"), from);
        if (start < 0)
            return rows;
        const auto end = tex.indexOf(QLatin1String("\\bottomrule"), start);
        for (const QString& line : tex.mid(start + 9, end - start - 9).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            QString body = line;
            body.chop(3); // " \\"
            rows.push_back(body.split(QStringLiteral(" & ")));
        }
        from = end;
    }
}

std::vector<QStringList> htmlRows(const QString& html)
{
    std::vector<QStringList> rows;
    static const QRegularExpression row(QStringLiteral("<tr>(.*?)</tr>")), cell(QStringLiteral("<td[^>]*>(.*?)</td>"));
    for (auto r = row.globalMatch(html); r.hasNext();) {
        QStringList cells;
        for (auto c = cell.globalMatch(r.next().captured(1)); c.hasNext();)
            cells << c.next().captured(1).replace(QLatin1String("&amp;"), QLatin1String("&")).replace(
                QLatin1String("&lt;"), QLatin1String("<"));
        if (!cells.isEmpty())
            rows.push_back(cells);
    }
    return rows;
}

// How the LaTeX export writes a printed cell.
QString asLatex(QString cell)
{
    return cell.replace(QStringLiteral("\u2013"), QStringLiteral("--"))
        .replace(QLatin1String("<"), QLatin1String("$<$"))
        .replace(QLatin1String("%"), QLatin1String("\\%"))
        .replace(QLatin1String("&"), QLatin1String("\\&"));
}

QString withInterval(const QString& value, const QString& low, const QString& high)
{
    return value + QStringLiteral(" (") + low + QStringLiteral("\u2013") + high + QLatin1Char(')');
}

} // namespace

class TestResultsExport : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    StudyResults m_results;
    std::vector<ResponseRow> m_rows;

private Q_SLOTS:
    void initTestCase()
    {
        StudyDesign design;
        design.draw.sameSetForEveryReader = true;
        design.allowUnknown = true;
        const QString path = buildStudyProject(m_dir, design);
        QVERIFY(!path.isEmpty());
        auto project = Project::open(path);
        QVERIFY2(project.ok(), project.ok() ? "" : project.error().toString().c_str());
        auto& db = project->database();
        auto access = unlockCoordinator(db, QString::fromLatin1(kPassphrase));
        const QStringList groups{QStringLiteral("neuroradiologist"), QStringLiteral("neuroradiologist"),
            QStringLiteral("non-neuroradiologist")};
        for (int r = 0; r < 3; ++r) {
            const QString code = QStringLiteral("R%1").arg(r + 1);
            QVERIFY(addReader(db, {0, code, {}, groups[r], 5 + r}).ok());
            auto session = ReaderSession::open(db, QStringLiteral("s"), code);
            const auto key = answerKey(db, *access, QStringLiteral("s"), code);
            QVERIFY(session->skipTraining(QStringLiteral("scripted")).ok());
            int i = 0;
            for (const KeyEntry& k : *key) {
                if (k.block == Block::Training)
                    continue;
                Answer a;
                // Reader r errs on every (r + 3)-th image and is unsure on the 17th.
                a.call = ++i == 17 ? Call::Unknown : ((i % (r + 3) == 0) != k.created ? Call::Created : Call::Real);
                a.responseMs = 1000 + 97 * i;
                QVERIFY(session->answer(a).ok());
            }
            QCOMPARE(session->state(), SessionState::Completed);
        }
        auto results = studyResults(db, *access, QStringLiteral("s"));
        QVERIFY(results.ok());
        m_results = *results;
        m_rows = *loadResponses(db, *access, QStringLiteral("s"));
    }

    void numbersAgreeInEveryFormat()
    {
        const QString csv = QString::fromUtf8(renderResults(m_results, ResultsFormat::Csv));
        const QString mdText = QString::fromUtf8(renderResults(m_results, ResultsFormat::Markdown));
        const QString texText = QString::fromUtf8(renderResults(m_results, ResultsFormat::Latex));
        const QString htmlText = QString::fromUtf8(renderResults(m_results, ResultsFormat::Html));
        const QJsonObject json = QJsonDocument::fromJson(renderResults(m_results, ResultsFormat::Json)).object();
        QVERIFY(mdText.contains(conventionStatement()));
        QVERIFY(json.value(QStringLiteral("convention")).toString() == conventionStatement());
        // The design travels with the numbers, the answer keys included.
        QVERIFY(mdText.contains(QStringLiteral("Answers: real / created / unknown (keys R / C / U)")));
        QCOMPARE(json.value(QStringLiteral("study")).toObject().value(QStringLiteral("answer_keys")).toObject()
                     .value(QStringLiteral("created")).toString(),
            QStringLiteral("C"));

        // The CSV's rows, by handling and label.
        const QStringList lines = csv.trimmed().split(QLatin1Char('\n'));
        const QStringList header = lines.front().split(QLatin1Char(','));
        std::map<std::pair<QString, QString>, std::map<QString, QString>> csvRows;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QStringList f = lines[i].split(QLatin1Char(','));
            QCOMPARE(f.size(), header.size());
            for (qsizetype c = 0; c < header.size(); ++c)
                csvRows[{f[0], f[2]}][header[c]] = f[c];
        }
        QCOMPARE(csvRows.size(), std::size_t{12}); // (3 readers, 2 groups, all) x 2 handlings
        // Markdown's tables in order: Table 1 and statistics, excluded; the same,
        // counted as wrong; HYPE; agreement.
        const auto md = markdownRows(mdText);
        QCOMPARE(md.size(), std::size_t{4 * 6 + 2 + 1 + 3});
        const QJsonArray jsonTables = json.value(QStringLiteral("tables")).toArray();
        for (int h = 0; h < 2; ++h) {
            const QString handling = h == 0 ? QStringLiteral("excluded") : QStringLiteral("counted_wrong");
            const QJsonArray jsonRows = jsonTables[h].toObject().value(QStringLiteral("rows")).toArray();
            QCOMPARE(jsonRows.size(), 6);
            for (int r = 0; r < 6; ++r) {
                const QStringList& table1 = md[std::size_t(12 * h + r)];
                const QStringList& stats = md[std::size_t(12 * h + 6 + r)];
                QCOMPARE(stats[0], table1[0]);
                const auto& c = csvRows.at({handling, table1[0]});
                const auto text = [&](const char* column) { return c.at(QString::fromLatin1(column)); };
                const auto pct = [&](const char* column) { return percentText(text(column).toDouble()); };
                const auto prop = [&](const char* column) { return proportionText(text(column).toDouble()); };
                const QJsonObject j = jsonRows[r].toObject();
                QCOMPARE(j.value(QStringLiteral("label")).toString(), table1[0]);
                QCOMPARE(table1.mid(3, 5), (QStringList{text("images"), text("tp_real_called_real"),
                                              text("fn_real_called_created"), text("fp_created_called_real"),
                                              text("tn_created_called_created")}));
                QCOMPARE(QString::number(j.value(QStringLiteral("fp")).toInt()), table1[6]);
                QCOMPARE(table1.mid(8), (QStringList{pct("tp_rate"), pct("fn_rate"), pct("fp_rate"), pct("tn_rate"),
                                            prop("accuracy")}));
                QCOMPARE(stats.mid(1), (QStringList{withInterval(prop("accuracy"), prop("accuracy_ci_low"), prop("accuracy_ci_high")),
                                           prop("balanced_accuracy"),
                                           withInterval(pct("tp_rate"), pct("sensitivity_ci_low"), pct("sensitivity_ci_high")),
                                           withInterval(pct("tn_rate"), pct("specificity_ci_low"), pct("specificity_ci_high")),
                                           pValueText(text("binomial_p").toDouble()), pValueText(text("fisher_p").toDouble()),
                                           QString::number(text("mean_response_ms").toDouble(), 'f', 0),
                                           QString::number(text("median_response_ms").toDouble(), 'f', 0),
                                           text("unknown"), text("timeouts")}));
                QVERIFY(std::abs(j.value(QStringLiteral("accuracy")).toDouble() - text("accuracy").toDouble()) < 1e-9);
                QVERIFY(std::abs(j.value(QStringLiteral("fisher_p")).toDouble() / text("fisher_p").toDouble() - 1) < 1e-9);
            }
            const auto& all = csvRows.at({handling, QStringLiteral("all readers")});
            QCOMPARE(md[std::size_t(24 + h)][1],
                withInterval(percentText(all.at(QStringLiteral("hype")).toDouble()),
                    percentText(all.at(QStringLiteral("hype_ci_low")).toDouble()),
                    percentText(all.at(QStringLiteral("hype_ci_high")).toDouble())));
        }
        // LaTeX and HTML print the very cells of every Markdown table.
        const auto tex = latexRows(texText);
        const auto html = htmlRows(htmlText);
        QCOMPARE(tex.size(), md.size());
        QCOMPARE(html.size(), md.size());
        for (std::size_t r = 0; r < md.size(); ++r) {
            QCOMPARE(html[r], md[r]);
            QCOMPARE(tex[r].size(), md[r].size());
            for (qsizetype k = 0; k < md[r].size(); ++k)
                QCOMPARE(tex[r][k], asLatex(md[r][k]));
        }
        // Three readers on one set: agreement is there, in both forms.
        QCOMPARE(m_results.agreement.readers, 3);
        QVERIFY(m_results.agreement.fleiss.has_value());
        QCOMPARE(m_results.agreement.pairs.size(), std::size_t{3});
        QVERIFY(mdText.contains(QStringLiteral("| all (Fleiss) | %1 | %2 |")
                                .arg(m_results.agreement.images)
                                .arg(*m_results.agreement.fleiss, 0, 'f', 2)));
        // The unknown answer shows in both handlings.
        QCOMPARE(rowFor(m_results.excluded).unknown, 3);
        QCOMPARE(rowFor(m_results.countedWrong).images, rowFor(m_results.excluded).images + 3);
    }

    void rawDataIsTidyWithProvenance()
    {
        const QString raw = QString::fromUtf8(renderResults(m_results, ResultsFormat::Raw, m_rows));
        const QStringList lines = raw.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 1 + 3 * 50); // training was skipped
        const QStringList header = lines.front().split(QLatin1Char(','));
        const auto column = [&](const char* name) { return header.indexOf(QString::fromLatin1(name)); };
        int real = 0, created = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QStringList f = lines[i].split(QLatin1Char(','));
            QCOMPARE(f.size(), header.size());
            if (f[column("truth")] == QLatin1String("real")) {
                ++real;
                QCOMPARE(f[column("volume")], QStringLiteral("V001"));
                QVERIFY(!f[column("grid_index")].isEmpty() && !f[column("lr_deg")].isEmpty());
            } else {
                ++created;
                QCOMPARE(f[column("model_sha256")].size(), 64);
                QVERIFY(f[column("image_seed")].toULongLong() >= 1000);
            }
            QCOMPARE(f[column("png_sha256")].size(), 64);
        }
        QVERIFY(real >= 3 * 20 && created >= 3 * 20);
    }

    void pdfReportWithChart()
    {
        const QByteArray pdf = renderResults(m_results, ResultsFormat::Pdf);
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        QVERIFY(pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") + pdf.count("/Type/Page") >= 2);
        QVERIFY(pdf.contains("/Subtype /Image"));
        const QImage chart = accuracyChart(m_results);
        QCOMPARE(chart.width(), 1800);
        // One blue reader marker per reader row: scan each row's band for its colour.
        const int rowHeight = chart.width() / 30;
        for (int r = 0; r < 3; ++r) {
            const int y = rowHeight + rowHeight * r + rowHeight / 2;
            bool marker = false;
            for (int x = 0; x < chart.width() && !marker; ++x)
                marker = chart.pixel(x, y) == qRgb(40, 90, 170);
            QVERIFY2(marker, qPrintable(QStringLiteral("no marker on reader row %1").arg(r + 1)));
        }
        const QString out = QStringLiteral(TR_TEST_OUTPUT_DIR "/results-chart.png");
        QVERIFY(chart.save(out));
        QFile file(QStringLiteral(TR_TEST_OUTPUT_DIR "/results.pdf"));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(pdf) == pdf.size());
    }

private:
    static const TableRow& rowFor(const ResultsTable& t)
    {
        return *std::find_if(t.rows.begin(), t.rows.end(), [](auto& r) { return r.level == TableRow::Level::Overall; });
    }
};

QTEST_MAIN(TestResultsExport)
#include "tst_resultsexport.moc"
