#include "gui/datapage.h"
#include "core/guarded.h"

#include "core/io/landmarksuggestion.h"
#include "gui/errordialog.h"
#include "gui/openproject.h"
#include "gui/recordtable.h"
#include "gui/sliceview.h"
#include "gui/volume3dview.h"
#include "studies/trainingpreview.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>

namespace tr::gui {

using core::Landmark;
using core::SliceAxis;

namespace {

constexpr std::array<SliceAxis, 3> kAxes{SliceAxis::Axial, SliceAxis::Coronal, SliceAxis::Sagittal};

// A colour a landmark, the same in every section.
QColor landmarkColour(Landmark l)
{
    switch (l) {
    case Landmark::AnteriorCommissure: return QColor(255, 90, 90);
    case Landmark::PosteriorCommissure: return QColor(90, 200, 255);
    case Landmark::MidSagittal: return QColor(120, 230, 120);
    case Landmark::Centre: return QColor(255, 210, 80);
    }
    return Qt::white;
}

QString landmarkShort(Landmark l)
{
    const auto key = core::landmarkKey(l);
    return QString::fromUtf8(key.data(), qsizetype(key.size())).toUpper();
}

QString qs(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

} // namespace

DataPage::DataPage(QWidget* parent) : QWidget(parent)
{
    m_importFiles = new QPushButton(tr("Import files\u2026"));
    m_importFolder = new QPushButton(tr("Import folder\u2026"));
    m_importFolder->setToolTip(tr("Every volume file (.nii, .nii.gz, .mha, .mhd, .nrrd) and DICOM series in the "
                                  "folder and below it."));
    m_n4 = new QCheckBox(tr("N4 bias-field correction"));
    m_n4->setToolTip(tr("Corrects coil shading before storing (about a minute a volume)."));
    m_progress = new QProgressBar;
    m_progress->setVisible(false);
    m_progress->setMinimumWidth(240);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setVisible(false);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    auto* top = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{m_importFiles, m_importFolder, m_n4, m_progress, m_cancel})
        top->addWidget(w);
    top->addWidget(m_status, 1);

    m_volumes = recordTable(QStringLiteral("volumes"), {tr("Volume"), tr("Grid"), tr("Voxel size (mm)"), tr("Source"), tr("Landmarks")});
    m_reportTable = recordTable(QStringLiteral("report"), {tr("File or series"), tr("Result")});
    m_preview = new QListWidget;
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setViewMode(QListView::IconMode);
    m_preview->setIconSize(QSize(128, 128));
    m_preview->setResizeMode(QListView::Adjust);
    m_preview->setMovement(QListView::Static);
    m_preview->setSpacing(6);

    auto* sections = new QWidget;
    auto* grid = new QGridLayout(sections);
    grid->setContentsMargins(0, 0, 0, 0);
    for (SliceAxis axis : kAxes) {
        auto* view = new SliceView;
        view->setMinimumSize(200, 200);
        m_views[std::size_t(axis)] = view;
        connect(view, &SliceView::sliceStepRequested, this, [this, axis](int steps) { stepSection(axis, steps); });
        connect(view, &SliceView::pixelClicked, this, [this, axis](QPointF pixel) { placeLandmark(axis, pixel); });
    }
    m_3d = new Volume3DView;
    grid->addWidget(m_views[0], 0, 0);
    grid->addWidget(m_views[1], 0, 1);
    grid->addWidget(m_views[2], 1, 0);
    grid->addWidget(m_3d, 1, 1);

    auto* landmarks = new QWidget;
    auto* landmarkColumn = new QVBoxLayout(landmarks);
    landmarkColumn->addWidget(new QLabel(tr("Choose one, then click a section to place it:")));
    m_landmarkChoice = new QButtonGroup(this);
    for (Landmark l : core::kAllLandmarks) {
        auto* choice = new QRadioButton(QStringLiteral("%1  %2").arg(landmarkShort(l), qs(core::landmarkTitle(l))));
        QPalette p = choice->palette();
        p.setColor(QPalette::WindowText, landmarkColour(l));
        choice->setPalette(p);
        m_landmarkChoice->addButton(choice, int(l));
        auto* where = new QLabel;
        where->setIndent(24);
        m_landmarkText[std::size_t(l)] = where;
        landmarkColumn->addWidget(choice);
        landmarkColumn->addWidget(where);
    }
    m_landmarkChoice->button(0)->setChecked(true);
    connect(m_landmarkChoice, &QButtonGroup::idClicked, this, [this](int id) { m_active = Landmark(id); });
    m_suggest = new QPushButton(tr("Suggest all four (register Colin27)"));
    m_suggest->setToolTip(tr("Registers the Colin27 template to this scan and proposes the four points; "
                             "check them and move any by clicking. About half a minute."));
    landmarkColumn->addWidget(m_suggest);
    landmarkColumn->addStretch();

