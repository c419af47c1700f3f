#pragma once
// A new study: the paper's protocol as defaults, every option of the study
// engine editable, a one-line explanation under each. The study engine checks
// the whole design (createStudy); its message stays in the dialog, which is
// left open to correct the field it names.

#include "core/result.h"
#include "studies/imagepool.h"
#include "studies/study.h"

#include <QDialog>

#include <functional>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tr::gui {

struct StudyRequest {
    QString name;
    QString realPool, createdPool;
    quint64 seed = 0;
    studies::StudyDesign design;
};

class StudyDialog : public QDialog {
    Q_OBJECT
public:
    using Submit = std::function<core::Result<void>(const StudyRequest&)>;
    StudyDialog(const std::vector<studies::PoolRecord>& pools, Submit submit, QWidget* parent = nullptr);

    StudyRequest request() const;
    QString problem() const; // the last refusal, shown in the dialog
    void accept() override;  // submits; stays open with the message on refusal

    // The fields, by name, for tests: name, real, created, seed, images,
    // min-share, max-share, training, time-limit, unknown, confidence,
    // reasons, same-set, real-key, created-key, unknown-key.
    QWidget* field(const QString& name) const;

private:
    void addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& objectName,
        const QString& explanation);

    Submit m_submit;
    QLineEdit* m_name = nullptr;
    QComboBox* m_real = nullptr;
    QComboBox* m_created = nullptr;
    QLineEdit* m_seed = nullptr;
    QSpinBox* m_images = nullptr;
    QSpinBox* m_minShare = nullptr;
    QSpinBox* m_maxShare = nullptr;
    QSpinBox* m_training = nullptr;
    QSpinBox* m_timeLimit = nullptr;
    QCheckBox* m_unknown = nullptr;
    QCheckBox* m_confidence = nullptr;
    QCheckBox* m_reasons = nullptr;
    QCheckBox* m_sameSet = nullptr;
    QLineEdit* m_realKey = nullptr;
    QLineEdit* m_createdKey = nullptr;
    QLineEdit* m_unknownKey = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace tr::gui
