// The scans page on a real project: an import in a worker thread with its
// per-file report (a real NIfTI, a missing file, a text file with a NIfTI
// name), a cancelled import, landmarks placed by clicking the sections and
// suggested by registering Colin27. Screenshots go to the build folder
// (workspace-data*.png).
#include "core/orthogonalslice.h"
#include "gui/darktheme.h"
#include "gui/datapage.h"
#include "gui/openproject.h"
#include "gui/sliceview.h"
#include "gui/volume3dview.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QTabWidget>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace tr;
using namespace tr::gui;
using namespace tr::studies;
using core::Landmark;
using core::SliceAxis;

namespace {

const QString kStroke = QStringLiteral(TR_TEST_DATA_DIR "/stroke/T1.nii.gz");

QStringList column(QTableWidget* table, int c)
{
    QStringList out;
    for (int row = 0; row < table->rowCount(); ++row)
        out << table->item(row, c)->text();
    return out;
}

} // namespace

class TestDataPage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    OpenProject m_open;

private Q_SLOTS:
    void initTestCase()
    {
        applyDarkTheme(*qApp);
        auto made = Project::create(m_dir.filePath(QStringLiteral("p.trproj")));
        QVERIFY(made.ok());
        m_open.project = std::make_unique<Project>(std::move(*made));
    }

    void importWithReport()
    {
        QFile text(m_dir.filePath(QStringLiteral("notes.nii")));
        QVERIFY(text.open(QIODevice::WriteOnly) && text.write("a text file with a NIfTI name\n") > 0);
        text.close();
        DataPage page;
        page.resize(1600, 1000);
        page.setProject(&m_open);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy finished(&page, &DataPage::importFinished);
        page.startImport({kStroke, QStringLiteral("/nonexistent/scan.nii.gz"), text.fileName()}, false);
        QVERIFY(page.busy());
        QVERIFY(finished.wait(120000));
        QVERIFY(!page.busy());
        const QStringList results = column(page.reportTable(), 1);
        QCOMPARE(results.size(), 3);
        QCOMPARE(results[0], QStringLiteral("imported as V001"));
        QVERIFY2(results[1].startsWith(QStringLiteral("skipped: ")), qPrintable(results[1]));
        QVERIFY2(results[2].startsWith(QStringLiteral("skipped: ")), qPrintable(results[2]));
        QCOMPARE(column(page.volumeTable(), 0), QStringList{QStringLiteral("V001")});
        QVERIFY(column(page.volumeTable(), 4)[0].startsWith(QStringLiteral("needs")));
        QCOMPARE(page.selectedVolume(), QStringLiteral("V001"));
        QVERIFY(!page.view(SliceAxis::Sagittal)->image().isNull());

        // Cancelled at once: nothing more is stored, and the report says so by name.
        const QString twice = m_dir.filePath(QStringLiteral("twice"));
        QVERIFY(QDir().mkpath(twice));
        QVERIFY(QFile::copy(kStroke, twice + QStringLiteral("/a.nii.gz")));
        QVERIFY(QFile::copy(kStroke, twice + QStringLiteral("/b.nii.gz")));
        page.startImport({twice}, false);
        page.cancelImport();
        QVERIFY(finished.wait(120000));
        QVERIFY(column(page.reportTable(), 1).join(QLatin1Char('\n')).contains(QStringLiteral("cancelled")));
        QCOMPARE(page.volumeTable()->rowCount(), 1); // a copy of V001 is refused anyway; the rest cancelled
    }

    void landmarksByClickAndSuggestion()
    {
        DataPage page;
        page.resize(1600, 1000);
        page.setProject(&m_open);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.selectVolume(QStringLiteral("V001"));
        SliceView* axial = page.view(SliceAxis::Axial);
        const std::size_t axialIndex = page.sectionIndex(SliceAxis::Axial);
        page.setActiveLandmark(Landmark::AnteriorCommissure);
        const QPointF pixel(90, 100);
        QTest::mouseClick(axial, Qt::LeftButton, {}, axial->widgetPoint(pixel).toPoint());

        // Stored at once, as placed by hand, where the click was.
        const auto record = m_open.project->volume(QStringLiteral("V001"));
        const auto volume = m_open.project->loadVolume(QStringLiteral("V001"));
        QVERIFY(record->landmarks[Landmark::AnteriorCommissure].has_value());
        QCOMPARE(*record->landmarkSources[0], LandmarkSource::Manual);
        const core::Vec3 stored = *record->landmarks[Landmark::AnteriorCommissure];
        const core::SlicePosition back = core::patientToSlicePixel(
            *volume, SliceAxis::Axial, axialIndex, stored, core::DisplayConvention::Radiological);
        QVERIFY2(std::abs(back.column - pixel.x()) < 0.6 && std::abs(back.row - pixel.y()) < 0.6,
            qPrintable(QStringLiteral("%1, %2").arg(back.column).arg(back.row)));
        // The other sections came to the point, and every section marks it.
        const core::Vec3 ijk = core::patientToVoxel(*volume, stored);
        QCOMPARE(page.sectionIndex(SliceAxis::Coronal), std::size_t(std::lround(ijk[1])));
        QCOMPARE(page.sectionIndex(SliceAxis::Sagittal), std::size_t(std::lround(ijk[0])));
        for (SliceAxis axis : {SliceAxis::Axial, SliceAxis::Coronal, SliceAxis::Sagittal}) {
            const auto& markers = page.view(axis)->markers();
            QCOMPARE(markers.size(), std::size_t{1});
            QVERIFY(markers[0].onPlane);
        }
        QCOMPARE(column(page.volumeTable(), 4)[0], QStringLiteral("needs pc,msp,centre"));
        page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-data.png"));

        // All four suggested by registration, stored as suggestions.
        QSignalSpy suggested(&page, &DataPage::suggestionFinished);
        page.suggestLandmarks();
        QVERIFY(suggested.wait(300000));
        QCOMPARE(suggested.front().front().toBool(), true);
        QCOMPARE(column(page.volumeTable(), 4)[0], QStringLiteral("ready"));
        const auto after = m_open.project->volume(QStringLiteral("V001"));
        QCOMPARE(*after->landmarkSources[1], LandmarkSource::Auto);
        QVERIFY(after->landmarks.complete());
        // The training set's extremes, sampled from the new landmarks.
        QCOMPARE(page.previewList()->count(), 9);
        QCOMPARE(page.previewList()->item(8)->text(), QStringLiteral("centre, flipped"));
        page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-data-suggested.png"));
        page.findChild<QTabWidget*>(QStringLiteral("tabs"))->setCurrentWidget(page.previewList());
        page.grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-data-preview.png"));

        // The 3D view: the head, the landmarks and the five section planes of the grid.
        if (!Volume3DView::renderingAvailable())
            QSKIP("no X display for VTK here; ./setup.sh test runs this under Xvfb");
        Volume3DView* view = page.view3d();
        QCOMPARE(view->sectionPlanes(), 5);
        QImage frame = view->frame();
        QVERIFY(!frame.isNull());
        QCOMPARE(frame.size(), view->size() * view->devicePixelRatio());
        // Something was drawn: the head's surface and the planes are lighter than the background.
        int lit = 0;
        for (int y = 0; y < frame.height(); y += 4)
            for (int x = 0; x < frame.width(); x += 4)
                lit += qGray(frame.pixel(x, y)) > 90;
        QVERIFY2(lit > 200, qPrintable(QStringLiteral("%1 lit samples").arg(lit)));
        // Dragging turns the view: another picture.
        QTest::mousePress(view, Qt::LeftButton, {}, QPoint(100, 100));
        QMouseEvent drag(QEvent::MouseMove, QPointF(160, 110), view->mapToGlobal(QPointF(160, 110)), Qt::NoButton,
            Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view, &drag);
        QVERIFY(view->frame() != frame);
        view->grab().save(QStringLiteral(TR_TEST_OUTPUT_DIR "/workspace-3d.png"));
    }
};

QTEST_MAIN(TestDataPage)
#include "tst_datapage.moc"
