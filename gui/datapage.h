#pragma once
// The coordinator's scans: import of DICOM folders and volume files (in a
// worker thread on a second connection, with progress, cancel and a report of
// every file: imported as which pseudonym, or skipped and why), the project's
// volumes (pseudonym, grid, spacing, source, landmark status) and, for the
// chosen one, its axial, coronal and sagittal sections with the four landmarks.
// A click places the chosen landmark (stored at once, as placed by hand) and
// brings the other two sections to it; "Suggest" registers Colin27 to the scan
// in a worker thread and stores the four points it finds as suggestions. A 3D
// view (Volume3DView) shows the head with the landmarks and the training set's
// section planes; the training-images tab shows the grid's extreme images
// (studies/trainingpreview.h) once all four landmarks are there.

#include "core/axialslice.h"
#include "core/intensitywindow.h"
#include "core/landmarks.h"
#include "core/orthogonalslice.h"
#include "core/volume.h"
#include "studies/volumeimporter.h"

#include <QWidget>

#include <array>
#include <atomic>
#include <memory>
#include <optional>

class QButtonGroup;
class QListWidget;
class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThread;

namespace tr::gui {

struct OpenProject;
class SliceView;
class Volume3DView;

class DataPage : public QWidget {
    Q_OBJECT
public:
    explicit DataPage(QWidget* parent = nullptr);
    ~DataPage() override; // cancels and waits for a running import or suggestion

    void setProject(OpenProject* project); // waits for running work first
    void refresh();

    // Starts an import in the background; importFinished() follows.
    void startImport(const QStringList& paths, bool biasCorrection);
    void cancelImport();
    bool busy() const { return m_worker != nullptr; }
    const std::vector<studies::ImportOutcome>& lastReport() const { return m_report; }

    void selectVolume(const QString& pseudonym);
    QString selectedVolume() const;
    void setActiveLandmark(core::Landmark landmark);
    // Places the active landmark at a pixel of a section (as a click does).
    void placeLandmark(core::SliceAxis axis, QPointF pixel);
    void suggestLandmarks(); // suggestionFinished() follows

    QTableWidget* volumeTable() const { return m_volumes; }
    QTableWidget* reportTable() const { return m_reportTable; }
    SliceView* view(core::SliceAxis axis) const { return m_views[std::size_t(axis)]; }
    Volume3DView* view3d() const { return m_3d; }
    QListWidget* previewList() const { return m_preview; }
    std::size_t sectionIndex(core::SliceAxis axis) const { return m_index[std::size_t(axis)]; }

Q_SIGNALS:
    void importFinished();
    void suggestionFinished(bool stored);
    void volumesChanged();

private:
    void chooseFiles();
    void chooseFolder();
    void showVolume();
    void showSections();
    void stepSection(core::SliceAxis axis, int steps);
    void goTo(const core::Vec3& lps);
    void updateLandmarkPanel();
    void updatePreview();
    void setBusy(const QString& what);

    OpenProject* m_project = nullptr;
    QTableWidget* m_volumes = nullptr;
    QTableWidget* m_reportTable = nullptr;
    std::array<SliceView*, 3> m_views{};
    Volume3DView* m_3d = nullptr;
    QListWidget* m_preview = nullptr;
    std::array<std::size_t, 3> m_index{};
    QPushButton* m_importFiles = nullptr;
    QPushButton* m_importFolder = nullptr;
    QCheckBox* m_n4 = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_status = nullptr;
    QButtonGroup* m_landmarkChoice = nullptr;
    std::array<QLabel*, 4> m_landmarkText{};
    QPushButton* m_suggest = nullptr;

    QString m_volumeName;
    std::optional<core::Volume> m_volume;
    core::IntensityWindow m_window;
    core::Landmarks m_landmarks;
    core::Landmark m_active = core::Landmark::AnteriorCommissure;
    std::vector<studies::ImportOutcome> m_report;
    QThread* m_worker = nullptr;
    std::atomic<bool> m_cancelFlag{false};
};

} // namespace tr::gui
