#pragma once
// turing-reader --self-test: start, load the demo volume's centre axial slice,
// render one frame of the main window and check what was drawn. CTest and the
// Debian package's smoke test run it.

#include <QString>

#include <ostream>

namespace tr::gui {

// Returns 0 on success; prints one line per step to out and the reason for a
// failure to err.
int runSelfTest(const QString& volumePath, std::ostream& out, std::ostream& err);

} // namespace tr::gui
