// The training-image preview on the real stroke T1 with its landmarks: nine
// images of the grid's extremes, the flipped one the mirror of the centre,
// the rotations and offsets really different sections; a volume without
// landmarks is named.
#include "studies/trainingpreview.h"
#include "studies/volumeimporter.h"

#include <QTemporaryDir>
#include <QtTest>

#include "projectlocation.h"

using namespace tr;
using namespace tr::studies;
using tr::studies::testing::projectLocation;

class TestTrainingPreview : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void extremesOfTheGrid()
    {
        QTemporaryDir dir;
        auto project = Project::create(projectLocation(dir, QStringLiteral("p.trproj")));
        QVERIFY(project.ok());
        const auto outcomes = VolumeImporter(*project).importPaths({QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz")});
        QVERIFY(outcomes.size() == 1 && !outcomes[0].error);

        const auto early = trainingPreview(*project, QStringLiteral("V001"));
        QVERIFY(!early.ok());
        QVERIFY2(early.error().subject.rfind("V001", 0) == 0, early.error().toString().c_str());

        core::Landmarks l;
        l[core::Landmark::AnteriorCommissure] = core::Vec3{0, -4, -4};
        l[core::Landmark::PosteriorCommissure] = core::Vec3{0, 22, -6};
        l[core::Landmark::MidSagittal] = core::Vec3{0, 10, 50};
        l[core::Landmark::Centre] = core::Vec3{0, 10, 0};
        QVERIFY(project->setLandmarks(QStringLiteral("V001"), l, LandmarkSource::Manual).ok());
        const auto preview = trainingPreview(*project, QStringLiteral("V001"));
        QVERIFY2(preview.ok(), preview.ok() ? "" : preview.error().toString().c_str());
        QCOMPARE(preview->size(), std::size_t{9});
        QStringList labels;
        for (const auto& p : *preview) {
            QCOMPARE(p.image.size(), QSize(128, 128));
            QCOMPARE(p.image.format(), QImage::Format_Grayscale8);
            labels << p.label;
        }
        QCOMPARE(labels, (QStringList{"centre", "L-R -10\u00b0", "L-R +10\u00b0", "A-P -10\u00b0", "A-P +10\u00b0",
                             "C-C -5\u00b0", "offset -4 mm", "offset +4 mm", "centre, flipped"}));
        const QImage& centre = (*preview)[0].image;
        QCOMPARE((*preview)[8].image, centre.mirrored(true, false));
        for (std::size_t i = 1; i < 8; ++i)
            QVERIFY2((*preview)[i].image != centre, qPrintable(labels[qsizetype(i)]));
        // The centre is the grid's own centre image.
        core::AugmentationGrid grid;
        const auto sample = grid.sample((*preview)[0].index);
        QCOMPARE((std::array{sample.leftRightDeg, sample.anteriorPosteriorDeg, sample.cranioCaudalDeg, sample.offsetMm}),
            (std::array{0.0, 0.0, 0.0, 0.0}));
    }
};

QTEST_GUILESS_MAIN(TestTrainingPreview)
#include "tst_trainingpreview.moc"
