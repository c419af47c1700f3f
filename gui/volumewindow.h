#pragma once
// A volume file on its own (`turing-reader VOLUME`): axial slices in the
// radiological or neurological convention, for checking a scan before it is
// imported. The coordinator's workspace is CoordinatorWindow.

#include "core/axialslice.h"
#include "core/intensitywindow.h"
#include "core/result.h"
#include "core/volume.h"

#include <QMainWindow>
#include <QString>

#include <cstddef>
#include <optional>

class QAction;
class QLabel;

namespace tr::gui {

class SliceView;

class VolumeWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit VolumeWindow(QWidget* parent = nullptr);

    // Loads a volume and shows its centre axial slice. On failure the previous
    // volume stays on screen and the error is returned (not shown: callers
    // decide whether to show a dialog or print).
    core::Result<void> openVolume(const QString& path);

    void setConvention(core::DisplayConvention convention);
    void showAxialSlice(std::size_t k);

    SliceView* sliceView() const { return m_view; }
    std::optional<std::size_t> currentSlice() const { return m_slice; }
    const core::Volume* volume() const { return m_volume ? &*m_volume : nullptr; }
    QString volumePath() const { return m_path; }

    // Shown when no volume could be opened at start-up.
    void showPlaceholder(const QString& message);

private:
    void buildMenus();
    void openVolumeDialog();
    void stepSlice(int steps);
    void updateStatus();

    SliceView* m_view = nullptr;
    QLabel* m_status = nullptr;
    QAction* m_radiological = nullptr;
    QAction* m_neurological = nullptr;
    std::optional<core::Volume> m_volume;
    core::IntensityWindow m_window;
    std::optional<std::size_t> m_slice;
    core::DisplayConvention m_convention = core::DisplayConvention::Radiological;
    QString m_path;
};

} // namespace tr::gui