    auto* tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("tabs"));
    tabs->addTab(landmarks, tr("Landmarks"));
    tabs->addTab(m_preview, tr("Training images"));
    tabs->addTab(m_reportTable, tr("Last import"));
    auto* left = new QSplitter(Qt::Vertical);
    left->addWidget(m_volumes);
    left->addWidget(tabs);
    left->setStretchFactor(1, 2);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(sections);
    split->setStretchFactor(1, 3);
    split->setSizes({470, 1130}); // the volume list whole, landmark status included
    auto* column = new QVBoxLayout(this);
    column->addLayout(top);
    column->addWidget(split, 1);

    connect(m_importFiles, &QPushButton::clicked, this, &DataPage::chooseFiles);
    connect(m_importFolder, &QPushButton::clicked, this, &DataPage::chooseFolder);
    connect(m_cancel, &QPushButton::clicked, this, &DataPage::cancelImport);
    connect(m_suggest, &QPushButton::clicked, this, &DataPage::suggestLandmarks);
    connect(m_volumes, &QTableWidget::itemSelectionChanged, this, &DataPage::showVolume);
    setProject(nullptr);
}

DataPage::~DataPage()
{
    m_cancelFlag = true;
    if (m_worker) {
        m_worker->wait();
        delete m_worker; // its queued "finished" dies with this page
    }
}

void DataPage::setProject(OpenProject* project)
{
    m_cancelFlag = true;
    if (m_worker) {
        m_worker->wait(); // its connection closes before the project's
        QCoreApplication::sendPostedEvents(this);
    }
    m_project = project;
    m_report.clear();
    m_reportTable->setRowCount(0);
    refresh();
}

void DataPage::refresh()
{
    const QString keep = selectedVolume();
    {
        const QSignalBlocker blocker(m_volumes);
        m_volumes->setRowCount(0);
        if (m_project) {
            auto all = m_project->project->volumes();
            if (!all)
                showError(this, tr("The volumes cannot be read."), all.error());
            else
                for (const auto& v : *all)
                    appendRecord(m_volumes, {v.pseudonym,
                                          QStringLiteral("%1 \u00d7 %2 \u00d7 %3").arg(v.size[0]).arg(v.size[1]).arg(v.size[2]),
                                          QStringLiteral("%1 \u00d7 %2 \u00d7 %3")
                                              .arg(v.spacing[0], 0, 'f', 2)
                                              .arg(v.spacing[1], 0, 'f', 2)
                                              .arg(v.spacing[2], 0, 'f', 2),
                                          v.sourceFormat + (v.biasCorrected ? tr(", N4") : QString()), v.status()});
        }
    }
    m_importFiles->setEnabled(m_project && !busy());
    m_importFolder->setEnabled(m_project && !busy());
    if (!keep.isEmpty())
        selectVolume(keep);
    else if (m_volumes->rowCount() > 0)
        m_volumes->selectRow(0);
    else
        showVolume();
}

void DataPage::selectVolume(const QString& pseudonym)
{
    for (int row = 0; row < m_volumes->rowCount(); ++row)
        if (m_volumes->item(row, 0)->text() == pseudonym)
            m_volumes->selectRow(row);
}

QString DataPage::selectedVolume() const
{
    const auto rows = m_volumes->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_volumes->item(rows.front().row(), 0)->text();
}

void DataPage::setActiveLandmark(Landmark landmark)
{
    m_active = landmark;
    m_landmarkChoice->button(int(landmark))->setChecked(true);
}

void DataPage::showVolume()
{
    const QString name = selectedVolume();
    if (name == m_volumeName && m_volume)
        return;
    m_volumeName = name;
    m_volume.reset();
    m_landmarks = {};
    if (m_project && !name.isEmpty()) {
        auto loaded = m_project->project->loadVolume(name);
        auto record = m_project->project->volume(name);
        if (!loaded || !record) {
            showError(this, tr("The volume cannot be shown."), loaded ? record.error() : loaded.error());
        } else {
            m_volume = std::move(*loaded);
            m_window = core::percentileWindow(m_volume->voxels);
            m_landmarks = record->landmarks;
            // Start at the section centre where it is known, else the middle.
            const core::Vec3 middle = core::voxelToPatient(*m_volume,
                {double(m_volume->size[0] / 2), double(m_volume->size[1] / 2), double(m_volume->size[2] / 2)});
            goTo(m_landmarks[Landmark::Centre].value_or(middle));
            m_3d->setVolume(*m_volume, m_landmarks);
        }
    }
    m_suggest->setEnabled(m_volume.has_value() && !busy());
    if (!m_volume) {
        for (SliceView* v : m_views)
            v->clear(m_project ? tr("Import a scan, or choose one on the left.") : QString());
        m_3d->clear(QString());
    }
    updateLandmarkPanel();
    updatePreview();
}

