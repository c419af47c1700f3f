#pragma once
// Training a generator from the project's scans, off the GUI thread: the
// paper's settings as defaults (every one editable), progress with the ETA,
// the discriminator's and the generator's losses as they come, the sample grid
// after each epoch, and pause / resume / stop. Pausing and stopping both
// finish the step in hand and write the checkpoint; a paused run resumes in
// place, and any run resumes later from its checkpoint file, exactly
// (model/trainingrun.h). The finished model file is announced by modelReady().

#include "model/dcganoptions.h"
#include "model/trainingrun.h"

#include <QWidget>

#include <atomic>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QThread;
class QChartView;
class QLineSeries;

namespace tr::gui {

struct OpenProject;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    enum class State { Idle, Preparing, Training, Paused, Stopped, Finished, Failed };

    explicit TrainingPanel(QWidget* parent = nullptr);
    ~TrainingPanel() override; // stops a run at its next step and waits

    void setProject(OpenProject* project);
    void refreshVolumes();

    // The form, for scripts and tests.
    void setVolumes(const QStringList& pseudonyms); // checks these, unchecks the rest
    model::TrainingSettings settings() const;       // from the form
    void setSettings(const model::TrainingSettings& settings, std::int64_t imagesPerEpoch);
    void setModelPath(const QString& path);
    // Fills the form with a preset (model/trainingpreset.h); false for an unknown name.
    bool choosePreset(const QString& name);
    QString presetName() const; // "custom" once a value differs from the chosen preset

    void start();                               // a new run
    void pause();
    void resume();                              // the paused run, or from a checkpoint file
    void resumeFrom(const QString& checkpoint);
    void stop();
    State state() const { return m_state; }
    QString statusText() const;
    int lossPoints() const;                     // points in the loss chart (each series)
    QString lastSampleGrid() const { return m_lastSample; }

Q_SIGNALS:
    void stateChanged(tr::gui::TrainingPanel::State state);
    void progressed(int step);
    void modelReady(const QString& path);

private:
    void run(std::optional<QString> resumeFrom);
    model::DcganOptions formOptions() const;
    void showOptions(const model::DcganOptions& options, int epochs);
    void syncPreset();
    void setState(State state, const QString& text = {});
    void onProgress(const model::TrainingProgress& p);
    void showSample(int epoch);

    OpenProject* m_project = nullptr;
    QListWidget* m_volumes = nullptr;
    QComboBox* m_preset = nullptr;      // recommended, paper, or "custom" once a value is changed
    QLabel* m_presetLine = nullptr;
    QComboBox* m_resolution = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_imagesPerEpoch = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QDoubleSpinBox* m_modeSeeking = nullptr;
    QLineEdit* m_seed = nullptr;
    QComboBox* m_device = nullptr;
    QLineEdit* m_out = nullptr;
    // The rest of the CLI's 'train' options, behind "More settings".
    QCheckBox* m_firstLayerBn = nullptr;
    QDoubleSpinBox* m_realLabel = nullptr;
    QSpinBox* m_checkpointEvery = nullptr;
    QCheckBox* m_epochCheckpoints = nullptr;
    QSpinBox* m_threads = nullptr;
    QDoubleSpinBox* m_minutes = nullptr;
    QComboBox* m_upsampling = nullptr;
    QDoubleSpinBox* m_ema = nullptr;
    QCheckBox* m_diffAugment = nullptr;
    QDoubleSpinBox* m_r1 = nullptr;
    QSpinBox* m_r1Every = nullptr;
    QCheckBox* m_bfloat16 = nullptr;
    QSpinBox* m_generatorWidth = nullptr;
    QSpinBox* m_discriminatorWidth = nullptr;
    bool m_applyingPreset = false;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_stop = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QChartView* m_chart = nullptr;
    QLineSeries* m_dLoss = nullptr;
    QLineSeries* m_gLoss = nullptr;
    QLabel* m_sample = nullptr;
    QString m_lastSample;

    State m_state = State::Idle;
    QThread* m_worker = nullptr;
    std::atomic<bool> m_stopFlag{false};
    bool m_pausing = false;
    model::TrainingSettings m_running; // the settings of the run in hand
    int m_shownEpoch = 0;
};

} // namespace tr::gui
