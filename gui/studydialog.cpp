#include "gui/studydialog.h"

#include "gui/errordialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tr::gui {

namespace {

QSpinBox* spin(int low, int high, int value, const QString& suffix = {})
{
    auto* box = new QSpinBox;
    box->setRange(low, high);
    box->setValue(value);
    box->setSuffix(suffix);
    return box;
}

QLineEdit* keyField(const QString& key)
{
    auto* field = new QLineEdit(key);
    field->setMaximumWidth(90);
    return field;
}

} // namespace

StudyDialog::StudyDialog(const std::vector<studies::PoolRecord>& pools, Submit submit, QWidget* parent)
    : QDialog(parent), m_submit(std::move(submit))
{
    setWindowTitle(tr("New study"));
    const studies::StudyDesign defaults;
    m_name = new QLineEdit;
    m_real = new QComboBox;
    m_created = new QComboBox;
    for (const auto& p : pools) {
        const QString text = tr("%1  (%2 images, %3 px)").arg(p.name).arg(p.size).arg(p.resolution);
        (p.created ? m_created : m_real)->addItem(text, p.name);
    }
    // Seeds are the coordinator's: with one and the public draw code anyone
    // could rebuild the key, so a fresh random one is offered.
    m_seed = new QLineEdit(QString::number(QRandomGenerator::system()->generate64()));
    m_images = spin(1, 10000, defaults.draw.imagesPerReader);
    m_minShare = spin(0, 100, int(defaults.draw.minimumCreatedShare * 100), QStringLiteral(" %"));
    m_maxShare = spin(0, 100, int(defaults.draw.maximumCreatedShare * 100), QStringLiteral(" %"));
    m_training = spin(0, 1000, defaults.draw.trainingCases);
    m_timeLimit = spin(0, 3600, defaults.timeLimitSeconds, QStringLiteral(" s"));
    m_timeLimit->setSpecialValueText(tr("none"));
    m_unknown = new QCheckBox(tr("Offer \u201cunknown\u201d"));
    m_confidence = new QCheckBox(tr("Ask for confidence, 1-5"));
    m_reasons = new QCheckBox(tr("Ask for reasons"));
    m_sameSet = new QCheckBox(tr("The same images for every reader"));
    m_realKey = keyField(defaults.keys.real);
    m_createdKey = keyField(defaults.keys.created);
    m_unknownKey = keyField(defaults.keys.unknown);

    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    addRow(form, tr("Name:"), m_name, QStringLiteral("name"), tr("Letters, digits, '-' and '_'; it names the study in results and files."));
    addRow(form, tr("Real images:"), m_real, QStringLiteral("real"), tr("The pool of real slices the readers' real images are drawn from."));
    addRow(form, tr("Created images:"), m_created, QStringLiteral("created"), tr("The generator's pool; images enter sessions only as drawn, never hand-picked."));
    addRow(form, tr("Seed:"), m_seed, QStringLiteral("seed"), tr("Fixes every reader's draw; kept secret, as it rebuilds the answer key."));
    addRow(form, tr("Images per reader:"), m_images, QStringLiteral("images"), tr("The images that count, after the practice ones (the paper: 50)."));
    auto* share = new QWidget;
    auto* shareRow = new QHBoxLayout(share);
    shareRow->setContentsMargins(0, 0, 0, 0);
    shareRow->addWidget(m_minShare);
    shareRow->addWidget(new QLabel(tr("to")));
    shareRow->addWidget(m_maxShare);
    shareRow->addStretch();
    m_minShare->setObjectName(QStringLiteral("min-share"));
    m_maxShare->setObjectName(QStringLiteral("max-share"));
    addRow(form, tr("Created share:"), share, {}, tr("Each reader gets an exact count drawn in this range (the paper: 40-60 %), so no one can count on half."));
    addRow(form, tr("Practice images:"), m_training, QStringLiteral("training"), tr("Shown first with the truth after each; not analysed (the paper: 10)."));
    addRow(form, tr("Time per image:"), m_timeLimit, QStringLiteral("time-limit"), tr("After this the next image appears and the image counts as unanswered (the paper: 10 s)."));
    addRow(form, QString(), m_unknown, QStringLiteral("unknown"), tr("A third answer for readers who cannot tell; reported both excluded and counted as wrong."));
    addRow(form, QString(), m_confidence, QStringLiteral("confidence"), tr("After each verdict, how sure (1 guessing ... 5 certain)."));
    addRow(form, QString(), m_reasons, QStringLiteral("reasons"), tr("After each verdict, what made up the reader's mind (ticks and free text)."));
    addRow(form, QString(), m_sameSet, QStringLiteral("same-set"), tr("One draw for all, in each reader's own order; needed for agreement between readers."));
    auto* keys = new QWidget;
    auto* keyRow = new QHBoxLayout(keys);
    keyRow->setContentsMargins(0, 0, 0, 0);
    for (auto [label, field, name] : {std::tuple{tr("real"), m_realKey, "real-key"},
             std::tuple{tr("created"), m_createdKey, "created-key"}, std::tuple{tr("unknown"), m_unknownKey, "unknown-key"}}) {
        field->setObjectName(QLatin1String(name));
        keyRow->addWidget(new QLabel(label));
        keyRow->addWidget(field);
        keyRow->addSpacing(12);
    }
    keyRow->addStretch();
    addRow(form, tr("Answer keys:"), keys, {}, tr("A letter, a digit or Left/Right/Up/Down each (the default: R, C, U)."));

    m_problem = problemLabel();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create study"));
    connect(buttons, &QDialogButtonBox::accepted, this, &StudyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* column = new QVBoxLayout(this);
    column->addLayout(form);
    column->addWidget(m_problem);
    column->addWidget(buttons);
    setMinimumWidth(900);
    if (m_real->count() == 0 || m_created->count() == 0)
        m_problem->setText(tr("A study needs a pool of real slices and a pool of created images; make them first "
                              "(Data and Generator pages, or 'turing-reader-cli pool')."));
}

void StudyDialog::addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& objectName,
    const QString& explanation)
{
    if (!objectName.isEmpty())
        field->setObjectName(objectName);
    auto* cell = new QWidget;
    auto* column = new QVBoxLayout(cell);
    column->setContentsMargins(0, 0, 0, 6);
    column->setSpacing(2);
    column->addWidget(field);
    // One line each, unwrapped: wrapped labels inside form rows get clipped
    // (QFormLayout does not pass height-for-width through a cell's layout).
    auto* note = new QLabel(explanation);
    QPalette dim = note->palette();
    dim.setColor(QPalette::WindowText, QColor(150, 150, 156));
    note->setPalette(dim);
    QFont small = note->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    note->setFont(small);
    column->addWidget(note);
    form->addRow(label, cell);
}