void DataPage::goTo(const core::Vec3& lps)
{
    if (!m_volume)
        return;
    const core::Vec3 ijk = core::patientToVoxel(*m_volume, lps);
    for (SliceAxis axis : kAxes) {
        const int fixed = core::fixedVoxelAxis(axis);
        const double at = std::clamp(std::round(ijk[std::size_t(fixed)]), 0.0, double(m_volume->size[std::size_t(fixed)] - 1));
        m_index[std::size_t(axis)] = std::size_t(at);
    }
    showSections();
}

void DataPage::stepSection(SliceAxis axis, int steps)
{
    if (!m_volume)
        return;
    const auto size = std::int64_t(m_volume->size[std::size_t(core::fixedVoxelAxis(axis))]);
    m_index[std::size_t(axis)] = std::size_t(std::clamp<std::int64_t>(std::int64_t(m_index[std::size_t(axis)]) + steps, 0, size - 1));
    showSections();
}

void DataPage::showSections()
{
    if (!m_volume)
        return;
    const auto convention = core::DisplayConvention::Radiological;
    for (SliceAxis axis : kAxes) {
        SliceView* view = m_views[std::size_t(axis)];
        auto slice = core::orthogonalSlice(*m_volume, axis, m_index[std::size_t(axis)], convention);
        if (!slice) {
            view->clear(QString::fromStdString(slice.error().toString()));
            continue;
        }
        view->setSlice(*slice, m_window, convention);
        view->setOrientation(core::sliceLabels(axis, convention),
            tr("%1 %2, section %3 of %4")
                .arg(m_volumeName, qs(core::sliceAxisName(axis)))
                .arg(m_index[std::size_t(axis)] + 1)
                .arg(m_volume->size[std::size_t(core::fixedVoxelAxis(axis))]));
        std::vector<SliceView::Marker> markers;
        for (Landmark l : core::kAllLandmarks)
            if (const auto& p = m_landmarks[l]) {
                const auto at = core::patientToSlicePixel(*m_volume, axis, m_index[std::size_t(axis)], *p, convention);
                markers.push_back({QPointF(at.column, at.row), landmarkShort(l), landmarkColour(l), std::abs(at.offPlane) < 0.5});
            }
        view->setMarkers(std::move(markers));
    }
}

void DataPage::placeLandmark(SliceAxis axis, QPointF pixel)
{
    if (!m_volume || !m_project)
        return;
    const core::Vec3 p = core::slicePixelToPatient(
        *m_volume, axis, m_index[std::size_t(axis)], pixel.x(), pixel.y(), core::DisplayConvention::Radiological);
    core::Landmarks one;
    one[m_active] = p;
    if (auto stored = m_project->project->setLandmarks(m_volumeName, one, studies::LandmarkSource::Manual); !stored) {
        showError(this, tr("The landmark cannot be stored."), stored.error());
        return;
    }
    m_landmarks[m_active] = p;
    goTo(p);
    updateLandmarkPanel();
    m_3d->setLandmarks(m_landmarks);
    updatePreview();
    refresh(); // the status column
    Q_EMIT volumesChanged();
}

void DataPage::updateLandmarkPanel()
{
    for (Landmark l : core::kAllLandmarks) {
        const auto& p = m_landmarks[l];
        m_landmarkText[std::size_t(l)]->setText(
            p ? tr("L %1, P %2, S %3 mm").arg((*p)[0], 0, 'f', 1).arg((*p)[1], 0, 'f', 1).arg((*p)[2], 0, 'f', 1)
              : tr("not placed"));
    }
}

void DataPage::updatePreview()
{
    m_preview->clear();
    if (!m_volume || !m_project || !m_landmarks.complete())
        return;
    auto preview = studies::trainingPreview(*m_volume, m_landmarks); // the volume in hand, not another read
    if (!preview) {
        // Implausible landmarks (AC and PC swapped, say): said in the list itself.
        m_preview->addItem(QString::fromStdString(preview.error().message));
        return;
    }
    for (const auto& p : *preview)
        m_preview->addItem(new QListWidgetItem(QIcon(QPixmap::fromImage(p.image)), p.label));
}

void DataPage::setBusy(const QString& what)
{
    const bool working = !what.isEmpty();
    m_status->setText(what);
    m_progress->setVisible(working);
    m_importFiles->setEnabled(m_project && !working);
    m_importFolder->setEnabled(m_project && !working);
    m_suggest->setEnabled(m_volume.has_value() && !working);
}

