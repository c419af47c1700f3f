#pragma once
// One way to tell the user about a failure: a summary of what they were doing,
// the error's actionable sentence, and third-party text under "Show Details"
// (ITK-SNAP's habit).

#include "core/error.h"

#include <QString>

class QLabel;
class QWidget;

namespace tr::gui {

void showError(QWidget* parent, const QString& summary, const core::Error& error);

// One line for a form: "field: what is wrong", the CLI's "--" dropped from a
// field's name.
QString errorLine(const core::Error& error);

// The line under a form's fields that says what is wrong (warm, readable on
// the dark theme, empty until something is).
QLabel* problemLabel();

} // namespace tr::gui
