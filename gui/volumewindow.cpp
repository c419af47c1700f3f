#include "gui/volumewindow.h"

#include "core/io/volumereader.h"
#include "gui/aboutdialog.h"
#include "gui/errordialog.h"
#include "gui/sliceview.h"

#include <QActionGroup>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

#include <algorithm>

namespace tr::gui {

VolumeWindow::VolumeWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_view(new SliceView(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Turing Reader"));
    setCentralWidget(m_view);
    statusBar()->addWidget(m_status, 1);
    buildMenus();
    connect(m_view, &SliceView::sliceStepRequested, this, &VolumeWindow::stepSlice);
    resize(900, 960);
}

void VolumeWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Volume…"), this, &VolumeWindow::openVolumeDialog);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto* conventions = new QActionGroup(this);
    m_radiological = view->addAction(tr("&Radiological Convention (right on left)"));
    m_neurological = view->addAction(tr("&Neurological Convention (right on right)"));
    for (QAction* a : {m_radiological, m_neurological}) {
        a->setCheckable(true);
        conventions->addAction(a);
    }
    m_radiological->setChecked(true);
    connect(m_radiological, &QAction::triggered, this,
        [this] { setConvention(core::DisplayConvention::Radiological); });
    connect(m_neurological, &QAction::triggered, this,
        [this] { setConvention(core::DisplayConvention::Neurological); });
    view->addSeparator();
    view->addAction(tr("Centre Slice"), QKeySequence(Qt::Key_Home), this, [this] {
        if (m_volume)
            showAxialSlice(core::centreAxialIndex(*m_volume));
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Turing Reader"), this, [this] { showAboutDialog(this); });
}

core::Result<void> VolumeWindow::openVolume(const QString& path)
{
    auto volume = core::io::readVolume(path.toStdString());
    if (!volume)
        return volume.error();
    m_volume = std::move(volume).value();
    // One window for the whole volume, so brightness does not jump between slices.
    m_window = core::percentileWindow(m_volume->voxels);
    m_path = path;
    setWindowTitle(tr("%1 — Turing Reader").arg(QFileInfo(path).fileName()));
    showAxialSlice(core::centreAxialIndex(*m_volume));
    return {};
}

void VolumeWindow::showPlaceholder(const QString& message)
{
    m_view->clear(message);
    m_status->setText(tr("No volume open"));
}

void VolumeWindow::setConvention(core::DisplayConvention convention)
{
    m_convention = convention;
    (convention == core::DisplayConvention::Radiological ? m_radiological : m_neurological)->setChecked(true);
    if (m_slice)
        showAxialSlice(*m_slice);
}

void VolumeWindow::showAxialSlice(std::size_t k)
{
    if (!m_volume)
        return;
    auto slice = core::axialSlice(*m_volume, k, m_convention);
    if (!slice) {
        showError(this, tr("Cannot show this slice"), slice.error());
        return;
    }
    m_slice = k;
    m_view->setSlice(*slice, m_window, m_convention);
    updateStatus();
}

void VolumeWindow::stepSlice(int steps)
{
    if (!m_volume || !m_slice)
        return;
    const auto last = static_cast<long long>(m_volume->size[2]) - 1;
    const auto next = std::clamp(static_cast<long long>(*m_slice) + steps, 0LL, last);
    showAxialSlice(static_cast<std::size_t>(next));
}

void VolumeWindow::openVolumeDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Volume"), QFileInfo(m_path).path(),
        tr("Volumes (*.nii *.nii.gz *.mha *.mhd *.nrrd);;All files (*)"));
    if (path.isEmpty())
        return;
    if (auto opened = openVolume(path); !opened)
        showError(this, tr("Cannot open the volume"), opened.error());
}

void VolumeWindow::updateStatus()
{
    const auto& v = *m_volume;
    m_status->setText(tr("%1   %2 × %3 × %4 voxels, %5 × %6 × %7 mm   axial %8 of %9 (↑/↓, wheel)")
            .arg(QFileInfo(m_path).fileName())
            .arg(v.size[0]).arg(v.size[1]).arg(v.size[2])
            .arg(v.spacing[0], 0, 'f', 2).arg(v.spacing[1], 0, 'f', 2).arg(v.spacing[2], 0, 'f', 2)
            .arg(*m_slice + 1).arg(v.size[2]));
}

} // namespace tr::gui
