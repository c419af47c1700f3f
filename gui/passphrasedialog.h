#pragma once
// Asks for the coordinator passphrase: twice when a project gets its first one
// (at least studies::kMinimumPassphraseLength characters, both the same), once
// to unlock. The check against the project happens in the caller, which keeps
// the dialog open with a message when the passphrase is wrong.

#include <QDialog>

class QLabel;
class QLineEdit;

namespace tr::gui {

class PassphraseDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { New, Unlock, Change }; // Change: the current one, then the new one twice
    PassphraseDialog(Mode mode, const QString& projectName, QWidget* parent = nullptr);

    QString passphrase() const;
    QString currentPassphrase() const; // Change only
    // Shown under the fields (a wrong passphrase, too short, not the same).
    void setProblem(const QString& problem);
    QLineEdit* field() const { return m_first; }
    QLineEdit* repeatField() const { return m_second; } // null when unlocking

    void accept() override; // refuses, with a message, what cannot be a passphrase

private:
    Mode m_mode;
    QLineEdit* m_first = nullptr;
    QLineEdit* m_second = nullptr;
    QLineEdit* m_current = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace tr::gui
