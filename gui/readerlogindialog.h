#pragma once
// A reader's own login on a project server (readeraccess.h): the password
// twice, then what the reader's workstation opens. The password leaves this
// computer only as its SCRAM verifier; the engine's message stays in the
// dialog when it refuses.

#include "core/result.h"

#include <QDialog>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QWidget;

namespace tr::gui {

class ReaderLoginDialog : public QDialog {
    Q_OBJECT
public:
    // What to pass on once the login is made: a sentence, and the command the
    // reader's workstation runs.
    struct Made {
        QString said, command;
    };
    // Creates the login with the password.
    using Submit = std::function<core::Result<Made>(const QString& password)>;
    ReaderLoginDialog(const QString& readerCode, Submit submit, QWidget* parent = nullptr);

    QLineEdit* passwordField() const { return m_password; }
    QLineEdit* repeatField() const { return m_repeat; }
    QString problem() const;
    // After the login is made: the sentence and the workstation's command.
    QString instructions() const;
    void accept() override;

private:
    Submit m_submit;
    QWidget* m_form = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_repeat = nullptr;
    QLabel* m_problem = nullptr;
    QLabel* m_done = nullptr;
    QLineEdit* m_command = nullptr; // read-only, to copy
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace tr::gui
