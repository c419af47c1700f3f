#include "gui/generatorpage.h"
#include "core/guarded.h"

#include "gui/errordialog.h"
#include "gui/openproject.h"
#include "gui/recordtable.h"
#include "gui/trainingpanel.h"
#include "model/createdimagefiles.h"
#include "model/defaultmodel.h"
#include "model/generatorsource.h"
#include "model/modelfile.h"
#include "core/trainingdata.h"
#include "studies/createdimagesources.h"
#include "studies/generatorrealism.h"
#include "studies/imagefolder.h"
#include "studies/imagepool.h"
#include "studies/trainingdatapreparer.h"
#include "studies/trainingsetexporter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <memory>
#include <optional>

namespace tr::gui {

namespace {

const QString kDefault = QString::fromLatin1(model::kDefaultModelName);

// What the coordinator chose for a new pool. The dialog's widgets die with the
// dialog, so askPool() reads them while it lives and hands back plain values.
struct PoolChoice {
    QString name;
    int count = 0;
    quint64 seed = 0;
    int side = 0; // real slices only
};

std::optional<PoolChoice> askPool(QWidget* parent, const QString& title, const QString& note, const QString& name,
    bool askSide, bool askCount = true)
{
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("pool-dialog"));
    dialog.setWindowTitle(title);
    auto* nameEdit = new QLineEdit(name);
    nameEdit->setObjectName(QStringLiteral("name"));
    auto* count = new QSpinBox;
    count->setObjectName(QStringLiteral("count"));
    count->setRange(1, 100000);
    count->setValue(400);
    auto* seed = new QSpinBox;
    seed->setObjectName(QStringLiteral("seed"));
    seed->setRange(1, 1000000000);
    seed->setValue(1);
    auto* form = new QFormLayout;
    form->addRow(QObject::tr("Name:"), nameEdit);
    if (askCount)
        form->addRow(QObject::tr("Images:"), count);
    else
        count->hide();
    form->addRow(QObject::tr("Seed:"), seed);
    QComboBox* side = nullptr;
    if (askSide) {
        side = new QComboBox;
        side->setObjectName(QStringLiteral("side"));
        for (int s : {64, 128, 256})
            side->addItem(QStringLiteral("%1 \u00d7 %1").arg(s), s);
        form->addRow(QObject::tr("Image size:"), side);
    }
    auto* text = new QLabel(note);
    text->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* column = new QVBoxLayout(&dialog);
    column->addWidget(text);
    column->addLayout(form);
    column->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return PoolChoice{nameEdit->text().trimmed(), count->value(), quint64(seed->value()), side ? side->currentData().toInt() : 0};
}

} // namespace

