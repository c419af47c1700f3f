#include "gui/trainingpanel.h"
#include "core/guarded.h"

#include "gui/openproject.h"
#include "model/dcgantrainer.h"
#include "model/modelfile.h"
#include "model/runtimeinfo.h"
#include "model/trainingpreset.h"
#include "studies/study.h"
#include "studies/trainingdatapreparer.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QStyle>
#include <QSpinBox>
#include <QThread>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tr::gui {

namespace {

constexpr int kMaxChartPoints = 4000; // then every second point goes: the curve's shape stays

QString duration(double seconds)
{
    const auto s = qint64(std::max(0.0, seconds));
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// 1, 2 or 5 times a power of ten, at least `rough` and at least 1.
double niceStep(double rough)
{
    double step = 1;
    while (step < rough)
        for (double f : {2.0, 2.5, 2.0}) // 1 -> 2 -> 5 -> 10 -> 20 ...
            if (step < rough)
                step *= f;
    return step;
}

QSpinBox* spin(int low, int high, int value)
{
    auto* box = new QSpinBox;
    box->setRange(low, high);
    box->setValue(value);
    return box;
}

} // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent)
{
    const model::DcganOptions& defaults = model::recommendedPreset().options;
    const model::TrainingSettings runDefaults;
    m_preset = new QComboBox;
    m_preset->setObjectName(QStringLiteral("preset"));
    for (const auto& p : model::trainingPresets())
        m_preset->addItem(QString::fromStdString(p.name), QString::fromStdString(p.name));
    m_preset->addItem(tr("custom"), QStringLiteral("custom"));
    m_presetLine = new QLabel;
    m_presetLine->setObjectName(QStringLiteral("preset-line"));
    m_presetLine->setWordWrap(true);
    m_volumes = new QListWidget;
    m_volumes->setObjectName(QStringLiteral("volumes"));
    m_volumes->setMaximumHeight(90);
    m_resolution = new QComboBox;
    for (int side : {64, 128, 256})
        m_resolution->addItem(QStringLiteral("%1 \u00d7 %1").arg(side), side);
    m_epochs = spin(1, 1000, runDefaults.epochs);
    m_imagesPerEpoch = spin(0, 100000000, 0);
    m_imagesPerEpoch->setSpecialValueText(tr("all (48,510 a volume)"));
    m_batch = spin(2, 1024, defaults.batchSize);
    m_learningRate = new QDoubleSpinBox;
    m_learningRate->setDecimals(6);
    m_learningRate->setRange(1e-6, 1.0);
    m_learningRate->setSingleStep(1e-4);
    m_modeSeeking = new QDoubleSpinBox;
    m_modeSeeking->setRange(0, 100);
    m_minutes = new QDoubleSpinBox;
    m_minutes->setObjectName(QStringLiteral("minutes"));
    m_minutes->setRange(0, 60.0 * 24 * 30);
    m_minutes->setDecimals(0);
    m_minutes->setSpecialValueText(tr("none (all epochs)"));
    m_minutes->setSuffix(tr(" min"));
    m_minutes->setToolTip(tr("Stop after this much training and write the model: for a night's run, or to compare "
                             "recipes at equal CPU time."));
    m_upsampling = new QComboBox;
    m_upsampling->setObjectName(QStringLiteral("upsampling"));
    m_upsampling->addItem(tr("transposed convolutions (the paper)"), QStringLiteral("transposed"));
    m_upsampling->addItem(tr("resize, then convolve (no checkerboard)"), QStringLiteral("resize-convolution"));
    m_ema = new QDoubleSpinBox;
    m_ema->setObjectName(QStringLiteral("ema"));
    m_ema->setDecimals(4);
    m_ema->setRange(0.0, 0.9999);
    m_ema->setSingleStep(0.001);
    m_ema->setSpecialValueText(tr("off"));
    m_ema->setToolTip(tr("Generate with a moving average of the generator's weights (0.999: a half-life of ~700 "
                         "steps)."));
    m_diffAugment = new QCheckBox(tr("DiffAugment: augment every image the discriminator sees (Zhao et al. 2020)"));
    m_diffAugment->setObjectName(QStringLiteral("diffaugment"));
    m_r1 = new QDoubleSpinBox;
    m_r1->setObjectName(QStringLiteral("r1"));
    m_r1->setDecimals(3);
    m_r1->setRange(0.0, 1000.0);
    m_r1->setSpecialValueText(tr("off"));
    m_r1Every = spin(1, 64, defaults.r1Interval);
    m_bfloat16 = new QCheckBox(tr("bfloat16 autocast (CPUs with AVX512-BF16 or AMX)"));
    m_bfloat16->setObjectName(QStringLiteral("bf16"));
    m_generatorWidth = spin(1, 1024, defaults.generatorWidth);
    m_discriminatorWidth = spin(1, 1024, defaults.discriminatorWidth);
    m_seed = new QLineEdit(QString::number(QRandomGenerator::system()->bounded(1, 1000000)));
    m_device = new QComboBox;
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    if (model::runtimeInfo().cudaAvailable)
        m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    m_out = new QLineEdit;
    m_out->setObjectName(QStringLiteral("model-file"));
    auto* browse = new QPushButton(tr("\u2026"));
    auto* outRow = new QHBoxLayout;
    outRow->addWidget(m_out, 1);
    outRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(tr("Recipe:"), m_preset);
    form->addRow(QString(), m_presetLine);
    form->addRow(tr("Scans (with all four landmarks):"), m_volumes);
    form->addRow(tr("Image size:"), m_resolution);
    auto* epochsRow = new QHBoxLayout;
    epochsRow->addWidget(m_epochs, 1);
    epochsRow->addWidget(new QLabel(tr("Time limit:")));
    epochsRow->addWidget(m_minutes, 1);
    form->addRow(tr("Epochs:"), epochsRow);
    form->addRow(tr("Images per epoch:"), m_imagesPerEpoch);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("Learning rate (Adam):"), m_learningRate);
    form->addRow(tr("Mode-seeking weight:"), m_modeSeeking);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Device:"), m_device);
    form->addRow(tr("Model file:"), outRow);
    m_firstLayerBn = new QCheckBox(tr("Batch norm on the discriminator's first layer (the paper; DCGAN has none)"));
    m_realLabel = new QDoubleSpinBox;
    m_realLabel->setRange(0.5, 1.0);
    m_realLabel->setSingleStep(0.05);
    m_realLabel->setToolTip(tr("1 is the paper's; 0.9 is one-sided label smoothing"));
    m_checkpointEvery = spin(0, 1000000, int(runDefaults.checkpointEverySteps));
    m_checkpointEvery->setSpecialValueText(tr("epoch ends only"));
    m_epochCheckpoints = new QCheckBox(tr("Keep each epoch's checkpoint as its own file"));
    m_epochCheckpoints->setChecked(runDefaults.keepEpochCheckpoints);
    m_threads = spin(0, 256, 0);
    m_threads->setSpecialValueText(tr("all cores"));
    auto* more = new QWidget;
    auto* moreForm = new QFormLayout(more);
    moreForm->setContentsMargins(0, 0, 0, 0);
    moreForm->addRow(tr("Upsampling:"), m_upsampling);
    moreForm->addRow(tr("Weights' moving average:"), m_ema);
    moreForm->addRow(QString(), m_diffAugment);
    moreForm->addRow(tr("R1 penalty weight:"), m_r1);
    moreForm->addRow(tr("R1 every (steps):"), m_r1Every);
    moreForm->addRow(QString(), m_bfloat16);
    moreForm->addRow(tr("Generator width:"), m_generatorWidth);
    moreForm->addRow(tr("Discriminator width:"), m_discriminatorWidth);
    moreForm->addRow(QString(), m_firstLayerBn);
    moreForm->addRow(tr("Real label:"), m_realLabel);
    moreForm->addRow(tr("Checkpoint every (steps):"), m_checkpointEvery);
    moreForm->addRow(QString(), m_epochCheckpoints);
    moreForm->addRow(tr("CPU threads:"), m_threads);
    more->setVisible(false);
    auto* showMore = new QCheckBox(tr("More settings"));
    connect(showMore, &QCheckBox::toggled, more, &QWidget::setVisible);
    form->addRow(QString(), showMore);
    form->addRow(more);
    m_modeSeeking->setToolTip(tr("0 is the paper's loss. On aligned slices it collapsed to one image here within a "
                                 "few hundred steps; 1 kept the images varied (see the default model's provenance)."));
    m_imagesPerEpoch->setToolTip(tr("A cap for quick runs; the paper used every image of the grid."));

