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

// Table 1's body rows (the first table) of a Markdown report, cells trimmed.
std::vector<QStringList> firstMarkdownTable(const QString& md)
{
    std::vector<QStringList> rows;
    bool inTable = false;
    for (const QString& line : md.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("| Reader"))) {
            inTable = true;
            continue;
        }
        if (!inTable || line.startsWith(QLatin1String("|---")))
            continue;
        if (!line.startsWith(QLatin1Char('|')))
            break;
        QStringList cells = line.mid(2, line.size() - 4).split(QStringLiteral(" | "));
        for (auto& c : cells)
            c = c.trimmed();
        rows.push_back(cells);
    }
    return rows;
}

std::vector<QStringList> firstLatexTable(const QString& tex)
{
    std::vector<QStringList> rows;
    const auto start = tex.indexOf(QLatin1String("\\midrule\n")) + 9;
    const auto end = tex.indexOf(QLatin1String("\\bottomrule"));
    for (const QString& line : tex.mid(start, end - start).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QString body = line;
        body.chop(3); // " \\"
        rows.push_back(body.split(QStringLiteral(" & ")));
    }
    return rows;
}

std::vector<QStringList> firstHtmlTable(const QString& html)
{
    std::vector<QStringList> rows;
    const auto start = html.indexOf(QLatin1String("<table"));
    const QString table = html.mid(start, html.indexOf(QLatin1String("</table>"), start) - start);
    static const QRegularExpression row(QStringLiteral("<tr>(.*?)</tr>")), cell(QStringLiteral("<td[^>]*>(.*?)</td>"));
    for (auto r = row.globalMatch(table); r.hasNext();) {
        QStringList cells;
        for (auto c = cell.globalMatch(r.next().captured(1)); c.hasNext();)
            cells << c.next().captured(1).replace(QLatin1String("&amp;"), QLatin1String("&"));
        if (!cells.isEmpty())
            rows.push_back(cells);
    }
    return rows;
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
        const QString md = QString::fromUtf8(renderResults(m_results, ResultsFormat::Markdown));
        const QString tex = QString::fromUtf8(renderResults(m_results, ResultsFormat::Latex));
        const QString html = QString::fromUtf8(renderResults(m_results, ResultsFormat::Html));
        const QJsonObject json = QJsonDocument::fromJson(renderResults(m_results, ResultsFormat::Json)).object();
        QVERIFY(md.contains(conventionStatement()));
        QVERIFY(json.value(QStringLiteral("convention")).toString() == conventionStatement());

        // The CSV's "excluded" rows, by label.
        const QStringList lines = csv.trimmed().split(QLatin1Char('\n'));
        const QStringList header = lines.front().split(QLatin1Char(','));
        std::map<QString, std::map<QString, QString>> csvRows;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QStringList f = lines[i].split(QLatin1Char(','));
            QCOMPARE(f.size(), header.size());
            if (f[0] != QLatin1String("excluded"))
                continue;
            for (qsizetype c = 0; c < header.size(); ++c)
                csvRows[f[2]][header[c]] = f[c];
        }
        QCOMPARE(csvRows.size(), std::size_t{6}); // 3 readers, 2 groups, all
        const auto mdRows = firstMarkdownTable(md);
        QCOMPARE(mdRows.size(), std::size_t{6});
        const QJsonArray jsonRows = json.value(QStringLiteral("tables")).toArray()[0].toObject().value(QStringLiteral("rows")).toArray();
        QCOMPARE(jsonRows.size(), 6);
        for (std::size_t r = 0; r < mdRows.size(); ++r) {
            const QStringList& m = mdRows[r];
            const auto& c = csvRows.at(m[0]);
            const QJsonObject j = jsonRows[int(r)].toObject();
            QCOMPARE(j.value(QStringLiteral("label")).toString(), m[0]);
            const std::pair<const char*, int> counts[] = {{"tp_real_called_real", 4}, {"fn_real_called_created", 5},
                {"fp_created_called_real", 6}, {"tn_created_called_created", 7}};
            const char* jsonCounts[] = {"tp", "fn", "fp", "tn"};
            for (int k = 0; k < 4; ++k) {
                QCOMPARE(c.at(QString::fromLatin1(counts[k].first)), m[counts[k].second]);
                QCOMPARE(QString::number(j.value(QString::fromLatin1(jsonCounts[k])).toInt()), m[counts[k].second]);
            }
            const std::pair<const char*, int> rates[] = {{"tp_rate", 8}, {"fn_rate", 9}, {"fp_rate", 10}, {"tn_rate", 11}};
            for (const auto& [column, index] : rates)
                QCOMPARE(percentText(c.at(QString::fromLatin1(column)).toDouble()), m[index]);
            QCOMPARE(proportionText(c.at(QStringLiteral("accuracy")).toDouble()), m[12]);
            QVERIFY(std::abs(j.value(QStringLiteral("accuracy")).toDouble() - c.at(QStringLiteral("accuracy")).toDouble())
                < 1e-9);
        }
        // LaTeX and HTML print the very cells of the Markdown table.
        const auto texRows = firstLatexTable(tex);
        const auto htmlRows = firstHtmlTable(html);
        QCOMPARE(texRows.size(), mdRows.size());
        QCOMPARE(htmlRows.size(), mdRows.size());
        for (std::size_t r = 0; r < mdRows.size(); ++r) {
            QCOMPARE(htmlRows[r], mdRows[r]);
            for (qsizetype k = 0; k < mdRows[r].size(); ++k)
                QCOMPARE(texRows[r][k], QString(mdRows[r][k]).replace(QStringLiteral("\u2013"), QStringLiteral("--")));
        }
        // Three readers on one set: agreement is there, in both forms.
        QCOMPARE(m_results.agreement.readers, 3);
        QVERIFY(m_results.agreement.fleiss.has_value());
        QCOMPARE(m_results.agreement.pairs.size(), std::size_t{3});
        QVERIFY(md.contains(QStringLiteral("| all (Fleiss) | %1 | %2 |")
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
