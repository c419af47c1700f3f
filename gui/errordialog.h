#pragma once
// One way to tell the user about a failure: a summary of what they were doing,
// the error's actionable sentence, and third-party text under "Show Details"
// (ITK-SNAP's habit).

#include "core/error.h"

#include <QString>

class QWidget;

namespace tr::gui {

void showError(QWidget* parent, const QString& summary, const core::Error& error);

} // namespace tr::gui
