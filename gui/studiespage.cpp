#include "gui/studiespage.h"

#include "gui/errordialog.h"
#include "gui/openproject.h"
#include "gui/readerdialog.h"
#include "gui/studydialog.h"
#include "studies/imagepool.h"
#include "studies/readersession.h"
#include "studies/study.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tr::gui {

using studies::SessionState;

namespace {

QString stateText(SessionState state)
{
    switch (state) {
    case SessionState::NotStarted: return StudiesPage::tr("not started");
    case SessionState::Training: return StudiesPage::tr("practice");
    case SessionState::Main: return StudiesPage::tr("reading");
    case SessionState::Completed: return StudiesPage::tr("finished");
    case SessionState::Abandoned: return StudiesPage::tr("abandoned");
    }
    return {};
}

QString designSummary(const studies::StudyRecord& s)
{
    const auto& d = s.design;
    QStringList answers{StudiesPage::tr("real (%1)").arg(d.keys.real), StudiesPage::tr("created (%1)").arg(d.keys.created)};
    if (d.allowUnknown)
        answers << StudiesPage::tr("unknown (%1)").arg(d.keys.unknown);
    QStringList asks;
    if (d.askConfidence)
        asks << StudiesPage::tr("confidence 1-5");
    if (d.askReasons)
        asks << StudiesPage::tr("reasons");
    return StudiesPage::tr("%1 practice images, then %2 images a reader, %3-%4 % created (an exact count each); %5; "
                           "answers %6%7%8.\nReal images from \u201c%9\u201d (%10), created from \u201c%11\u201d (%12).")
        .arg(d.draw.trainingCases)
        .arg(d.draw.imagesPerReader)
        .arg(d.draw.minimumCreatedShare * 100, 0, 'f', 0)
        .arg(d.draw.maximumCreatedShare * 100, 0, 'f', 0)
        .arg(d.timeLimitSeconds ? StudiesPage::tr("%1 s per image").arg(d.timeLimitSeconds) : StudiesPage::tr("no time limit"))
        .arg(answers.join(QLatin1String(", ")))
        .arg(asks.isEmpty() ? QString() : QStringLiteral("; ") + asks.join(QLatin1String(", ")))
        .arg(d.draw.sameSetForEveryReader ? StudiesPage::tr("; the same images for every reader") : QString())
        .arg(s.realPool)
        .arg(s.realPoolSize)
        .arg(s.createdPool)
        .arg(s.createdPoolSize);
}

} // namespace

StudiesPage::StudiesPage(QWidget* parent) : QWidget(parent)
{
    m_study = new QComboBox;
    m_study->setObjectName(QStringLiteral("study"));
    m_study->setMinimumWidth(240);
    m_newStudy = new QPushButton(tr("New study\u2026"));
    m_design = new QLabel;
    m_design->setObjectName(QStringLiteral("design"));
    m_design->setWordWrap(true);
    m_design->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readers = new QTableWidget(0, 6);
    m_readers->setObjectName(QStringLiteral("readers"));
    m_readers->setHorizontalHeaderLabels(
        {tr("Reader"), tr("Group"), tr("Experience"), tr("Session"), tr("Practice"), tr("Images answered")});
    m_readers->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_readers->horizontalHeader()->setStretchLastSection(true);
    m_readers->verticalHeader()->hide();
    m_readers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_readers->setSelectionMode(QAbstractItemView::SingleSelection);
    m_readers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_addReader = new QPushButton(tr("Add reader\u2026"));
    m_start = new QPushButton(tr("Start the reader's session"));
    m_start->setObjectName(QStringLiteral("start"));
    m_start->setToolTip(tr("Locks this workspace and opens the quiz full screen for the selected reader; the "
                           "passphrase unlocks the workspace afterwards."));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Study:")));
    top->addWidget(m_study);
    top->addWidget(m_newStudy);
    top->addStretch();
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_addReader);
    bottom->addStretch();
    bottom->addWidget(m_start);
    auto* column = new QVBoxLayout(this);
    column->addLayout(top);
    column->addWidget(m_design);
    column->addWidget(m_readers, 1);
    column->addLayout(bottom);

    connect(m_study, &QComboBox::currentIndexChanged, this, &StudiesPage::showStudy);
    connect(m_newStudy, &QPushButton::clicked, this, &StudiesPage::newStudy);
    connect(m_addReader, &QPushButton::clicked, this, &StudiesPage::addReader);
    connect(m_start, &QPushButton::clicked, this, &StudiesPage::requestStart);
    connect(m_readers, &QTableWidget::itemSelectionChanged, this, &StudiesPage::updateButtons);
    connect(m_readers, &QTableWidget::itemDoubleClicked, this, &StudiesPage::requestStart);
    updateButtons();
}