void DataPage::chooseFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Import volume files"), QString(),
        tr("Volumes (*.nii *.nii.gz *.mha *.mhd *.nrrd);;DICOM files (*);;All files (*)"));
    if (!files.isEmpty())
        startImport(files, m_n4->isChecked());
}

void DataPage::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Import a folder of scans"));
    if (!folder.isEmpty())
        startImport({folder}, m_n4->isChecked());
}

void DataPage::startImport(const QStringList& paths, bool biasCorrection)
{
    if (!m_project || busy())
        return;
    m_cancelFlag = false;
    m_report.clear();
    m_reportTable->setRowCount(0);
    setBusy(tr("Reading\u2026"));
    m_progress->setRange(0, 0);
    m_cancel->setVisible(true);
    m_cancel->setEnabled(true);
    const QString path = m_project->project->path();
    auto outcomes = std::make_shared<std::vector<studies::ImportOutcome>>();
    auto failure = std::make_shared<std::optional<core::Error>>();
    m_worker = QThread::create([this, path, paths, biasCorrection, outcomes, failure] {
        const auto escaped = core::caught(path.toStdString(), [&] {
            auto second = studies::Project::openSecondConnection(path);
            if (!second) {
                *failure = second.error();
                return;
            }
            *outcomes = studies::VolumeImporter(*second, {biasCorrection})
                            .importPaths(paths, {}, [this](const studies::ImportProgress& p) {
                                QMetaObject::invokeMethod(this, [this, p] {
                                    m_progress->setRange(0, p.total);
                                    m_progress->setValue(p.done);
                                    m_status->setText(p.total == 0 ? tr("Reading the DICOM headers of %1\u2026").arg(p.current)
                                            : p.current.isEmpty()  ? QString()
                                                                   : tr("%1 of %2: %3").arg(p.done + 1).arg(p.total).arg(QFileInfo(p.current).fileName()));
                                }, Qt::QueuedConnection);
                            }, &m_cancelFlag);
        });
        if (escaped)
            *failure = *escaped;
    });
    connect(m_worker, &QThread::finished, this, [this, outcomes, failure] {
        m_worker->deleteLater();
        m_worker = nullptr;
        m_cancel->setVisible(false);
        m_report = *outcomes;
        int imported = 0;
        for (const auto& o : m_report) {
            imported += !o.error;
            appendRecord(m_reportTable, {o.source, o.error ? tr("skipped: %1").arg(QString::fromStdString(o.error->message))
                                                     : tr("imported as %1").arg(o.pseudonym)});
        }
        setBusy({});
        if (auto* tabs = findChild<QTabWidget*>(QStringLiteral("tabs")))
            tabs->setCurrentWidget(m_reportTable); // what became of every file
        m_status->setText(failure->has_value() ? QString::fromStdString((*failure)->toString())
                                               : tr("%1 imported, %2 skipped").arg(imported).arg(int(m_report.size()) - imported));
        refresh();
        if (imported > 0)
            Q_EMIT volumesChanged();
        Q_EMIT importFinished();
    });
    m_worker->start();
}

void DataPage::cancelImport()
{
    m_cancelFlag = true;
    m_cancel->setEnabled(false);
    m_status->setText(tr("Cancelling after the volume in hand\u2026"));
}

void DataPage::suggestLandmarks()
{
    if (!m_volume || busy())
        return;
    setBusy(tr("Registering Colin27 to %1\u2026").arg(m_volumeName));
    m_progress->setRange(0, 0);
    auto scan = std::make_shared<core::Volume>(*m_volume);
    auto found = std::make_shared<std::optional<core::Result<core::io::LandmarkSuggestion>>>();
    const QString name = m_volumeName;
    m_worker = QThread::create([scan, found, name] {
        found->emplace(core::guarded(name.toStdString(), [&] { return core::io::suggestLandmarksFromColin27(*scan); }));
    });
    connect(m_worker, &QThread::finished, this, [this, found, name] {
        m_worker->deleteLater();
        m_worker = nullptr;
        setBusy({});
        bool stored = false;
        if (!found->has_value() || !**found) {
            if (found->has_value())
                showError(this, tr("No landmarks could be suggested."), (**found).error());
        } else if (auto saved = m_project->project->setLandmarks(name, (**found)->landmarks, studies::LandmarkSource::Auto);
                   !saved) {
            showError(this, tr("The suggested landmarks cannot be stored."), saved.error());
        } else {
            stored = true;
            m_status->setText(tr("Suggested for %1: %2. Check each point.").arg(name, QString::fromStdString((**found)->summary)));
            m_volumeName.clear(); // reload with the new points
            refresh();
            selectVolume(name);
            Q_EMIT volumesChanged();
        }
        Q_EMIT suggestionFinished(stored);
    });
    m_worker->start();
}

} // namespace tr::gui
