#pragma once
// The reading-room look: dark greys around black image areas, so the screen
// does not dazzle in a dimmed room and images are judged against black.

class QApplication;

namespace tr::gui {

void applyDarkTheme(QApplication& app);

} // namespace tr::gui
