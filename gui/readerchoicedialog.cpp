#include "gui/readerchoicedialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace tr::gui {

using studies::SessionState;

namespace {

QFont pixelFont(const QFont& base, int pixelSize, bool bold = false)
{
    QFont font = base;
    font.setPixelSize(pixelSize);
    font.setBold(bold);
    return font;
}

bool canBeChosen(const studies::ReaderProgress& p)
{
    return p.state != SessionState::Completed && p.state != SessionState::Abandoned;
}

} // namespace

QString ReaderChoiceDialog::describe(const studies::ReaderProgress& p)
{
    QString where;
    switch (p.state) {
    case SessionState::NotStarted: where = tr("not started"); break;
    case SessionState::Training:
        where = tr("practice %1 of %2 done").arg(p.trainingAnswered).arg(p.trainingCount);
        break;
    case SessionState::Main: where = tr("%1 of %2 answered").arg(p.mainAnswered).arg(p.mainCount); break;
    case SessionState::Completed: where = tr("finished"); break;
    case SessionState::Abandoned: where = tr("ended by the coordinator"); break;
    }
    const QString dot = QStringLiteral("  \u00b7  ");
    return p.reader.code + dot + p.reader.group + dot + where;
}

ReaderChoiceDialog::ReaderChoiceDialog(const studies::StudyRecord& study,
    const std::vector<studies::ReaderProgress>& readers, const QString& note, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Turing Reader - who is reading?"));
    QPalette dark = palette();
    dark.setColor(QPalette::Window, Qt::black);
    dark.setColor(QPalette::Base, QColor(20, 20, 22));
    dark.setColor(QPalette::WindowText, QColor(200, 200, 204));
    dark.setColor(QPalette::Text, QColor(210, 210, 214));
    dark.setColor(QPalette::Highlight, QColor(58, 74, 98));
    dark.setColor(QPalette::Button, QColor(48, 48, 52)); // nothing bright on the reading room's screen
    dark.setColor(QPalette::ButtonText, QColor(210, 210, 214));
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(96, 96, 100)); // finished readers
    dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(96, 96, 100));
    setPalette(dark);
    setAutoFillBackground(true);

    auto* heading = new QLabel(tr("Who is reading?"));
    heading->setFont(pixelFont(font(), 30, true));
    const auto& d = study.design;
    auto* protocol = new QLabel(tr("Study \u201c%1\u201d: %2 practice images with feedback, then %3 images, %4.")
                                    .arg(study.name)
                                    .arg(d.draw.trainingCases)
                                    .arg(d.draw.imagesPerReader)
                                    .arg(d.timeLimitSeconds ? tr("up to %1 seconds each").arg(d.timeLimitSeconds)
                                                            : tr("without a time limit")));
    protocol->setFont(pixelFont(font(), 20));
    protocol->setWordWrap(true);

    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("readers"));
    m_list->setFont(pixelFont(font(), 24));
    m_list->setSpacing(6);
    m_list->setFrameShape(QFrame::NoFrame);
    int first = -1;
    for (const auto& p : readers) {
        auto* item = new QListWidgetItem(describe(p), m_list);
        item->setData(Qt::UserRole, p.reader.code);
        if (!canBeChosen(p))
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
        else if (first < 0)
            first = m_list->row(item);
    }
    if (first >= 0)
        m_list->setCurrentRow(first);

    auto* buttons = new QDialogButtonBox;
    m_start = buttons->addButton(tr("Start reading"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("start"));
    m_start->setDefault(true);
    m_start->setEnabled(first >= 0);
    m_start->setMinimumSize(240, 56);
    m_start->setFont(pixelFont(font(), 22));
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setIcon(QIcon()); // the style's red cross is the only colour on the screen otherwise
    cancel->setMinimumSize(160, 56);
    cancel->setFont(pixelFont(font(), 22));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        if (item->flags() & Qt::ItemIsEnabled)
            accept();
    });
    connect(m_list, &QListWidget::currentItemChanged, this,
        [this](QListWidgetItem* item) { m_start->setEnabled(item && (item->flags() & Qt::ItemIsEnabled)); });

    // One column of reading width, centred however wide the screen.
    auto* content = new QWidget;
    content->setMaximumWidth(1000);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch();
    outer->addWidget(content, 1);
    outer->addStretch();
    auto* column = new QVBoxLayout(content);
    column->setContentsMargins(48, 40, 48, 32);
    column->setSpacing(16);
    column->addWidget(heading);
    column->addWidget(protocol);
    if (!note.isEmpty()) {
        auto* noteLabel = new QLabel(note);
        noteLabel->setFont(pixelFont(font(), 18));
        noteLabel->setWordWrap(true);
        column->addWidget(noteLabel);
    }
    if (first < 0) {
        auto* none = new QLabel(readers.empty() ? tr("This study has no readers yet; the coordinator adds them.")
                                                : tr("Every reader of this study has finished."));
        none->setFont(pixelFont(font(), 20));
        column->addWidget(none);
    }
    column->addWidget(m_list, 1);
    column->addWidget(buttons);
    resize(900, 620);
    m_list->setFocus();
}

QString ReaderChoiceDialog::chosenReader() const
{
    const QListWidgetItem* item = m_list->currentItem();
    return item && (item->flags() & Qt::ItemIsEnabled) ? item->data(Qt::UserRole).toString() : QString();
}

} // namespace tr::gui