    // The form starts as the recommended preset. Choosing a preset fills the
    // form; changing any value shows "custom", or the preset it now equals.
    choosePreset(QString::fromStdString(model::recommendedPreset().name));
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_applyingPreset)
            choosePreset(m_preset->currentData().toString());
    });
    for (QSpinBox* box : {m_epochs, m_batch, m_r1Every, m_generatorWidth, m_discriminatorWidth})
        connect(box, &QSpinBox::valueChanged, this, &TrainingPanel::syncPreset);
    for (QDoubleSpinBox* box : {m_learningRate, m_modeSeeking, m_ema, m_r1, m_realLabel})
        connect(box, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::syncPreset);
    for (QComboBox* box : {m_resolution, m_upsampling})
        connect(box, &QComboBox::currentIndexChanged, this, &TrainingPanel::syncPreset);
    for (QCheckBox* box : {m_diffAugment, m_bfloat16, m_firstLayerBn})
        connect(box, &QCheckBox::toggled, this, &TrainingPanel::syncPreset);

    m_start = new QPushButton(tr("Start training"));
    m_pause = new QPushButton(tr("Pause"));
    m_resume = new QPushButton(tr("Resume"));
    m_stop = new QPushButton(tr("Stop"));
    auto* resumeFile = new QPushButton(tr("Resume from a checkpoint\u2026"));
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_start, m_pause, m_resume, m_stop, resumeFile})
        buttons->addWidget(b);
    buttons->addStretch();
    m_progress = new QProgressBar;
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);

    auto* chart = new QChart;
    chart->setTitle(tr("Losses per step"));
    m_dLoss = new QLineSeries;
    m_dLoss->setName(tr("discriminator"));
    m_gLoss = new QLineSeries;
    m_gLoss->setName(tr("generator"));
    chart->addSeries(m_dLoss);
    chart->addSeries(m_gLoss);
    auto* x = new QValueAxis;
    x->setTitleText(tr("step"));
    x->setLabelFormat(QStringLiteral("%d"));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(1);
    auto* y = new QValueAxis;
    y->setTitleText(tr("loss"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries* s : {m_dLoss, m_gLoss}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart = new QChartView(chart);
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(200);
    m_sample = new QLabel(tr("The sample grid appears after each epoch."));
    m_sample->setAlignment(Qt::AlignCenter);
    m_sample->setMinimumSize(180, 180);

    // The settings scroll when the window is short (a 1366 x 768 laptop with
    // "More settings" open); the buttons and progress always show.
    auto* settingsWidget = new QWidget;
    settingsWidget->setLayout(form);
    auto* settingsScroll = new QScrollArea;
    settingsScroll->setObjectName(QStringLiteral("training-settings"));
    settingsScroll->setWidget(settingsWidget);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setMinimumHeight(240);
    // Never narrower than the form with "More settings" open (a hidden row
    // does not count in the form's hint, so that row is measured on its own),
    // so that nothing is cut at the right and it never scrolls sideways.
    const QMargins margins = form->contentsMargins();
    const int formWidth = std::max(settingsWidget->minimumSizeHint().width(),
        more->minimumSizeHint().width() + margins.left() + margins.right());
    settingsScroll->setMinimumWidth(formWidth + settingsScroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent)
        + 2 * settingsScroll->frameWidth());
    settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* left = new QVBoxLayout;
    left->addWidget(settingsScroll, 1);
    left->addLayout(buttons);
    left->addWidget(m_progress);
    left->addWidget(m_status);
    auto* right = new QVBoxLayout;
    right->addWidget(m_chart, 1);
    right->addWidget(m_sample, 1);
    auto* row = new QHBoxLayout(this);
    row->addLayout(left, 2);
    row->addLayout(right, 3);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Model file"), m_out->text(), tr("Models (*.trmodel)"));
        if (!path.isEmpty())
            setModelPath(path);
    });
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::start);
    connect(m_pause, &QPushButton::clicked, this, &TrainingPanel::pause);
    connect(m_resume, &QPushButton::clicked, this, &TrainingPanel::resume);
    connect(m_stop, &QPushButton::clicked, this, &TrainingPanel::stop);
    connect(resumeFile, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Resume from a checkpoint"), QString(),
            tr("Checkpoints (*.checkpoint)"));
        if (!path.isEmpty())
            resumeFrom(path);
    });
    setState(State::Idle);
}

