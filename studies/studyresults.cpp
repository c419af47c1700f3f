#include "studies/studyresults.h"

#include "studies/blindingcheck.h"
#include "studies/generatorrealism.h"
#include "studies/imagepool.h"

#include "core/splitmix64.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

namespace tr::studies {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isCall(Call c) { return c == Call::Real || c == Call::Created; }

double ratio(int k, int n) { return n > 0 ? double(k) / double(n) : kNaN; }

core::ProportionInterval interval(int k, int n)
{
    return n > 0 ? core::wilsonInterval(k, n) : core::ProportionInterval{kNaN, kNaN};
}

// R's default quantile (type 7): linear between order statistics.
double quantile(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return kNaN;
    std::sort(sorted.begin(), sorted.end());
    const double h = (double(sorted.size()) - 1.0) * p;
    const auto lo = std::size_t(std::floor(h));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

// A judgement in a table: +1 right, 0 wrong, -1 left out.
int judged(const ResponseRow& r, NoCallHandling handling)
{
    if (!isCall(r.call))
        return handling == NoCallHandling::Excluded ? -1 : 0;
    return (r.call == Call::Created) == r.created ? 1 : 0;
}

TableRow tabulate(const std::vector<const ResponseRow*>& rows, NoCallHandling handling)
{
    TableRow t;
    std::vector<double> times;
    for (const ResponseRow* r : rows) {
        if (r->call == Call::Unknown)
            ++t.unknown;
        if (r->call == Call::Timeout)
            ++t.timeouts;
        else
            times.push_back(double(r->responseMs));
        if (!isCall(r->call) && handling == NoCallHandling::Excluded)
            continue;
        const bool calledReal = r->call == Call::Real; // a no-call counted as wrong is the other call
        const bool calledCreated = r->call == Call::Created;
        if (!r->created)
            ++(calledReal ? t.tp : t.fn);
        else
            ++(calledCreated ? t.tn : t.fp);
    }
    t.images = t.tp + t.fn + t.fp + t.tn;
    t.accuracy = ratio(t.tp + t.tn, t.images);
    t.accuracyCi = interval(t.tp + t.tn, t.images);
    t.sensitivity = ratio(t.tp, t.tp + t.fn);
    t.sensitivityCi = interval(t.tp, t.tp + t.fn);
    t.specificity = ratio(t.tn, t.fp + t.tn);
    t.specificityCi = interval(t.tn, t.fp + t.tn);
    t.fnRate = ratio(t.fn, t.tp + t.fn);
    t.fpRate = ratio(t.fp, t.fp + t.tn);
    t.balancedAccuracy = (t.sensitivity + t.specificity) / 2.0;
    t.binomialP = t.images > 0 ? core::binomialTestTwoSided(t.tp + t.tn, t.images) : kNaN;
    t.fisherP = t.images > 0 ? core::fisherExactTwoSided(t.tp, t.fn, t.fp, t.tn) : kNaN;
    if (!times.empty()) {
        t.meanResponseMs = std::accumulate(times.begin(), times.end(), 0.0) / double(times.size());
        t.medianResponseMs = quantile(times, 0.5);
    } else {
        t.meanResponseMs = t.medianResponseMs = kNaN;
    }
    return t;
}

// An index below `bound` by Lemire's multiply-shift: no division, which the
// bootstrap's 20 million draws (100 readers x 50 images x 2,000, twice) feel.
// Its bias, under bound / 2^64, is far below what 2,000 replicates resolve.
__extension__ typedef unsigned __int128 Wide; // GCC and Clang, the compilers Debian builds us with

std::size_t indexBelow(core::SplitMix64& random, std::size_t bound)
{
    return std::size_t((Wide(random.next()) * bound) >> 64);
}

// HYPE-infinity's interval (Zhou et al. 2019) by a two-level bootstrap: readers
// with replacement, then each drawn reader's judgements with replacement.
core::ProportionInterval bootstrapHype(
    const std::vector<std::vector<int>>& perReader, int replicates, quint64 seed)
{
    if (perReader.empty() || replicates < 1)
        return {kNaN, kNaN};
    core::SplitMix64 random(seed);
    std::vector<double> estimates;
    estimates.reserve(std::size_t(replicates));
    for (int b = 0; b < replicates; ++b) {
        long wrong = 0, total = 0;
        for (std::size_t r = 0; r < perReader.size(); ++r) {
            const auto& judgements = perReader[indexBelow(random, perReader.size())];
            for (std::size_t i = 0; i < judgements.size(); ++i) {
                wrong += judgements[indexBelow(random, judgements.size())] == 0;
                ++total;
            }
        }
        if (total > 0)
            estimates.push_back(double(wrong) / double(total));
    }
    return {quantile(estimates, 0.025), quantile(estimates, 0.975)};
}

int groupOrder(const QString& group)
{
    const auto i = standardGroups().indexOf(group);
    return i >= 0 ? int(i) : int(standardGroups().size());
}

ResultsTable table(const std::vector<ReaderRecord>& readers, const std::map<QString, std::vector<const ResponseRow*>>& byReader,
    NoCallHandling handling, int replicates, quint64 seed)
{
    ResultsTable out;
    out.handling = handling;
    std::map<std::pair<int, QString>, std::vector<const ResponseRow*>> byGroup;
    std::vector<const ResponseRow*> all;
    std::vector<std::vector<int>> judgements;
    for (const ReaderRecord& reader : readers) {
        const auto found = byReader.find(reader.code);
        if (found == byReader.end())
            continue;
        TableRow row = tabulate(found->second, handling);
        row.label = reader.code;
        row.group = reader.group;
        out.rows.push_back(row);
        auto& group = byGroup[{groupOrder(reader.group), reader.group}];
        group.insert(group.end(), found->second.begin(), found->second.end());
        all.insert(all.end(), found->second.begin(), found->second.end());
        std::vector<int> mine;
        for (const ResponseRow* r : found->second)
            if (const int j = judged(*r, handling); j >= 0)
                mine.push_back(j);
        judgements.push_back(std::move(mine));
    }
    for (const auto& [key, rows] : byGroup) {
        TableRow row = tabulate(rows, handling);
        row.level = TableRow::Level::Group;
        row.label = row.group = key.second;
        // A named copy: clang 14 (the fuzz build) cannot capture a structured binding.
        const QString& group = key.second;
        row.readers = int(std::count_if(out.rows.begin(), out.rows.end(),
            [&](const TableRow& r) { return r.level == TableRow::Level::Reader && r.group == group; }));
        out.rows.push_back(row);
    }
    TableRow overall = tabulate(all, handling);
    overall.level = TableRow::Level::Overall;
    overall.label = QStringLiteral("all readers");
    overall.readers = int(judgements.size());
    out.rows.push_back(overall);
    out.hype = ratio(overall.fn + overall.fp, overall.images);
    out.hypeCi = bootstrapHype(judgements, replicates, seed);
    return out;
}

Agreement agreement(const std::map<QString, std::vector<const ResponseRow*>>& byReader)
{
    Agreement out;
    std::map<QString, std::map<qint64, bool>> calls; // reader -> image -> called created
    for (const auto& [code, rows] : byReader)
        for (const ResponseRow* r : rows)
            if (isCall(r->call))
                calls[code][r->imageId] = r->call == Call::Created;
    out.readers = int(byReader.size());
    if (byReader.size() < 2)
        return out;
    // Fleiss: images every reader called.
    std::map<qint64, std::array<int, 2>> counts;
    for (const auto& [code, images] : calls)
        for (const auto& [image, created] : images)
            ++counts[image][created ? 1 : 0];
    std::vector<std::vector<int>> fleissTable;
    for (const auto& [image, c] : counts)
        if (c[0] + c[1] == int(byReader.size()))
            fleissTable.push_back({c[0], c[1]});
    out.images = int(fleissTable.size());
    if (fleissTable.size() >= 2)
        if (const double k = core::fleissKappa(fleissTable); !std::isnan(k))
            out.fleiss = k;
    for (auto a = calls.begin(); a != calls.end(); ++a)
        for (auto b = std::next(a); b != calls.end(); ++b) {
            std::vector<std::vector<int>> t{{0, 0}, {0, 0}};
            int shared = 0;
            for (const auto& [image, createdA] : a->second)
                if (const auto other = b->second.find(image); other != b->second.end()) {
                    ++t[createdA ? 1 : 0][other->second ? 1 : 0];
                    ++shared;
                }
            if (shared >= 2)
                out.pairs.push_back({a->first, b->first, shared, core::cohensKappa(t)});
        }
    return out;
}

std::optional<double> optionalDouble(const QVariant& v)
{
    return v.isNull() ? std::nullopt : std::optional<double>(v.toDouble());
}

} // namespace

QString handlingLabel(NoCallHandling handling)
{
    return handling == NoCallHandling::Excluded ? QStringLiteral("no-calls excluded")
                                                : QStringLiteral("no-calls counted as wrong");
}

StudyResults computeResults(const StudyRecord& study, const std::vector<ReaderRecord>& readers,
    const std::vector<ResponseRow>& rows, int bootstrapReplicates)
{
    StudyResults out;
    out.study = study;
    out.bootstrapReplicates = bootstrapReplicates;
    out.bootstrapSeed = core::splitMix64Mix(study.seed ^ 0x4859504500000000ULL); // "HYPE"
    std::map<QString, std::vector<const ResponseRow*>> byReader;
    for (const ResponseRow& r : rows)
        if (r.block == Block::Main && r.sessionState == QLatin1String("completed"))
            byReader[r.readerCode].push_back(&r);
    for (const ReaderRecord& reader : readers)
        if (byReader.count(reader.code))
            out.readers.push_back(reader);
    out.excluded = table(out.readers, byReader, NoCallHandling::Excluded, bootstrapReplicates, out.bootstrapSeed);
    out.countedWrong = table(out.readers, byReader, NoCallHandling::CountedWrong, bootstrapReplicates, out.bootstrapSeed);
    out.agreement = agreement(byReader);
    return out;
}

core::Result<std::vector<ResponseRow>> loadResponses(
    ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& studyName)
{
    if (auto allowed = coordinator.check(db); !allowed)
        return allowed.error();
    auto s = study(db, studyName);
    if (!s)
        return s.error();
    QSqlQuery query(db.db());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT r.code, r.reader_group, r.years_experience, se.state, p.block, p.position, i.id, pl.kind, "
        "coalesce((SELECT c.verdict FROM verdict_correction c WHERE c.presentation_id = v.presentation_id "
        "ORDER BY c.id DESC LIMIT 1), v.verdict), v.verdict, "
        "coalesce((SELECT c.reason FROM verdict_correction c WHERE c.presentation_id = v.presentation_id "
        "ORDER BY c.id DESC LIMIT 1), ''), v.confidence, v.reasons, v.reason_text, v.onset_ms, v.response_ms, "
        "v.recorded_at, pl.name, i.position, i.png_sha256, vo.pseudonym, i.grid_index, i.lr_deg, i.ap_deg, "
        "i.cc_deg, i.offset_mm, i.flipped, m.weights_sha256, i.image_seed, v.focus_losses, v.disturbed "
        "FROM verdict v JOIN presentation p ON p.id = v.presentation_id JOIN session se ON se.id = p.session_id "
        "JOIN reader r ON r.id = se.reader_id JOIN image i ON i.id = p.image_id "
        "JOIN image_pool pl ON pl.id = i.pool_id LEFT JOIN volume vo ON vo.id = i.volume_id "
        "LEFT JOIN model m ON m.id = pl.model_id WHERE se.study_id = ? "
        "ORDER BY r.id, p.block = 'main', p.position"));
    query.addBindValue(s->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the verdicts of study %1").arg(studyName), query.lastError());
    std::vector<ResponseRow> rows;
    while (query.next()) {
        ResponseRow r;
        r.readerCode = query.value(0).toString();
        r.readerGroup = query.value(1).toString();
        if (!query.value(2).isNull())
            r.yearsOfExperience = query.value(2).toInt();
        r.sessionState = query.value(3).toString();
        r.block = query.value(4).toString() == QLatin1String("training") ? Block::Training : Block::Main;
        r.position = query.value(5).toInt();
        r.imageId = query.value(6).toLongLong();
        r.created = query.value(7).toString() == QLatin1String("created");
        const auto call = parseCall(query.value(8).toString());
        if (!call) // a damaged or hand-edited file, never silently "unknown"
            return core::Error{core::ErrorCode::Corrupt, db.path().toStdString(),
                "The verdict of reader " + r.readerCode.toStdString() + " at " + (r.block == Block::Training ? "T" : "")
                    + std::to_string(r.position) + " is stored as '" + query.value(8).toString().toStdString()
                    + "', which is not real, created, unknown or timeout. The project file was edited by hand or is "
                      "damaged; restore it from a backup.",
                {}};
        r.call = *call;
        r.readerCall = query.value(9).toString();
        r.correctionReason = query.value(10).toString();
        if (!query.value(11).isNull())
            r.confidence = query.value(11).toInt();
        r.reasons = query.value(12).toString();
        r.reasonText = query.value(13).toString();
        r.onsetMs = query.value(14).toLongLong();
        r.responseMs = query.value(15).toLongLong();
        r.recordedAt = query.value(16).toString();
        r.pool = query.value(17).toString();
        r.poolPosition = query.value(18).toInt();
        r.pngSha256 = query.value(19).toString();
        r.volume = query.value(20).toString();
        if (!query.value(21).isNull())
            r.gridIndex = query.value(21).toLongLong();
        r.lrDeg = optionalDouble(query.value(22));
        r.apDeg = optionalDouble(query.value(23));
        r.ccDeg = optionalDouble(query.value(24));
        r.offsetMm = optionalDouble(query.value(25));
        if (!query.value(26).isNull())
            r.flipped = query.value(26).toInt() != 0;
        r.modelSha256 = query.value(27).toString();
        r.imageSeed = query.value(28).toString();
        r.focusLosses = query.value(29).toInt();
        r.disturbed = query.value(30).toInt() != 0;
        rows.push_back(std::move(r));
    }
    return rows;
}

