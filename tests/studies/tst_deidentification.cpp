// Nothing that identifies a person or a visit may reach the project file, the
// import report or an export (issue: "De-identification", DICOM PS3.15 Annex E
// Basic Profile as the reference). Real GE slices are given fake PHI in every
// attribute class of the profile, imported, exported, and every byte written is
// searched for it.
#include "studyfixture.h"

#include "studies/readersession.h"
#include "studies/resultsexport.h"
#include "studies/studyresults.h"
#include "studies/trainingsetexporter.h"
#include "studies/volumeimporter.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace tr;
using namespace tr::studies;

namespace {
// GE slices 95-102 are in the test-data subset, so this runs from a bare clone.
const QString kGe = QStringLiteral(TR_TEST_DATA_DIR "/dicom/ge-sag-ir-spgr");

// Attribute -> fake value: names, IDs, birth date, dates and times, institution,
// physicians and operators, descriptions, and a private tag.
const std::vector<std::pair<DcmTagKey, const char*>> kFakePhi = {
    {DCM_PatientName, "DOE^JANE"},
    {DCM_PatientID, "MRN0042XY"},
    {DCM_PatientBirthDate, "19700101"},
    {DCM_OtherPatientNames, "ROE^JANET"},
    {DCM_PatientAddress, "12 Example Street"},
    {DCM_AccessionNumber, "ACC99887766"},
    {DCM_StudyID, "STUDY4242"},
    {DCM_StudyDate, "20230314"},
    {DCM_SeriesDate, "20230314"},
    {DCM_AcquisitionDate, "20230314"},
    {DCM_StudyTime, "093017"},
    {DCM_InstitutionName, "St Example Hospital"},
    {DCM_InstitutionAddress, "Hospital Road 1"},
    {DCM_ReferringPhysicianName, "WHO^DOCTOR"},
    {DCM_PerformingPhysicianName, "HOUSE^GREGORY"},
    {DCM_OperatorsName, "TECH^TOM"},
    {DCM_StationName, "MRSCANNER07"},
    {DCM_DeviceSerialNumber, "SN55501234"},
    {DCM_StudyDescription, "Brain for Dr Quinn"},
    {DCM_SeriesDescription, "T1 Jane follow-up"},
};
const char* kPrivateValue = "private note ZQXW";

QByteArray allBytesUnder(const QString& dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}
} // namespace

