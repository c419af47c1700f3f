#include "studies/generatorrealism.h"

#include "core/slicesampler.h"
#include "core/splitmix64.h"
#include "studies/grayimage.h"
#include "studies/realismreportjson.h"
#include "studies/sqltext.h"
#include "studies/study.h"
#include "studies/timestamp.h"
#include "studies/trainingdatapreparer.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace tr::studies {

namespace {

core::Error fieldError(const std::string& field, const std::string& message)
{
    return core::Error{core::ErrorCode::InvalidArgument, field, message, {}};
}

core::Error stoppedError()
{
    return core::Error{core::ErrorCode::InvalidArgument, "stopped", "The evaluation was stopped; nothing was kept.", {}};
}

QImage greyImage(const core::GreyImage& pixels, int side)
{
    QImage image(side, side, QImage::Format_Grayscale8);
    for (int y = 0; y < side; ++y)
        std::copy_n(pixels.begin() + std::ptrdiff_t(y) * side, side, image.scanLine(y));
    return image;
}

} // namespace

std::vector<std::string> RealismRequest::problems() const
{
    std::vector<std::string> out;
    if (model.trimmed().isEmpty())
        out.push_back("model: name a model file, or 'default'.");
    if (realCount < 30 || realCount > 100000)
        out.push_back("real images: must be 30 to 100000 images (3,000 by default: 2,000 to train the observers, 1,000 held out).");
    if (createdCount < 30 || createdCount > 100000)
        out.push_back("created images: must be 30 to 100000 images (3,000 by default).");
    return out;
}

QString RealismRequest::toString() const
{
    return QStringLiteral("model %1; %2 real, %3 created; seed %4; device %5; volumes %6; CNN observer %7")
        .arg(model)
        .arg(realCount)
        .arg(createdCount)
        .arg(seed)
        .arg(QString::fromStdString(device), volumes.isEmpty() ? QStringLiteral("all ready") : volumes.join(','),
            observer ? QStringLiteral("yes") : QStringLiteral("no"));
}

core::Result<core::RealismInput> realRealismImages(
    Project& project, int side, const QStringList& volumes, int count, quint64 seed, const std::atomic<bool>& stop)
{
    auto records = project.volumes();
    if (!records)
        return records.error();
    QStringList names;
    for (const auto& r : *records)
        if (volumes.isEmpty() ? r.landmarks.complete() : volumes.contains(r.pseudonym))
            names << r.pseudonym;
    for (const QString& asked : volumes)
        if (!names.contains(asked))
            return core::Error{core::ErrorCode::NotFound, asked.toStdString(),
                "No volume of this name in " + project.path().toStdString() + "; 'volumes' lists them.", {}};
    if (names.size() < 3)
        return fieldError("volumes", "The realism report needs at least 3 volumes with complete landmarks (each is "
                                     "one subject, and whole subjects are held out); " + project.path().toStdString()
                + " has " + std::to_string(names.size()) + ".");
    core::AugmentationGrid grid;
    grid.matrix = side;
    auto data = prepareTrainingData(project, names, grid);
    if (!data)
        return data.error();
    core::RealismInput input;
    input.side = side;
    const auto n = std::size_t(data->volumes.size());
    std::vector<float> pixels(std::size_t(side) * std::size_t(side));
    for (std::size_t v = 0; v < n; ++v) {
        if (stop)
            return stoppedError();
        const auto& prepared = data->volumes[v];
        input.groupNames.push_back(prepared.pseudonym);
        const std::uint64_t wanted = std::uint64_t(count) / n + (v < std::uint64_t(count) % n ? 1 : 0);
        const core::SliceSampler sampler(prepared.volume, prepared.frame, grid);
        for (const std::uint64_t index :
            core::distinctBelow(grid.count(), std::min<std::uint64_t>(wanted, grid.count()), seed + v)) {
            sampler.sample(std::size_t(index), pixels);
            const QImage image = toGrayImage(pixels, side);
            input.real.push_back({greyPixels(image), int(v), std::size_t(poolPng(image).size())});
        }
    }
    return input;
}

void addCreatedRealismImages(core::RealismInput& input, const GeneratedBatch& batch)
{
    for (const auto& image : batch.images) {
        const QImage grey(image.pixels.data(), batch.resolution, batch.resolution, batch.resolution,
            QImage::Format_Grayscale8);
        input.created.push_back({image.pixels, -1, std::size_t(poolPng(grey).size())});
    }
}

