#include "studies/realismreportjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tr::studies {

namespace {

QJsonObject observerJson(const core::ObserverResult& o)
{
    QJsonObject j{{"name", QString::fromStdString(o.name)}, {"correct", o.accuracy.correct},
        {"tested", o.accuracy.tested}, {"accuracy", o.accuracy.accuracy}, {"lower", o.accuracy.interval.lower},
        {"upper", o.accuracy.interval.upper}, {"p", o.accuracy.pValue}};
    if (o.oneNumber) {
        j.insert("real_mean", o.realMean);
        j.insert("created_mean", o.createdMean);
    }
    return j;
}

bool observerFrom(const QJsonValue& v, core::ObserverResult& o)
{
    const QJsonObject j = v.toObject();
    for (const char* key : {"name", "correct", "tested", "accuracy", "lower", "upper", "p"})
        if (!j.contains(QLatin1String(key)))
            return false;
    o.name = j.value("name").toString().toStdString();
    o.accuracy.correct = j.value("correct").toInt();
    o.accuracy.tested = j.value("tested").toInt();
    o.accuracy.accuracy = j.value("accuracy").toDouble();
    o.accuracy.interval = {j.value("lower").toDouble(), j.value("upper").toDouble()};
    o.accuracy.pValue = j.value("p").toDouble();
    o.oneNumber = j.contains("real_mean");
    o.realMean = j.value("real_mean").toDouble();
    o.createdMean = j.value("created_mean").toDouble();
    return true;
}

} // namespace

QByteArray realismReportToJson(const core::RealismReport& r)
{
    QJsonArray cues;
    for (const auto& c : r.cues)
        cues.append(observerJson(c));
    QJsonArray nearest;
    for (const auto& n : r.memorisation.nearest)
        nearest.append(QJsonObject{{"created", qint64(n.created)}, {"reference", qint64(n.reference)}, {"rms", n.rms},
            {"ssim", n.ssim}});
    const auto& m = r.memorisation;
    QJsonObject j{{"format", 1}, {"side", r.side}, {"real_subjects", r.realSubjects},
        {"train_subjects", r.trainSubjects}, {"test_subjects", r.testSubjects}, {"train_real", r.trainReal},
        {"train_created", r.trainCreated}, {"test_real", r.testReal}, {"test_created", r.testCreated},
        {"seed", QString::number(r.seed)}, {"seconds", r.seconds}, {"cues", cues},
        {"memorisation",
            QJsonObject{{"checked", m.checked}, {"real_threshold_rms", m.realThresholdRms},
                {"real_median_rms", m.realMedianRms}, {"created_median_rms", m.createdMedianRms},
                {"created_median_ssim", m.createdMedianSsim}, {"flagged", m.flagged}, {"nearest", nearest}}},
        {"diversity", QJsonObject{{"real", r.diversity.real}, {"created", r.diversity.created}}}};
    if (r.machineRun) {
        j.insert("machine", observerJson(r.machine));
        j.insert("machine_detail", QString::fromStdString(r.machineDetail));
    }
    return QJsonDocument(j).toJson(QJsonDocument::Compact);
}

core::Result<core::RealismReport> realismReportFromJson(const QByteArray& json)
{
    const auto bad = [](const char* field) {
        return core::Error{core::ErrorCode::Corrupt, std::string("realism report: ") + field,
            "The stored realism report is damaged; run 'evaluate' again to replace it.", {}};
    };
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return bad("JSON");
    const QJsonObject j = doc.object();
    if (j.value("format").toInt() != 1)
        return bad("format");
    core::RealismReport r;
    r.side = j.value("side").toInt();
    if (r.side <= 0)
        return bad("side");
    r.realSubjects = j.value("real_subjects").toInt();
    r.trainSubjects = j.value("train_subjects").toInt();
    r.testSubjects = j.value("test_subjects").toInt();
    r.trainReal = j.value("train_real").toInt();
    r.trainCreated = j.value("train_created").toInt();
    r.testReal = j.value("test_real").toInt();
    r.testCreated = j.value("test_created").toInt();
    r.seed = j.value("seed").toString().toULongLong();
    r.seconds = j.value("seconds").toDouble();
    if (j.contains("machine")) {
        if (!observerFrom(j.value("machine"), r.machine))
            return bad("machine");
        r.machineRun = true;
        r.machineDetail = j.value("machine_detail").toString().toStdString();
    }
    for (const auto& c : j.value("cues").toArray()) {
        core::ObserverResult o;
        if (!observerFrom(c, o))
            return bad("cues");
        r.cues.push_back(o);
    }
    const QJsonObject m = j.value("memorisation").toObject();
    if (!m.contains("flagged"))
        return bad("memorisation");
    r.memorisation.checked = m.value("checked").toInt();
    r.memorisation.realThresholdRms = m.value("real_threshold_rms").toDouble();
    r.memorisation.realMedianRms = m.value("real_median_rms").toDouble();
    r.memorisation.createdMedianRms = m.value("created_median_rms").toDouble();
    r.memorisation.createdMedianSsim = m.value("created_median_ssim").toDouble();
    r.memorisation.flagged = m.value("flagged").toInt();
    for (const auto& n : m.value("nearest").toArray()) {
        const QJsonObject o = n.toObject();
        r.memorisation.nearest.push_back({std::size_t(o.value("created").toInteger()),
            std::size_t(o.value("reference").toInteger()), o.value("rms").toDouble(), o.value("ssim").toDouble()});
    }
    const QJsonObject d = j.value("diversity").toObject();
    r.diversity.real = d.value("real").toDouble();
    r.diversity.created = d.value("created").toDouble();
    return r;
}

} // namespace tr::studies