class TestDeidentification : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fakePhiNeverLeavesTheDicomFiles()
    {
        QTemporaryDir dir;
        const QString scans = dir.filePath(QStringLiteral("incoming"));
        const QString projectDir = dir.filePath(QStringLiteral("project"));
        const QString exportDir = dir.filePath(QStringLiteral("export"));
        QVERIFY(QDir().mkpath(scans) && QDir().mkpath(projectDir));

        // Eight consecutive slices with fake PHI; also collect the UIDs and the
        // (already shifted) dates and times the real files carry.
        QStringList secrets;
        for (const auto& [tag, value] : kFakePhi)
            secrets << QString::fromLatin1(value);
        secrets << QString::fromLatin1(kPrivateValue);
        for (int n = 95; n <= 102; ++n) {
            const QString source = QStringLiteral("%1/%2.dcm").arg(kGe).arg(n, 5, 10, QLatin1Char('0'));
            DcmFileFormat file;
            QVERIFY(file.loadFile(source.toStdString().c_str()).good());
            DcmDataset* data = file.getDataset();
            for (const DcmTagKey& uid : {DCM_StudyInstanceUID, DCM_SeriesInstanceUID, DCM_SOPInstanceUID,
                     DCM_FrameOfReferenceUID}) {
                OFString value;
                QVERIFY(data->findAndGetOFString(uid, value).good());
                secrets << QString::fromLatin1(value.c_str());
            }
            for (const auto& [tag, value] : kFakePhi)
                QVERIFY(data->putAndInsertString(tag, value).good());
            QVERIFY(data->putAndInsertString(DcmTag(0x0011, 0x0010, EVR_LO), "ACME_PRIVATE").good());
            QVERIFY(data->putAndInsertString(DcmTag(0x0011, 0x1001, EVR_LO), kPrivateValue).good());
            const QString target = QStringLiteral("%1/IM%2").arg(scans).arg(n);
            QVERIFY(file.saveFile(target.toStdString().c_str(), EXS_LittleEndianExplicit).good());
        }
        secrets.removeDuplicates();
        QVERIFY(secrets.size() >= 20);

        const QString path = projectDir + QStringLiteral("/p.trproj");
        QString report;
        {
            auto project = Project::create(path);
            QVERIFY(project.ok());
            const auto outcomes = VolumeImporter(*project).importPaths({scans}, [&](const ImportOutcome& o) {
                report += o.source + QLatin1Char(' ') + o.pseudonym
                    + (o.error ? QString::fromStdString(o.error->toString() + o.error->detail) : QString()) + '\n';
            });
            QCOMPARE(outcomes.size(), std::size_t{1});
            QVERIFY2(!outcomes[0].error, qPrintable(report));
            // The acquisition facts that matter are kept.
            const auto record = project->volume(QStringLiteral("V001"));
            QCOMPARE(record->facts.model, std::string("Signa HDxt"));
            QCOMPARE(record->facts.flipAngleDeg, std::optional<double>(11.0));

            // Landmarks around the volume's centre, then an export.
            const auto volume = project->loadVolume(QStringLiteral("V001"));
            core::Vec3 centre{};
            for (std::size_t d = 0; d < 3; ++d)
                centre[d] = volume->origin[d] + volume->spacing[d] * double(volume->size[d] - 1) / 2.0;
            core::Landmarks l;
            l[core::Landmark::Centre] = centre;
            l[core::Landmark::AnteriorCommissure] = core::Vec3{centre[0], centre[1] - 12, centre[2]};
            l[core::Landmark::PosteriorCommissure] = core::Vec3{centre[0], centre[1] + 13, centre[2]};
            l[core::Landmark::MidSagittal] = core::Vec3{centre[0], centre[1], centre[2] + 40};
            QVERIFY(project->setLandmarks(QStringLiteral("V001"), l, LandmarkSource::Manual).ok());
            ExportSettings settings;
            settings.volume = QStringLiteral("V001");
            settings.outputDir = exportDir;
            settings.count = 6;
            std::atomic<bool> cancel{false};
            const auto exported = exportTrainingSet(*project, settings, {}, cancel);
            QVERIFY2(exported.ok(), exported.ok() ? "" : exported.error().toString().c_str());

            // A reader study on its slices, and every results export of it.
            RealPoolRequest pool;
            pool.name = QStringLiteral("real");
            pool.count = 60;
            pool.grid.matrix = 64;
            QVERIFY(addRealPool(*project, pool).ok());
            QVERIFY(addCreatedPool(*project, QStringLiteral("created"), 1, testing::patternedBatch(60, 64)).ok());
            auto& db = project->database();
            auto access = setCoordinatorPassphrase(db, QStringLiteral("coordinator only"));
            QVERIFY(createStudy(db, *access, QStringLiteral("s"), QStringLiteral("real"), QStringLiteral("created"), 1, {}).ok());
            QVERIFY(acknowledgeBlindingCheck(db, *access, QStringLiteral("s"), QStringLiteral("test patterns")).ok());
            QVERIFY(addReader(db, {0, QStringLiteral("NR1"), QStringLiteral("Reader One"), QStringLiteral("neuroradiologist"), 9}).ok());
            {
                auto session = ReaderSession::open(db, QStringLiteral("s"), QStringLiteral("NR1"));
                QVERIFY(session->skipTraining(QStringLiteral("test")).ok());
                for (int i = 0; i < 50; ++i) {
                    Answer a;
                    a.call = i % 2 ? Call::Real : Call::Created;
                    QVERIFY(session->answer(a).ok());
                }
            }
            const auto results = studyResults(db, *access, QStringLiteral("s"));
            const auto rows = loadResponses(db, *access, QStringLiteral("s"));
            QVERIFY(results.ok() && rows.ok());
            for (auto format : {ResultsFormat::Csv, ResultsFormat::Markdown, ResultsFormat::Latex, ResultsFormat::Html,
                     ResultsFormat::Json, ResultsFormat::Raw}) {
                QFile file(QStringLiteral("%1/results-%2").arg(exportDir).arg(int(format)));
                QVERIFY(file.open(QIODevice::WriteOnly));
                QVERIFY(file.write(renderResults(*results, format, *rows)) > 100);
            }
        }

        const QByteArray stored = allBytesUnder(projectDir);
        const QByteArray exported = allBytesUnder(exportDir);
        QVERIFY(stored.size() > 100000);   // the voxels are there ...
        QVERIFY(exported.contains("V001")); // ... and the export names the pseudonym
        QVERIFY(exported.contains("NR1,neuroradiologist")); // the raw results are there, by reader code
        for (const QString& secret : secrets) {
            const QByteArray needle = secret.toLatin1();
            QVERIFY2(!stored.contains(needle), qPrintable(QStringLiteral("project file holds '%1'").arg(secret)));
            QVERIFY2(!exported.contains(needle), qPrintable(QStringLiteral("export holds '%1'").arg(secret)));
            QVERIFY2(!report.contains(secret), qPrintable(QStringLiteral("import report shows '%1'").arg(secret)));
        }
        // Readers appear by code only, never by name.
        QVERIFY(!exported.contains("Reader One"));
        // The real files' own de-identified dates and times (shifted by the data's
        // provider) are not stored either.
        for (const char* dateOrTime : {"20240425", "101011", "113044"})
            QVERIFY2(!stored.contains(dateOrTime), dateOrTime);
    }
};

QTEST_GUILESS_MAIN(TestDeidentification)
#include "tst_deidentification.moc"