QString realismSentence(const StoredRealismReport& stored)
{
    const auto& r = stored.report;
    const auto percent = [](const core::HeldOutAccuracy& a) {
        return QStringLiteral("%1 (95 % CI %2–%3)")
            .arg(a.accuracy, 0, 'f', 3)
            .arg(a.interval.lower, 0, 'f', 3)
            .arg(a.interval.upper, 0, 'f', 3);
    };
    QString text = QStringLiteral("Realism (report %1, %2, before the readers): ").arg(stored.id).arg(stored.madeAt);
    text += r.machineRun ? QStringLiteral("the machine observer told this generator's images from real slices of %1 "
                                          "held-out subjects with accuracy %2")
                               .arg(r.testSubjects)
                               .arg(percent(r.machine.accuracy))
                         : QStringLiteral("no machine observer was run");
    const auto strongest = std::max_element(r.cues.begin(), r.cues.end(),
        [](const auto& a, const auto& b) { return a.accuracy.accuracy < b.accuracy.accuracy; });
    if (strongest != r.cues.end())
        text += QStringLiteral("; strongest single cue: %1, %2").arg(QString::fromStdString(strongest->name), percent(strongest->accuracy));
    text += QStringLiteral("; memorisation %1 (%2 of %3 created images nearer to a real one than 99 % of real images "
                           "are to other subjects).")
                .arg(core::memorisationSuspected(r.memorisation) ? QStringLiteral("suspected")
                                                                 : QStringLiteral("not beyond chance"))
                .arg(r.memorisation.flagged)
                .arg(r.memorisation.checked);
    return text;
}

FigureGrid realismSheet(const core::RealismInput& input, const QString& modelSha256, quint64 seed)
{
    constexpr std::size_t kEach = 12, kColumns = 4;
    FigureGrid grid;
    grid.study = QStringLiteral("realism report");
    grid.columns = int(2 * kColumns);
    grid.seed = seed;
    core::SplitMix64 random(seed);
    const auto pick = [&](const std::vector<core::RealismImage>& from) {
        std::vector<std::size_t> order(from.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        const std::size_t take = std::min(kEach, order.size());
        for (std::size_t i = 0; i < take; ++i)
            std::swap(order[i], order[i + std::size_t(random.below(order.size() - i))]);
        order.resize(take);
        return order;
    };
    const auto real = pick(input.real), created = pick(input.created);
    const std::size_t rows = (std::max(real.size(), created.size()) + kColumns - 1) / kColumns;
    for (std::size_t row = 0; row < rows; ++row)
        for (const bool isCreated : {false, true}) {
            const auto& chosen = isCreated ? created : real;
            const auto& from = isCreated ? input.created : input.real;
            for (std::size_t c = 0; c < kColumns; ++c) {
                const std::size_t k = row * kColumns + c;
                FigureImage f;
                f.created = isCreated;
                f.image = k < chosen.size() ? greyImage(from[chosen[k]].pixels, input.side)
                                            : greyImage(core::GreyImage(from.front().pixels.size(), 0), input.side);
                f.label = k < chosen.size() ? (isCreated ? QStringLiteral("created") : QStringLiteral("real")) : QString();
                grid.images.push_back(std::move(f));
            }
        }
    const int scale = std::max(1, 256 / std::max(1, input.side));
    grid.caption = QStringLiteral(
        "Left: %1 real %2 \u00d7 %2 px slices drawn at random (seed %3) from the %4 subjects of the realism report. "
        "Right: %5 images created by generator %6, drawn at random. Each magnified \u00d7%7 (smooth), the same for "
        "both sources.")
                       .arg(real.size())
                       .arg(input.side)
                       .arg(seed)
                       .arg(input.groupNames.size())
                       .arg(created.size())
                       .arg(modelSha256.left(12))
                       .arg(scale);
    return grid;
}

core::Result<StoredRealismReport> evaluateGenerator(Project& project, const RealismRequest& request,
    const ModelLayer& model, const RealismProgress& progress, const std::atomic<bool>& stop)
{
    if (const auto problems = request.problems(); !problems.empty())
        return fieldError(problems.front().substr(0, problems.front().find(':')),
            problems.front().substr(problems.front().find(':') + 2));
    if (!model.evaluateRealism)
        return core::Error{core::ErrorCode::Internal, "evaluate",
            "This build has no realism evaluator (it has no LibTorch); use the full turing-reader-cli.", {}};
    if (progress)
        progress("generating", 0.0);
    auto source = openCreatedImageSource(request.model, request.device, model.openGenerator);
    if (!source)
        return source.error();
    auto batch = createdBatch(**source, request.createdCount, request.seed, stop);
    if (!batch)
        return batch.error();
    if (stop)
        return stoppedError();
    if (progress)
        progress("real slices", 0.0);
    auto input = realRealismImages(project, batch->resolution, request.volumes, request.realCount, request.seed, stop);
    if (!input)
        return input.error();
    addCreatedRealismImages(*input, *batch);
    auto report = model.evaluateRealism(*input, core::RealismOptions{request.seed, request.device, request.observer}, progress, stop);
    if (!report)
        return report.error();

    StoredRealismReport stored;
    stored.modelSha256 = batch->modelSha256;
    stored.modelDescription = batch->modelDescription;
    stored.madeAt = utcTimestamp();
    stored.request = request.toString();
    stored.report = *report;
    stored.summary = QString::fromStdString(core::formatRealismReport(*report));
    // Drawing the captions needs fonts, which need a GUI application (the CLI
    // makes an offscreen one for 'evaluate').
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        stored.sheetPng = poolPng(renderFigure(realismSheet(*input, batch->modelSha256, request.seed)));

    ProjectDatabase& db = project.database();
    Transaction transaction(db.db());
    if (!transaction.begun())
        return db.sqlError(QStringLiteral("Starting a transaction"), db.db().lastError());
    const auto modelId = modelRow(db, *batch, QStringLiteral("the realism report"));
    if (!modelId)
        return modelId.error();
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral("INSERT INTO realism_report (model_id, made_at, request, report, summary, sheet_png) "
                                 "VALUES (?, ?, ?, ?, ?, ?)"));
    for (const QVariant& v : {QVariant(*modelId), QVariant(stored.madeAt), QVariant(sqlText(stored.request)),
             QVariant(QString::fromUtf8(realismReportToJson(*report))), QVariant(sqlText(stored.summary)),
             stored.sheetPng.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(stored.sheetPng)})
        query.addBindValue(v);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Storing the realism report"), query.lastError());
    stored.id = query.lastInsertId().toLongLong();
    const QString observed = report->machineRun
        ? QStringLiteral("CNN observer %1").arg(report->machine.accuracy.accuracy, 0, 'f', 3)
        : QStringLiteral("no CNN observer");
    if (auto logged = logEvent(db, QStringLiteral("realism report"),
            QStringLiteral("generator %1: %2, memorisation %3 (%4 of %5 created images below the real 1st percentile)")
                .arg(batch->modelSha256.left(12), observed,
                    core::memorisationSuspected(report->memorisation) ? QStringLiteral("suspected")
                                                                      : QStringLiteral("not beyond chance"))
                .arg(report->memorisation.flagged)
                .arg(report->memorisation.checked));
        !logged)
        return logged.error();
    if (!transaction.commit())
        return db.sqlError(QStringLiteral("Storing the realism report"), db.db().lastError());
    return stored;
}