GeneratorPage::GeneratorPage(QWidget* parent) : QWidget(parent)
{
    m_training = new TrainingPanel;
    auto* trainBox = new QGroupBox(tr("Train a generator"));
    auto* trainColumn = new QVBoxLayout(trainBox);
    trainColumn->addWidget(m_training);

    m_model = new QComboBox;
    m_model->setObjectName(QStringLiteral("model"));
    m_model->addItem(tr("the embedded default generator"), kDefault);
    auto* load = new QPushButton(tr("Load a generator\u2026"));
    m_modelInfo = new QLabel;
    m_modelInfo->setObjectName(QStringLiteral("model-info"));
    m_modelInfo->setWordWrap(true);
    m_modelInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A word-wrapped label in a column whose gallery takes the stretch gets one
    // line (QLabel's height-for-width is not asked for there): keep room for
    // the description and the integrity line (three lines: the page must still
    // fit a 1366 x 768 laptop, tst_workspaceflow).
    m_modelInfo->setMinimumHeight(m_modelInfo->fontMetrics().lineSpacing() * 3);
    m_modelInfo->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_gallerySeed = new QSpinBox;
    m_gallerySeed->setRange(1, 1000000);
    m_gallerySeed->setPrefix(tr("seed "));
    auto* look = new QPushButton(tr("Show 16 images"));
    m_gallery = new QListWidget;
    m_gallery->setObjectName(QStringLiteral("gallery"));
    m_gallery->setViewMode(QListView::IconMode);
    m_gallery->setIconSize(QSize(96, 96));
    m_gallery->setResizeMode(QListView::Adjust);
    m_gallery->setMovement(QListView::Static);
    m_gallery->setToolTip(tr("A look at what the generator makes; none of these is stored or shown to readers."));
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(new QLabel(tr("Generator:")));
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(load);
    modelRow->addWidget(m_gallerySeed);
    modelRow->addWidget(look);
    auto* modelBox = new QWidget;
    auto* modelColumn = new QVBoxLayout(modelBox);
    modelColumn->addLayout(modelRow);
    modelColumn->addWidget(m_modelInfo);
    modelColumn->addWidget(m_gallery, 1);

    m_pools = recordTable(QStringLiteral("pools"), {tr("Pool"), tr("Kind"), tr("Images"), tr("Size"), tr("Made from")});
    m_pools->setToolTip(tr("Double-click a pool to see its images below the generator."));
    m_newReal = new QPushButton(tr("New real pool\u2026"));
    m_newReal->setObjectName(QStringLiteral("new-real-pool"));
    m_newReal->setToolTip(tr("Real slices of the paper's grid over the scans with all four landmarks"));
    m_newCreated = new QPushButton(tr("New created pool\u2026"));
    m_newCreated->setObjectName(QStringLiteral("new-created-pool"));
    m_newCreated->setToolTip(tr("Images of the generator in use"));
    m_newFromModule = new QPushButton(tr("From a TorchScript generator…"));
    m_newFromModule->setObjectName(QStringLiteral("new-torchscript-pool"));
    m_newFromModule->setToolTip(tr("Images of a generator trained elsewhere and exported to TorchScript (README, "
                                   "“Bringing your own generator”)"));
    m_importFolder = new QPushButton(tr("Import an image folder…"));
    m_importFolder->setObjectName(QStringLiteral("import-folder-pool"));
    m_importFolder->setToolTip(tr("Created images written by any program: PNG, 2D NIfTI or DICOM, one image per file"));
    m_discard = new QPushButton(tr("Discard the selected image…"));
    m_discard->setToolTip(tr("Only in a pool no study draws from yet; the reason is kept and reported."));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    auto* poolButtons = new QHBoxLayout;
    poolButtons->addWidget(m_newReal);
    poolButtons->addWidget(m_newCreated);
    poolButtons->addWidget(m_newFromModule);
    poolButtons->addWidget(m_importFolder);
    poolButtons->addWidget(m_discard);
    poolButtons->addStretch();
    m_status->setWordWrap(true);
    auto* poolBox = new QWidget;
    auto* poolColumn = new QVBoxLayout(poolBox);
    poolColumn->addWidget(m_pools, 1);
    poolColumn->addLayout(poolButtons);
    poolColumn->addWidget(m_status);

    auto* saveImages = new QPushButton(tr("The generator's images to a folder…"));
    auto* exportSet = new QPushButton(tr("A scan's training images to a folder…"));
    auto* dataFile = new QPushButton(tr("A training-data file for a GPU server…"));
    dataFile->setToolTip(tr("Every scan with all four landmarks, normalised and aligned, in one file; "
                            "'turing-reader-cli train' reads it where no project is."));
    auto* filesBox = new QWidget;
    auto* filesColumn = new QVBoxLayout(filesBox);
    for (QPushButton* b : {saveImages, exportSet, dataFile})
        filesColumn->addWidget(b);
    filesColumn->addStretch();
    connect(saveImages, &QPushButton::clicked, this, &GeneratorPage::saveImagesDialog);
    connect(exportSet, &QPushButton::clicked, this, &GeneratorPage::exportDialog);
    connect(dataFile, &QPushButton::clicked, this, &GeneratorPage::dataFileDialog);

    // Realism: what a machine sees before radiologists spend their time.
    auto* realismNote = new QLabel(tr(
        "How realistic is the generator in use? A CNN and single-cue observers learn to tell its images from real "
        "slices of two thirds of the ready scans and are scored on the other third (0.5: they cannot tell); "
        "memorisation and diversity are measured against the real slices. The report is kept with the generator."));
    realismNote->setWordWrap(true);
    m_realCount = new QSpinBox;
    m_realCount->setObjectName(QStringLiteral("realism-real"));
    m_realCount->setRange(30, 100000);
    m_realCount->setValue(3000);
    m_createdCount = new QSpinBox;
    m_createdCount->setObjectName(QStringLiteral("realism-created"));
    m_createdCount->setRange(30, 100000);
    m_createdCount->setValue(3000);
    m_observer = new QCheckBox(tr("CNN observer (minutes)"));
    m_observer->setObjectName(QStringLiteral("realism-observer"));
    m_observer->setChecked(true);
    m_evaluate = new QPushButton(tr("Measure realism"));
    m_evaluate->setObjectName(QStringLiteral("realism-run"));
    m_stopEvaluation = new QPushButton(tr("Stop"));
    m_stopEvaluation->setEnabled(false);
    m_realismProgress = new QProgressBar;
    m_realismProgress->setObjectName(QStringLiteral("realism-progress"));
    m_realismProgress->setRange(0, 100);
    m_realismProgress->setValue(0);
    auto* realismRow = new QHBoxLayout;
    realismRow->addWidget(new QLabel(tr("Real slices:")));
    realismRow->addWidget(m_realCount);
    realismRow->addWidget(new QLabel(tr("Created images:")));
    realismRow->addWidget(m_createdCount);
    realismRow->addWidget(m_observer);
    realismRow->addWidget(m_evaluate);
    realismRow->addWidget(m_stopEvaluation);
    realismRow->addWidget(m_realismProgress, 1);
    m_realismText = new QPlainTextEdit;
    m_realismText->setObjectName(QStringLiteral("realism-report"));
    m_realismText->setReadOnly(true);
    m_realismText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_realismText->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_realismSheet = new QLabel;
    m_realismSheet->setObjectName(QStringLiteral("realism-sheet"));
    m_realismSheet->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto* sheetScroll = new QScrollArea;
    sheetScroll->setWidget(m_realismSheet);
    sheetScroll->setWidgetResizable(true);
    sheetScroll->setMinimumWidth(420);
    auto* realismSplit = new QSplitter(Qt::Horizontal);
    realismSplit->addWidget(m_realismText);
    realismSplit->addWidget(sheetScroll);
    realismSplit->setStretchFactor(0, 1);
    realismSplit->setStretchFactor(1, 1);
    auto* realismBox = new QWidget;
    auto* realismColumn = new QVBoxLayout(realismBox);
    realismColumn->addWidget(realismNote);
    realismColumn->addLayout(realismRow);
    realismColumn->addWidget(realismSplit, 1);
    connect(m_evaluate, &QPushButton::clicked, this, [this] {
        studies::RealismRequest request;
        request.model = currentModel();
        request.realCount = m_realCount->value();
        request.createdCount = m_createdCount->value();
        request.observer = m_observer->isChecked();
        startRealismReport(request);
    });
    connect(m_stopEvaluation, &QPushButton::clicked, this, &GeneratorPage::stopRealism);

    // Side by side the three would make the page wider than a laptop's screen.
    auto* bottom = new QTabWidget;
    bottom->setObjectName(QStringLiteral("tabs"));
    bottom->addTab(modelBox, tr("The generator in use"));
    bottom->addTab(poolBox, tr("Image pools"));
    bottom->addTab(realismBox, tr("Realism"));
    bottom->addTab(filesBox, tr("Files for work elsewhere"));
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(trainBox);
    split->addWidget(bottom);
    auto* column = new QVBoxLayout(this);
    column->addWidget(split);

    connect(load, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load a generator"), QString(),
            tr("Generators (*.trmodel *.pt *.pth *.ts *.torchscript);;Turing Reader models (*.trmodel);;TorchScript "
               "modules (*.pt *.pth *.ts *.torchscript)"));
        if (!path.isEmpty())
            if (auto used = useModel(path); !used)
                showError(this, tr("The model cannot be used."), used.error());
    });
    connect(m_model, &QComboBox::activated, this, [this] {
        if (auto used = useModel(m_model->currentData().toString()); !used)
            showError(this, tr("The model cannot be used."), used.error());
    });
    connect(look, &QPushButton::clicked, this, [this] {
        if (auto shown = showGallery(16, quint64(m_gallerySeed->value())); !shown)
            showError(this, tr("No images could be made."), shown.error());
    });
    connect(m_training, &TrainingPanel::modelReady, this, [this](const QString& path) {
        if (auto used = useModel(path); !used)
            showError(this, tr("The new model cannot be used."), used.error());
    });
    connect(m_pools, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (auto shown = showPool(m_pools->item(row, 0)->text()); !shown)
            showError(this, tr("The pool cannot be shown."), shown.error());
        else if (auto* tabs = findChild<QTabWidget*>(QStringLiteral("tabs")))
            tabs->setCurrentIndex(0); // the gallery
    });
    connect(m_discard, &QPushButton::clicked, this, &GeneratorPage::discardDialog);
    connect(m_newReal, &QPushButton::clicked, this, &GeneratorPage::realPoolDialog);
    connect(m_newCreated, &QPushButton::clicked, this, &GeneratorPage::createdPoolDialog);
    connect(m_newFromModule, &QPushButton::clicked, this, &GeneratorPage::torchScriptPoolDialog);
    connect(m_importFolder, &QPushButton::clicked, this, &GeneratorPage::folderPoolDialog);
}

