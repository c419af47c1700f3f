#pragma once
// Who is reading: the first thing a reading station shows when the coordinator
// opens a study without naming the reader (and the demo). One line a reader,
// with where that reader stands (counts only: nothing about right or wrong);
// finished and abandoned sessions cannot be chosen. Large type on the quiz's
// black, keys first: arrows choose, Enter starts, Escape leaves.

#include "studies/readersession.h"

#include <QDialog>

#include <vector>

class QListWidget;
class QPushButton;

namespace tr::gui {

class ReaderChoiceDialog : public QDialog {
    Q_OBJECT
public:
    // `note` is one line under the heading (the demo names its passphrase there).
    ReaderChoiceDialog(const studies::StudyRecord& study, const std::vector<studies::ReaderProgress>& readers,
        const QString& note = {}, QWidget* parent = nullptr);

    QString chosenReader() const; // the code; empty when none can be chosen
    QListWidget* list() const { return m_list; }

    // One line of the list, e.g. "NR1  ·  neuroradiologist  ·  12 of 50 answered".
    static QString describe(const studies::ReaderProgress& progress);

private:
    QListWidget* m_list = nullptr;
    QPushButton* m_start = nullptr;
};

} // namespace tr::gui