void StudiesPage::setProject(OpenProject* project)
{
    m_project = project;
    refresh();
}

void StudiesPage::refresh()
{
    const QString keep = currentStudy();
    const QSignalBlocker blocker(m_study);
    m_study->clear();
    if (m_project) {
        auto all = studies::studies(m_project->db());
        if (!all)
            showError(this, tr("The studies cannot be read."), all.error());
        else
            for (const auto& s : *all)
                m_study->addItem(s.name);
    }
    const int index = m_study->findText(keep);
    m_study->setCurrentIndex(index >= 0 ? index : m_study->count() - 1);
    showStudy();
}

QString StudiesPage::currentStudy() const { return m_study->currentText(); }

void StudiesPage::setCurrentStudy(const QString& name) { m_study->setCurrentIndex(m_study->findText(name)); }

QString StudiesPage::designText() const { return m_design->text(); }

void StudiesPage::showStudy()
{
    const QString keepReader = selectedReader();
    m_readers->setRowCount(0);
    m_design->clear();
    if (!m_project || currentStudy().isEmpty()) {
        m_design->setText(m_project ? tr("No study yet: \u201cNew study\u2026\u201d makes one from the paper's protocol.")
                                    : QString());
        updateButtons();
        return;
    }
    auto study = studies::study(m_project->db(), currentStudy());
    auto progress = studies::readerProgress(m_project->db(), currentStudy());
    if (!study || !progress) {
        showError(this, tr("The study cannot be read."), study ? progress.error() : study.error());
        return;
    }
    m_design->setText(designSummary(*study));
    for (const auto& p : *progress) {
        const int row = m_readers->rowCount();
        m_readers->insertRow(row);
        const QStringList cells{p.reader.code, p.reader.group,
            p.reader.yearsOfExperience ? (*p.reader.yearsOfExperience == 1 ? tr("1 year")
                                                                        : tr("%1 years").arg(*p.reader.yearsOfExperience))
                                       : QString(),
            stateText(p.state), tr("%1 / %2").arg(p.trainingAnswered).arg(p.trainingCount),
            tr("%1 / %2").arg(p.mainAnswered).arg(p.mainCount)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setData(Qt::UserRole, p.reader.code);
            item->setData(Qt::UserRole + 1, p.state == SessionState::Completed || p.state == SessionState::Abandoned);
            m_readers->setItem(row, c, item);
        }
    }
    if (!keepReader.isEmpty())
        selectReader(keepReader);
    updateButtons();
}

QString StudiesPage::selectedReader() const
{
    const auto rows = m_readers->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_readers->item(rows.front().row(), 0)->data(Qt::UserRole).toString();
}

void StudiesPage::selectReader(const QString& code)
{
    for (int row = 0; row < m_readers->rowCount(); ++row)
        if (m_readers->item(row, 0)->data(Qt::UserRole).toString() == code)
            m_readers->selectRow(row);
}

void StudiesPage::updateButtons()
{
    const bool open = m_project != nullptr;
    m_newStudy->setEnabled(open);
    m_addReader->setEnabled(open);
    const auto rows = m_readers->selectionModel()->selectedRows();
    const bool finished = !rows.isEmpty() && m_readers->item(rows.front().row(), 0)->data(Qt::UserRole + 1).toBool();
    m_start->setEnabled(open && !currentStudy().isEmpty() && !rows.isEmpty() && !finished);
}

void StudiesPage::requestStart()
{
    if (m_start->isEnabled())
        Q_EMIT startSessionRequested(currentStudy(), selectedReader());
}

StudyDialog* StudiesPage::newStudy()
{
    if (!m_project || !m_project->access)
        return nullptr;
    auto pools = studies::pools(m_project->db());
    if (!pools) {
        showError(this, tr("The image pools cannot be read."), pools.error());
        return nullptr;
    }
    auto* dialog = new StudyDialog(*pools, [this](const StudyRequest& r) -> core::Result<void> {
        auto made = studies::createStudy(
            m_project->db(), *m_project->access, r.name, r.realPool, r.createdPool, r.seed, r.design);
        if (!made)
            return made.error();
        return {};
    }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        refresh();
        setCurrentStudy(dialog->request().name);
        Q_EMIT projectChanged();
    });
    dialog->open();
    return dialog;
}

ReaderDialog* StudiesPage::addReader()
{
    if (!m_project)
        return nullptr;
    auto* dialog = new ReaderDialog([this](const studies::ReaderRecord& r) -> core::Result<void> {
        auto added = studies::addReader(m_project->db(), r);
        if (!added)
            return added.error();
        return {};
    }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        showStudy();
        selectReader(dialog->reader().code);
        Q_EMIT projectChanged();
    });
    dialog->open();
    return dialog;
}

} // namespace tr::gui