core::Result<StudyResults> studyResults(ProjectDatabase& db, const CoordinatorAccess& coordinator, const QString& studyName)
{
    auto s = study(db, studyName);
    if (!s)
        return s.error();
    auto rows = loadResponses(db, coordinator, studyName);
    if (!rows)
        return rows.error();
    auto all = readers(db);
    if (!all)
        return all.error();
    StudyResults results = computeResults(*s, *all, *rows);
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("SELECT state, count(*) FROM session WHERE study_id = ? GROUP BY state"));
    query.addBindValue(s->id);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Counting the sessions of study %1").arg(studyName), query.lastError());
    while (query.next()) {
        const QString state = query.value(0).toString();
        const int n = query.value(1).toInt();
        (state == QLatin1String("completed") ? results.sessionsCompleted
                : state == QLatin1String("abandoned") ? results.sessionsAbandoned
                                                      : results.sessionsOpen) += n;
    }
    auto created = pool(db, s->createdPool);
    if (!created)
        return created.error();
    auto reports = realismReports(db, created->modelSha256);
    if (!reports)
        return reports.error();
    results.realism = reports->empty() ? QStringLiteral("Realism: no realism report was made for the generator of pool "
                                                        "%1 ('turing-reader-cli evaluate' makes one).")
                                             .arg(s->createdPool)
                                       : realismSentence(reports->front());
    auto check = blindingCheck(db, studyName);
    if (!check)
        return check.error();
    results.blinding = *check ? blindingSentence(**check)
                              : QStringLiteral("Blinding check: none on record (the study was made before checks were kept; "
                                               "'study check' runs one).");
    return results;
}

} // namespace tr::studies
