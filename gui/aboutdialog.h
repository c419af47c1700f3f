#pragma once
// Help > About: what this build is and which library versions it runs on, so a
// methods section can cite them.

class QWidget;
class QString;

namespace tr::gui {

QString aboutText();
void showAboutDialog(QWidget* parent);

} // namespace tr::gui