core::Result<std::vector<StoredRealismReport>> realismReports(ProjectDatabase& db, const QString& modelSha256)
{
    QSqlQuery query(db.db());
    query.prepare(QStringLiteral(
        "SELECT r.id, m.weights_sha256, m.description, r.made_at, r.request, r.report, r.summary, r.sheet_png "
        "FROM realism_report r JOIN model m ON m.id = r.model_id WHERE ? = '' OR m.weights_sha256 = ? "
        "ORDER BY r.id DESC"));
    query.addBindValue(modelSha256.isNull() ? QString(QLatin1String("")) : modelSha256);
    query.addBindValue(modelSha256.isNull() ? QString(QLatin1String("")) : modelSha256);
    if (!query.exec())
        return db.sqlError(QStringLiteral("Reading the realism reports"), query.lastError());
    std::vector<StoredRealismReport> out;
    while (query.next()) {
        StoredRealismReport s;
        s.id = query.value(0).toLongLong();
        s.modelSha256 = query.value(1).toString();
        s.modelDescription = query.value(2).toString();
        s.madeAt = query.value(3).toString();
        s.request = query.value(4).toString();
        auto report = realismReportFromJson(query.value(5).toString().toUtf8());
        if (!report)
            return core::Error{report.error().code, db.path().toStdString(),
                "Realism report " + std::to_string(s.id) + ": " + report.error().subject + ": " + report.error().message,
                {}};
        s.report = *report;
        s.summary = query.value(6).toString();
        s.sheetPng = query.value(7).toByteArray();
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace tr::studies