TrainingPanel::~TrainingPanel()
{
    m_stopFlag = true;
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void TrainingPanel::setProject(OpenProject* project)
{
    m_stopFlag = true;
    if (m_worker) {
        m_worker->wait(); // the preparation's connection closes before the project's
        QCoreApplication::sendPostedEvents(this);
    }
    m_project = project;
    if (project && m_out->text().isEmpty())
        setModelPath(QFileInfo(project->project->path()).absolutePath() + QStringLiteral("/generator.trmodel"));
    refreshVolumes();
}

void TrainingPanel::refreshVolumes()
{
    m_volumes->clear();
    if (!m_project)
        return;
    if (auto all = m_project->project->volumes())
        for (const auto& v : *all)
            if (v.landmarks.complete()) {
                auto* item = new QListWidgetItem(v.pseudonym, m_volumes);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                item->setCheckState(Qt::Checked);
            }
}

void TrainingPanel::setVolumes(const QStringList& pseudonyms)
{
    for (int i = 0; i < m_volumes->count(); ++i)
        m_volumes->item(i)->setCheckState(pseudonyms.contains(m_volumes->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

void TrainingPanel::setModelPath(const QString& path) { m_out->setText(path); }

model::TrainingSettings TrainingPanel::settings() const
{
    model::TrainingSettings s;
    s.options = formOptions();
    s.maxSeconds = m_minutes->value() * 60.0;
    s.checkpointEverySteps = m_checkpointEvery->value();
    s.keepEpochCheckpoints = m_epochCheckpoints->isChecked();
    s.epochs = m_epochs->value();
    s.imagesPerEpoch = m_imagesPerEpoch->value();
    s.seed = m_seed->text().toULongLong();
    s.device = m_device->currentData().toString().toStdString();
    const std::string path = m_out->text().toStdString();
    s.checkpoint = path + ".checkpoint";
    s.samplesDir = path + ".samples";
    return s;
}

model::DcganOptions TrainingPanel::formOptions() const
{
    model::DcganOptions o; // the values the form does not show (latent size, kernel, ...) are the paper's
    o.resolution = m_resolution->currentData().toInt();
    o.batchSize = m_batch->value();
    o.learningRate = m_learningRate->value();
    o.modeSeekingWeight = m_modeSeeking->value();
    o.discriminatorFirstLayerBatchNorm = m_firstLayerBn->isChecked();
    o.realLabel = m_realLabel->value();
    o.upsampling = model::upsamplingFromName(m_upsampling->currentData().toString().toStdString())
                       .value_or(model::DcganOptions::Upsampling::Transposed);
    o.emaDecay = m_ema->value();
    o.diffAugment = m_diffAugment->isChecked();
    o.r1Weight = m_r1->value();
    o.r1Interval = m_r1Every->value();
    o.bfloat16 = m_bfloat16->isChecked();
    o.generatorWidth = m_generatorWidth->value();
    o.discriminatorWidth = m_discriminatorWidth->value();
    return o;
}

void TrainingPanel::showOptions(const model::DcganOptions& o, int epochs)
{
    const bool was = m_applyingPreset;
    m_applyingPreset = true;
    m_resolution->setCurrentIndex(m_resolution->findData(o.resolution));
    m_batch->setValue(o.batchSize);
    m_learningRate->setValue(o.learningRate);
    m_modeSeeking->setValue(o.modeSeekingWeight);
    m_firstLayerBn->setChecked(o.discriminatorFirstLayerBatchNorm);
    m_realLabel->setValue(o.realLabel);
    m_upsampling->setCurrentIndex(m_upsampling->findData(QString::fromLatin1(model::upsamplingName(o.upsampling))));
    m_ema->setValue(o.emaDecay);
    m_diffAugment->setChecked(o.diffAugment);
    m_r1->setValue(o.r1Weight);
    m_r1Every->setValue(o.r1Interval);
    m_bfloat16->setChecked(o.bfloat16);
    m_generatorWidth->setValue(o.generatorWidth);
    m_discriminatorWidth->setValue(o.discriminatorWidth);
    m_epochs->setValue(epochs);
    m_applyingPreset = was;
    syncPreset();
}

bool TrainingPanel::choosePreset(const QString& name)
{
    const auto preset = model::trainingPreset(name.toStdString());
    if (!preset) {
        syncPreset(); // "custom" keeps the form as it is
        return name == QLatin1String("custom");
    }
    showOptions(preset->options, preset->epochs);
    return true;
}

void TrainingPanel::syncPreset()
{
    if (m_applyingPreset)
        return;
    const model::DcganOptions o = formOptions();
    QString name = QStringLiteral("custom");
    QString line = tr("Your own values; choose a recipe to start again from one.");
    for (const auto& p : model::trainingPresets())
        if (p.options == o && p.epochs == m_epochs->value()) {
            name = QString::fromStdString(p.name);
            line = QString::fromStdString(p.line);
        }
    m_applyingPreset = true;
    m_preset->setCurrentIndex(m_preset->findData(name));
    m_applyingPreset = false;
    m_presetLine->setText(line);
}

QString TrainingPanel::presetName() const { return m_preset->currentData().toString(); }

void TrainingPanel::setSettings(const model::TrainingSettings& s, std::int64_t imagesPerEpoch)
{
    m_checkpointEvery->setValue(int(s.checkpointEverySteps));
    m_epochCheckpoints->setChecked(s.keepEpochCheckpoints);
    m_imagesPerEpoch->setValue(int(imagesPerEpoch));
    m_seed->setText(QString::number(s.seed));
    m_minutes->setValue(s.maxSeconds / 60.0);
    showOptions(s.options, s.epochs);
}

QString TrainingPanel::statusText() const { return m_status->text(); }
int TrainingPanel::lossPoints() const { return int(m_dLoss->count()); }

void TrainingPanel::setState(State state, const QString& text)
{
    m_state = state;
    const bool working = state == State::Preparing || state == State::Training;
    m_start->setEnabled(!working && state != State::Paused && m_project);
    m_pause->setEnabled(state == State::Training);
    m_resume->setEnabled(state == State::Paused);
    m_stop->setEnabled(working || state == State::Paused);
    for (QWidget* w : std::initializer_list<QWidget*>{m_preset, m_volumes, m_resolution, m_epochs, m_imagesPerEpoch,
             m_batch, m_learningRate, m_modeSeeking, m_seed, m_device, m_out, m_firstLayerBn, m_realLabel,
             m_checkpointEvery, m_epochCheckpoints, m_threads, m_minutes, m_upsampling, m_ema, m_diffAugment, m_r1,
             m_r1Every, m_bfloat16, m_generatorWidth, m_discriminatorWidth})
        w->setEnabled(!working && state != State::Paused);
    if (!text.isEmpty())
        m_status->setText(text);
    Q_EMIT stateChanged(state);
}

void TrainingPanel::start()
{
    m_dLoss->clear();
    m_gLoss->clear();
    m_shownEpoch = 0;
    m_lastSample.clear();
    m_sample->setText(tr("The sample grid appears after each epoch."));
    run(std::nullopt);
}

void TrainingPanel::pause()
{
    if (m_state != State::Training)
        return;
    m_pausing = true;
    m_stopFlag = true;
    m_status->setText(tr("Pausing after this step (the checkpoint is being written)\u2026"));
}

void TrainingPanel::stop()
{
    if (m_state == State::Paused) {
        setState(State::Stopped, tr("Stopped. The checkpoint %1 resumes this run at any time.")
                                     .arg(QString::fromStdString(m_running.checkpoint.string())));
        return;
    }
    m_pausing = false;
    m_stopFlag = true;
    m_status->setText(tr("Stopping after this step (the checkpoint is being written)\u2026"));
}

void TrainingPanel::resume()
{
    if (m_state == State::Paused)
        run(QString::fromStdString(m_running.checkpoint.string()));
}

void TrainingPanel::resumeFrom(const QString& checkpoint) { run(checkpoint); }

void TrainingPanel::run(std::optional<QString> resumeFrom)
{
    if (!m_project || m_worker)
        return;
    const bool continuing = resumeFrom && m_state == State::Paused;
    if (!continuing)
        m_running = settings();
    QStringList volumes;
    for (int i = 0; i < m_volumes->count(); ++i)
        if (m_volumes->item(i)->checkState() == Qt::Checked)
            volumes << m_volumes->item(i)->text();
    const std::string modelPath = m_out->text().toStdString();
    QString problem;
    if (const auto problems = m_running.options.problems(); !problems.empty())
        problem = QString::fromStdString(problems.front());
    else if (volumes.isEmpty())
        problem = tr("Choose at least one scan with all four landmarks (the scans page places them).");
    else if (modelPath.empty())
        problem = tr("Give the model file to write.");
    if (!problem.isEmpty()) {
        setState(State::Failed, problem);
        return;
    }
    QDir().mkpath(QString::fromStdString(m_running.samplesDir.string()));
    m_stopFlag = false;
    m_pausing = false;
    setState(State::Preparing, tr("Reading and normalising %n scan(s)\u2026", nullptr, int(volumes.size())));
    m_progress->setRange(0, 0);

    const QString projectPath = m_project->project->path();
    const model::TrainingSettings settings = m_running;
    std::optional<std::filesystem::path> resumePath;
    if (resumeFrom)
        resumePath = resumeFrom->toStdString();
    auto failure = std::make_shared<std::optional<core::Error>>();
    auto stopped = std::make_shared<bool>(false);
    const int threads = m_threads->value();
    m_worker = QThread::create([this, projectPath, volumes, settings, resumePath, modelPath, failure, stopped, threads] {
        const auto escaped = core::caught(modelPath, [&] {
            core::AugmentationGrid grid;
            grid.matrix = settings.options.resolution;
            core::Result<core::TrainingData> prepared = core::Error{};
            { // the connection is closed before training, which needs no database
                auto second = studies::Project::openSecondConnection(projectPath);
                if (!second) {
                    *failure = second.error();
                    return;
                }
                prepared = studies::prepareTrainingData(*second, volumes, grid);
            }
            if (!prepared) {
                *failure = prepared.error();
                return;
            }
            QMetaObject::invokeMethod(this, [this] { setState(State::Training, tr("Training\u2026")); }, Qt::QueuedConnection);
            model::configureCpuThreads(threads);
            auto outcome = model::runTraining(*prepared, settings, resumePath, [this](const model::TrainingProgress& p) {
                QMetaObject::invokeMethod(this, [this, p] { onProgress(p); }, Qt::QueuedConnection);
            }, m_stopFlag);
            if (!outcome) {
                *failure = outcome.error();
                return;
            }
            if (outcome->stopped) {
                *stopped = true;
                return;
            }
            const model::ModelInfo info = model::modelInfoOf(*prepared, settings, *outcome);
            if (auto saved = model::saveModel(modelPath, *outcome->trainer, info); !saved)
                *failure = saved.error();
        });
        if (escaped)
            *failure = *escaped;
    });
    connect(m_worker, &QThread::finished, this, [this, failure, stopped, modelPath] {
        m_worker->deleteLater();
        m_worker = nullptr;
        m_progress->setRange(0, 100);
        showSample(m_running.epochs); // the last epoch's grid, if written
        if (failure->has_value()) {
            setState(State::Failed, QString::fromStdString((*failure)->toString()));
        } else if (*stopped) {
            const QString checkpoint = QString::fromStdString(m_running.checkpoint.string());
            if (m_pausing)
                setState(State::Paused, tr("Paused; the checkpoint %1 is written. Resume continues exactly here.").arg(checkpoint));
            else
                setState(State::Stopped, tr("Stopped. The checkpoint %1 resumes this run at any time.").arg(checkpoint));
        } else {
            m_progress->setValue(100);
            if (m_project)
                (void)studies::logEvent(m_project->db(), QStringLiteral("generator trained"),
                    QStringLiteral("%1: %2 px, %3 epochs, seed %4")
                        .arg(QFileInfo(QString::fromStdString(modelPath)).fileName())
                        .arg(m_running.options.resolution)
                        .arg(m_running.epochs)
                        .arg(m_running.seed));
            setState(State::Finished, tr("Finished: %1").arg(QString::fromStdString(modelPath)));
            Q_EMIT modelReady(QString::fromStdString(modelPath));
        }
    });
    m_worker->start();
}

void TrainingPanel::onProgress(const model::TrainingProgress& p)
{
    const std::int64_t total = std::int64_t(p.epochs) * p.stepsPerEpoch;
    const std::int64_t done = std::int64_t(p.epoch - 1) * p.stepsPerEpoch + p.stepInEpoch;
    m_progress->setRange(0, 1000);
    m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
    if (!m_stopFlag)
        m_status->setText(tr("Epoch %1 of %2, step %3 of %4; %5 images/s; %6 left.  D %7, G %8, D(x) %9, D(G(z)) %10, spread %11")
                              .arg(p.epoch)
                              .arg(p.epochs)
                              .arg(p.stepInEpoch)
                              .arg(p.stepsPerEpoch)
                              .arg(p.imagesPerSecond, 0, 'f', 1)
                              .arg(duration(p.etaSeconds))
                              .arg(p.last.discriminatorLoss, 0, 'f', 3)
                              .arg(p.last.generatorLoss, 0, 'f', 3)
                              .arg(p.last.realScore, 0, 'f', 2)
                              .arg(p.last.fakeScore, 0, 'f', 2)
                              .arg(p.last.createdSpread, 0, 'f', 1));
    if (m_dLoss->count() >= kMaxChartPoints)
        for (QLineSeries* s : {m_dLoss, m_gLoss}) {
            QList<QPointF> kept;
            const auto points = s->points();
            for (qsizetype i = 0; i < points.size(); i += 2)
                kept << points[i];
            s->replace(kept);
        }
    m_dLoss->append(double(p.step), p.last.discriminatorLoss);
    m_gLoss->append(double(p.step), p.last.generatorLoss);
    auto* x = qobject_cast<QValueAxis*>(m_chart->chart()->axes(Qt::Horizontal).front());
    auto* y = qobject_cast<QValueAxis*>(m_chart->chart()->axes(Qt::Vertical).front());
    x->setRange(0, std::max(1.0, double(p.step)));
    x->setTickInterval(niceStep(double(p.step) / 5)); // whole steps: 1, 2, 5, 10, 20 ...
    y->setRange(0, std::max({y->max(), p.last.discriminatorLoss * 1.1, p.last.generatorLoss * 1.1, 1.0}));
    // The grid of the epoch before this one is on disk once this epoch runs.
    showSample(p.epoch - 1);
    Q_EMIT progressed(int(p.step));
}

void TrainingPanel::showSample(int epoch)
{
    if (epoch <= m_shownEpoch)
        return;
    const QString path = QStringLiteral("%1/epoch-%2.png")
                             .arg(QString::fromStdString(m_running.samplesDir.string()))
                             .arg(epoch, 3, 10, QLatin1Char('0'));
    const QPixmap grid(path);
    if (grid.isNull())
        return;
    m_shownEpoch = epoch;
    m_lastSample = path;
    m_sample->setPixmap(grid.scaled(m_sample->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
    m_sample->setToolTip(tr("Samples after epoch %1 (a fixed set of latent vectors)").arg(epoch));
}

} // namespace tr::gui
