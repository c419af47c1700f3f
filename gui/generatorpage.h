#pragma once
// The coordinator's generators and image pools: training a generator
// (TrainingPanel), the generator in use (the embedded default, one trained
// here, or a model file loaded, with what its file says of it), a gallery of
// images it makes (a look only: nothing shown here enters a study), and the
// pools studies draw from: real slices of the grid over the ready scans, and
// created images of the chosen generator, both drawn by seed in a worker
// thread. Created images reach readers only as a study draws them; the
// coordinator may take a broken one out of a pool that no study uses yet, with
// a reason that is kept and counted in every report of the pool's studies.
// Its realism tab measures the generator in use before any reader sees it
// (studies/generatorrealism.h) and shows the report kept for it.

#include "core/createdimagesource.h"
#include "core/result.h"

#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;

namespace tr::studies {
struct RealismRequest;
}

namespace tr::gui {

struct OpenProject;
class TrainingPanel;

class GeneratorPage : public QWidget {
    Q_OBJECT
public:
    explicit GeneratorPage(QWidget* parent = nullptr);
    ~GeneratorPage() override;

    void setProject(OpenProject* project);
    void refresh();

    // The generator in use: "default" or a model file. Errors name the file.
    core::Result<void> useModel(const QString& model);
    QString currentModel() const;
    QString modelInfoText() const;
    // A look at `count` images of the generator (seeded); none is stored.
    core::Result<void> showGallery(int count, quint64 seed);
    // A pool's images in the gallery, discarded ones marked with their reason.
    core::Result<void> showPool(const QString& pool);
    // Takes one image out of a pool (studies::discardImage), then shows the pool again.
    core::Result<void> discard(const QString& pool, int position, const QString& reason);
    // Pools, made in a worker thread; jobFinished() follows.
    void makeRealPool(const QString& name, int count, quint64 seed, int resolution);
    // `source` empty: the generator in use; else a TorchScript module or a
    // model file (core/createdimagesource.h).
    void makeCreatedPool(const QString& name, int count, quint64 seed, const QString& source = {});
    // Every usable image of a folder as a created pool (studies/imagefolder.h);
    // what was refused, by file, is shown when the job ends and kept in lastRefusals().
    void importFolderPool(const QString& name, const QString& folder, quint64 seed);
    const QStringList& lastRefusals() const { return m_lastRefusals; }
    // Files for work elsewhere, written in a worker thread; jobFinished() follows.
    // The generator's images as PNGs with a manifest (the CLI's 'generate'):
    void saveImages(const QString& folder, int count, quint64 seed);
    // A scan's training images, all of the grid or `count` drawn by seed (the CLI's 'augment'):
    void exportTrainingImages(const QString& volume, const QString& folder, int count, int resolution);
    // Every ready scan, normalised and aligned, as one file to train from on a GPU server ('prepare'):
    void writeTrainingData(const QString& file, int resolution);
    // The realism report of the generator in use on the project's ready scans,
    // in a worker thread with progress; jobFinished() follows, and the report
    // is shown and kept in the project. stopRealism() stops it between steps.
    void startRealismReport(const studies::RealismRequest& request);
    void stopRealism();
    // The report shown: the newest kept for the generator in use.
    QString realismText() const;
    bool busy() const { return m_worker != nullptr; }

    TrainingPanel* training() const { return m_training; }
    QListWidget* gallery() const { return m_gallery; }
    QTableWidget* poolTable() const { return m_pools; }

Q_SIGNALS:
    void jobFinished(bool done, const QString& message);

private:
    void runJob(const QString& what, std::function<core::Result<QString>(const QString& projectPath)> job);
    void saveImagesDialog();
    void exportDialog();
    void dataFileDialog();
    void realPoolDialog();
    void createdPoolDialog();
    void torchScriptPoolDialog();
    void folderPoolDialog();
    void discardDialog();
    void showRealism();
    void setBusy(bool busy);

    OpenProject* m_project = nullptr;
    TrainingPanel* m_training = nullptr;
    QComboBox* m_model = nullptr;
    QLabel* m_modelInfo = nullptr;
    QListWidget* m_gallery = nullptr;
    QSpinBox* m_gallerySeed = nullptr;
    QTableWidget* m_pools = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_newReal = nullptr;
    QPushButton* m_newCreated = nullptr;
    QPushButton* m_newFromModule = nullptr;
    QPushButton* m_importFolder = nullptr;
    QStringList m_lastRefusals;
    QPushButton* m_discard = nullptr;
    QPlainTextEdit* m_realismText = nullptr;
    QLabel* m_realismSheet = nullptr;
    QProgressBar* m_realismProgress = nullptr;
    QPushButton* m_evaluate = nullptr;
    QPushButton* m_stopEvaluation = nullptr;
    QSpinBox* m_realCount = nullptr;
    QSpinBox* m_createdCount = nullptr;
    QCheckBox* m_observer = nullptr;
    std::atomic<bool> m_stopRequested{false};
    QString m_shownPool; // the pool in the gallery; empty: the generator's own images
    QThread* m_worker = nullptr;
    std::unique_ptr<core::CreatedImageSource> m_loaded; // the generator in use, loaded once for the gallery
};

} // namespace tr::gui