GeneratorPage::~GeneratorPage()
{
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void GeneratorPage::setProject(OpenProject* project)
{
    if (m_worker) {
        m_worker->wait(); // its connection closes before the project's
        QCoreApplication::sendPostedEvents(this);
    }
    m_project = project;
    m_training->setProject(project);
    refresh();
}

void GeneratorPage::refresh()
{
    m_pools->setRowCount(0);
    setBusy(busy());
    m_training->refreshVolumes();
    showRealism();
    if (!m_project)
        return;
    auto all = studies::pools(m_project->db());
    if (!all) {
        showError(this, tr("The pools cannot be read."), all.error());
        return;
    }
    for (const auto& p : *all)
        appendRecord(m_pools, {p.name, p.created ? tr("created") : tr("real"), QString::number(p.size),
                                  QStringLiteral("%1 px").arg(p.resolution), p.recipe});
}

core::Result<void> GeneratorPage::useModel(const QString& name)
{
    // Any generator: the product's model file or a TorchScript module (the
    // gallery, the pools and the realism report take either).
    auto loaded = model::openGeneratorSource(name.toStdString(), "cpu");
    if (!loaded)
        return loaded.error();
    m_loaded = std::move(*loaded);
    const auto& info = m_loaded->info();
    if (m_model->findData(name) < 0)
        m_model->addItem(QFileInfo(name).fileName(), name);
    m_model->setCurrentIndex(m_model->findData(name));
    const auto* dcgan = dynamic_cast<const model::DcganSource*>(m_loaded.get());
    m_modelInfo->setText(tr("%1 \u00d7 %1 px; %2.\n%3")
                             .arg(info.resolution)
                             .arg(QString::fromStdString(info.description))
                             .arg(dcgan ? tr("Integrity: %1.").arg(QString::fromStdString(
                                              model::integrityStatement(dcgan->model().info())))
                                        : tr("File SHA-256 %1; checked by one forward pass. A TorchScript module holds "
                                             "code: use only modules you trust.")
                                              .arg(QString::fromStdString(info.sha256))));
    m_gallery->clear();
    m_shownPool.clear();
    showRealism();
    return {};
}

QString GeneratorPage::currentModel() const { return m_model->currentData().toString(); }
QString GeneratorPage::modelInfoText() const { return m_modelInfo->text(); }

core::Result<void> GeneratorPage::showGallery(int count, quint64 seed)
{
    if (!m_loaded)
        if (auto used = useModel(currentModel()); !used)
            return used;
    const int side = m_loaded->info().resolution;
    const std::atomic<bool> never{false};
    auto images = m_loaded->create(count, seed, never);
    if (!images)
        return images.error();
    m_gallery->clear();
    m_shownPool.clear();
    for (const auto& image : *images) {
        const QImage grey(image.pixels.data(), side, side, side, QImage::Format_Grayscale8); // fromImage copies
        m_gallery->addItem(new QListWidgetItem(QIcon(QPixmap::fromImage(grey)), QStringLiteral("seed %1").arg(image.seed)));
    }
    return {};
}

core::Result<void> GeneratorPage::showPool(const QString& pool)
{
    if (!m_project)
        return core::Error{core::ErrorCode::InvalidArgument, "project", "No project is open.", {}};
    auto images = studies::poolImages(m_project->db(), pool);
    if (!images)
        return images.error();
    m_gallery->clear();
    m_shownPool = pool;
    for (const auto& image : *images) {
        QPixmap pixmap;
        pixmap.loadFromData(image.png, "PNG");
        auto* item = new QListWidgetItem(QIcon(pixmap), image.discarded ? tr("%1 discarded").arg(image.position)
                                                                         : QString::number(image.position));
        item->setData(Qt::UserRole, image.position);
        if (image.discarded) {
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
            item->setToolTip(tr("Discarded %1: %2").arg(image.discardedAt, image.reason));
        }
        m_gallery->addItem(item);
    }
    m_status->setText(tr("Pool %1: %2 images").arg(pool).arg(images->size()));
    return {};
}

core::Result<void> GeneratorPage::discard(const QString& pool, int position, const QString& reason)
{
    if (!m_project || !m_project->access)
        return core::Error{core::ErrorCode::PermissionDenied, "project", "The workspace is locked.", {}};
    if (auto done = studies::discardImage(m_project->db(), *m_project->access, pool, position, reason); !done)
        return done.error();
    refresh();
    return showPool(pool);
}

void GeneratorPage::discardDialog()
{
    const QListWidgetItem* item = m_gallery->currentItem();
    if (m_shownPool.isEmpty() || !item) {
        m_status->setText(tr("Double-click a pool, then choose the image to discard."));
        return;
    }
    const int position = item->data(Qt::UserRole).toInt();
    bool given = false;
    const QString reason = QInputDialog::getText(this, tr("Discard image %1 of %2").arg(position).arg(m_shownPool),
        tr("Why is it taken out? (Kept, and reported with every study of this pool.)"), QLineEdit::Normal, QString(), &given);
    if (!given)
        return;
    if (auto done = discard(m_shownPool, position, reason); !done)
        showError(this, tr("The image cannot be discarded."), done.error());
}

void GeneratorPage::runJob(const QString& what, std::function<core::Result<QString>(const QString& projectPath)> job)
{
    if (!m_project || m_worker)
        return;
    m_status->setText(what);
    setBusy(true);
    auto outcome = std::make_shared<core::Result<QString>>(core::Error{});
    const QString path = m_project->project->path();
    m_worker = QThread::create([job, outcome, path] { *outcome = core::guarded(path.toStdString(), [&] { return job(path); }); });
    connect(m_worker, &QThread::finished, this, [this, outcome] {
        m_worker->deleteLater();
        m_worker = nullptr;
        const QString message = *outcome ? **outcome : QString::fromStdString(outcome->error().toString());
        m_status->setText(message);
        refresh();
        Q_EMIT jobFinished(outcome->ok(), message);
    });
    m_worker->start();
}

void GeneratorPage::setBusy(bool isBusy)
{
    for (QPushButton* b : {m_newReal, m_newCreated, m_newFromModule, m_importFolder, m_evaluate})
        b->setEnabled(m_project && !isBusy);
}

void GeneratorPage::startRealismReport(const studies::RealismRequest& request)
{
    m_stopRequested = false;
    m_stopEvaluation->setEnabled(true);
    m_realismProgress->setValue(0);
    m_realismProgress->setFormat(tr("starting"));
    // Progress comes from the worker: posted to this page, which outlives the
    // worker (the destructor waits for it).
    const auto progress = [this](const std::string& stage, double fraction) {
        QMetaObject::invokeMethod(this, [this, text = QString::fromStdString(stage), fraction] {
            m_realismProgress->setFormat(text + QStringLiteral(" %p%"));
            m_realismProgress->setValue(int(fraction * 100.0));
        }, Qt::QueuedConnection);
    };
    runJob(tr("Measuring the realism of the generator in use…"), [this, request, progress](const QString& path) -> core::Result<QString> {
        auto second = studies::Project::openSecondConnection(path);
        if (!second)
            return second.error();
        auto stored = studies::evaluateGenerator(*second, request, model::modelLayer(), progress, m_stopRequested);
        if (!stored)
            return stored.error();
        return tr("Realism report %1 kept with generator %2.").arg(stored->id).arg(stored->modelSha256.left(12));
    });
    if (!m_worker)
        m_stopEvaluation->setEnabled(false);
    else
        connect(m_worker, &QThread::finished, this, [this] {
            m_stopEvaluation->setEnabled(false);
            m_realismProgress->setFormat(QStringLiteral("%p%"));
        });
}

void GeneratorPage::stopRealism() { m_stopRequested = true; }

QString GeneratorPage::realismText() const { return m_realismText->toPlainText(); }

void GeneratorPage::showRealism()
{
    m_realismText->clear();
    m_realismSheet->clear();
    if (!m_project || !m_loaded) {
        m_realismText->setPlainText(tr("Open a project and choose a generator to see its realism report."));
        return;
    }
    const QString sha = QString::fromStdString(m_loaded->info().sha256);
    auto reports = studies::realismReports(m_project->db(), sha);
    if (!reports) {
        m_realismText->setPlainText(QString::fromStdString(reports.error().toString()));
        return;
    }
    if (reports->empty()) {
        m_realismText->setPlainText(tr("No realism report for this generator in this project yet. Measure it before "
                                       "readers spend their time on it: if a machine tells its images apart at "
                                       "once, a study with them proves little."));
        return;
    }
    const auto& newest = reports->front();
    m_realismText->setPlainText(tr("Report %1, %2 (%3)\n\n").arg(newest.id).arg(newest.madeAt, newest.request) + newest.summary);
    QPixmap sheet;
    if (sheet.loadFromData(newest.sheetPng, "PNG"))
        m_realismSheet->setPixmap(sheet.scaledToWidth(std::min(sheet.width(), 640), Qt::SmoothTransformation));
}

void GeneratorPage::makeRealPool(const QString& name, int count, quint64 seed, int resolution)
{
    runJob(tr("Drawing %1 real slices\u2026").arg(count), [=](const QString& path) -> core::Result<QString> {
        auto second = studies::Project::openSecondConnection(path);
        if (!second)
            return second.error();
        studies::RealPoolRequest request;
        request.name = name;
        request.count = count;
        request.seed = seed;
        request.grid.matrix = resolution;
        auto made = studies::addRealPool(*second, request);
        if (!made)
            return made.error();
        return tr("Pool %1: %2 real slices of %3 px.").arg(made->name).arg(made->size).arg(made->resolution);
    });
}

void GeneratorPage::makeCreatedPool(const QString& name, int count, quint64 seed, const QString& source)
{
    const QString model = source.isEmpty() ? currentModel() : source;
    runJob(tr("Creating %1 images\u2026").arg(count), [=](const QString& path) -> core::Result<QString> {
        const std::atomic<bool> never{false};
        auto opened = studies::openCreatedImageSource(model, "cpu", model::openGeneratorSource);
        if (!opened)
            return opened.error();
        auto batch = studies::createdBatch(**opened, count, seed, never);
        if (!batch)
            return batch.error();
        auto second = studies::Project::openSecondConnection(path);
        if (!second)
            return second.error();
        auto made = studies::addCreatedPool(*second, name, seed, *batch);
        if (!made)
            return made.error();
        return tr("Pool %1: %2 created images of %3 px.").arg(made->name).arg(made->size).arg(made->resolution);
    });
}

void GeneratorPage::importFolderPool(const QString& name, const QString& folder, quint64 seed)
{
    m_lastRefusals.clear();
    auto refusals = std::make_shared<QStringList>();
    // Reading progress, posted to this page (it outlives the worker).
    const auto progress = [this](int done, int total) {
        QMetaObject::invokeMethod(this, [this, done, total] {
            m_status->setText(tr("Reading the folder: %1 of %2 files\u2026").arg(done).arg(total));
        }, Qt::QueuedConnection);
    };
    runJob(tr("Reading %1\u2026").arg(folder), [=](const QString& path) -> core::Result<QString> {
        auto second = studies::Project::openSecondConnection(path);
        if (!second)
            return second.error();
        const std::atomic<bool> never{false};
        auto made = studies::addCreatedPoolFromFolder(*second, name, folder, seed, 0, never, progress);
        if (!made)
            return made.error();
        for (const auto& r : made->refusals)
            *refusals << QStringLiteral("%1: %2").arg(r.file, r.reason);
        return tr("Pool %1: %2 images of %3 px from %4; %5 files refused.")
            .arg(made->pool.name)
            .arg(made->pool.size)
            .arg(made->pool.resolution)
            .arg(folder)
            .arg(made->refusals.size());
    });
    // The per-file report, once the job has ended.
    auto* once = new QObject(this);
    connect(this, &GeneratorPage::jobFinished, once, [this, once, refusals](bool ok, const QString& message) {
        once->deleteLater();
        m_lastRefusals = *refusals;
        if (!ok || refusals->isEmpty() || QCoreApplication::closingDown())
            return;
        auto* box = new QMessageBox(QMessageBox::Information, tr("Files refused"),
            message + QStringLiteral("\n\n") + tr("These files were not taken (the rest are in the pool):"),
            QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("refused-files"));
        box->setDetailedText(refusals->join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void GeneratorPage::realPoolDialog()
{
    const auto chosen = askPool(this, tr("New pool of real slices"),
        tr("Images of the paper's grid (angles, offsets, flips) over every scan with all four landmarks, drawn "
           "at random by the seed. The size must match the generator's."),
        QStringLiteral("real"), true);
    if (chosen)
        makeRealPool(chosen->name, chosen->count, chosen->seed, chosen->side);
}

void GeneratorPage::createdPoolDialog()
{
    const auto chosen = askPool(this, tr("New pool from the generator"),
        tr("The generator in use makes this many images from the seed. All of them are stored; studies draw "
           "from them at random, so none is chosen by hand."),
        QStringLiteral("created"), false);
    if (chosen)
        makeCreatedPool(chosen->name, chosen->count, chosen->seed);
}

void GeneratorPage::torchScriptPoolDialog()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("A TorchScript generator"), QString(),
        tr("TorchScript modules (*.pt *.pth *.ts *.torchscript)"));
    if (file.isEmpty())
        return;
    const auto chosen = askPool(this, tr("New pool from %1").arg(QFileInfo(file).fileName()),
        tr("The module makes this many images from the seed (it is checked by one forward pass first). A "
           "TorchScript file holds code: load only modules you trust."),
        QFileInfo(file).completeBaseName(), false);
    if (chosen)
        makeCreatedPool(chosen->name, chosen->count, chosen->seed, file);
}

void GeneratorPage::folderPoolDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("A folder of created images"));
    if (folder.isEmpty())
        return;
    const auto chosen = askPool(this, tr("New pool from %1").arg(QDir(folder).dirName()),
        tr("Every usable image of the folder is taken, in an order shuffled with the seed. Files that cannot be "
           "shown like the real slices (broken, colour, another size, duplicates) are refused and listed."),
        QDir(folder).dirName(), false, false);
    if (chosen)
        importFolderPool(chosen->name, folder, chosen->seed);
}

void GeneratorPage::saveImages(const QString& folder, int count, quint64 seed)
{
    const std::string model = currentModel().toStdString();
    runJob(tr("Making %1 images\u2026").arg(count), [=](const QString&) -> core::Result<QString> {
        auto generator = model::openGeneratorSource(model, "cpu");
        if (!generator)
            return generator.error();
        const std::atomic<bool> never{false};
        auto images = (*generator)->create(count, seed, never);
        if (!images)
            return images.error();
        const int side = (*generator)->info().resolution;
        if (auto written = model::writeCreatedImages(folder.toStdString(), *images, side); !written)
            return written.error();
        return tr("%1 images of %2 px in %3 (manifest.csv)").arg(count).arg(side).arg(folder);
    });
}

void GeneratorPage::exportTrainingImages(const QString& volume, const QString& folder, int count, int resolution)
{
    runJob(tr("Writing the training images of %1\u2026").arg(volume), [=](const QString& path) -> core::Result<QString> {
        auto second = studies::Project::openSecondConnection(path);
        if (!second)
            return second.error();
        studies::ExportSettings settings;
        settings.volume = volume;
        settings.outputDir = folder;
        settings.grid.matrix = resolution;
        if (count > 0)
            settings.count = std::size_t(count);
        const std::atomic<bool> never{false};
        auto done = studies::exportTrainingSet(*second, settings, {}, never);
        if (!done)
            return done.error();
        return tr("%1 training images of %2 in %3 (manifest.csv)").arg(done->progress.total).arg(volume).arg(folder);
    });
}

void GeneratorPage::writeTrainingData(const QString& file, int resolution)
{
    runJob(tr("Preparing the training data\u2026"), [=](const QString& path) -> core::Result<QString> {
        auto second = studies::Project::openSecondConnection(path);
        if (!second)
            return second.error();
        core::AugmentationGrid grid;
        grid.matrix = resolution;
        auto prepared = studies::prepareTrainingData(*second, {}, grid);
        if (!prepared)
            return prepared.error();
        if (auto written = core::writeTrainingData(file.toStdString(), *prepared); !written)
            return written.error();
        return tr("%1: %2 scans, %3 images of %4 px")
            .arg(file)
            .arg(prepared->volumes.size())
            .arg(prepared->imageCount())
            .arg(resolution);
    });
}

void GeneratorPage::saveImagesDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder for the generator's images"));
    if (folder.isEmpty())
        return;
    bool given = false;
    const int count = QInputDialog::getInt(this, tr("How many images?"), tr("Images (seed %1):").arg(m_gallerySeed->value()),
        100, 1, 100000, 1, &given);
    if (given)
        saveImages(folder, count, quint64(m_gallerySeed->value()));
}

void GeneratorPage::exportDialog()
{
    if (!m_project)
        return;
    QStringList ready;
    if (auto all = m_project->project->volumes())
        for (const auto& v : *all)
            if (v.landmarks.complete())
                ready << v.pseudonym;
    if (ready.isEmpty()) {
        m_status->setText(tr("No scan has all four landmarks yet (the scans page places them)."));
        return;
    }
    bool given = false;
    const QString volume = QInputDialog::getItem(this, tr("Training images"), tr("Scan:"), ready, 0, false, &given);
    if (!given)
        return;
    const int count = QInputDialog::getInt(this, tr("Training images"),
        tr("Images (0: the whole grid, 48,510; else that many drawn at random):"), 500, 0, 48510, 100, &given);
    if (!given)
        return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder for the training images"));
    if (!folder.isEmpty())
        exportTrainingImages(volume, folder, count, m_training->settings().options.resolution);
}

void GeneratorPage::dataFileDialog()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Training-data file"), QStringLiteral("training.trdata"),
        tr("Training data (*.trdata)"));
    if (!file.isEmpty())
        writeTrainingData(file, m_training->settings().options.resolution);
}

} // namespace tr::gui
