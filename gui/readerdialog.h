#pragma once
// A new reader: a pseudonymous code (what every export shows), the group the
// results are split by, years of experience, and a name kept for the
// coordinator only. The study engine checks it; its message stays in the
// dialog.

#include "core/result.h"
#include "studies/study.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tr::gui {

class ReaderDialog : public QDialog {
    Q_OBJECT
public:
    using Submit = std::function<core::Result<void>(const studies::ReaderRecord&)>;
    explicit ReaderDialog(Submit submit, QWidget* parent = nullptr);

    studies::ReaderRecord reader() const;
    QString problem() const;
    void accept() override;

    QLineEdit* codeField() const { return m_code; }
    QComboBox* groupField() const { return m_group; }
    QSpinBox* yearsField() const { return m_years; }

private:
    Submit m_submit;
    QLineEdit* m_code = nullptr;
    QComboBox* m_group = nullptr;
    QSpinBox* m_years = nullptr;
    QLineEdit* m_name = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace tr::gui