QWidget* StudyDialog::field(const QString& name) const { return findChild<QWidget*>(name); }

StudyRequest StudyDialog::request() const
{
    StudyRequest r;
    r.name = m_name->text().trimmed();
    r.realPool = m_real->currentData().toString();
    r.createdPool = m_created->currentData().toString();
    r.seed = m_seed->text().trimmed().toULongLong();
    auto& d = r.design;
    d.draw.imagesPerReader = m_images->value();
    d.draw.minimumCreatedShare = m_minShare->value() / 100.0;
    d.draw.maximumCreatedShare = m_maxShare->value() / 100.0;
    d.draw.trainingCases = m_training->value();
    d.draw.sameSetForEveryReader = m_sameSet->isChecked();
    d.timeLimitSeconds = m_timeLimit->value();
    d.allowUnknown = m_unknown->isChecked();
    d.askConfidence = m_confidence->isChecked();
    d.askReasons = m_reasons->isChecked();
    d.keys = {m_realKey->text().trimmed(), m_createdKey->text().trimmed(), m_unknownKey->text().trimmed()};
    return r;
}

QString StudyDialog::problem() const { return m_problem->text(); }

void StudyDialog::accept()
{
    bool seedOk = false;
    m_seed->text().trimmed().toULongLong(&seedOk);
    if (!seedOk) {
        m_problem->setText(tr("Seed: a whole number from 0 to 18446744073709551615."));
        return;
    }
    if (m_minShare->value() > m_maxShare->value()) {
        m_problem->setText(tr("Created share: the first percentage cannot be above the second."));
        return;
    }
    const auto done = m_submit(request());
    if (!done) {
        m_problem->setText(errorLine(done.error()));
        return;
    }
    QDialog::accept();
}

} // namespace tr::gui
