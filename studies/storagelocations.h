#pragma once
// Where Turing Reader keeps things on disk. A project is one SQLite file that
// the coordinator places anywhere (it copies and archives as one file); these are
// the defaults offered in dialogs and used by the demo.

#include <QString>

namespace tr::studies {

struct StorageLocations {
    QString projectsDir; // default folder for new project files
    QString dataDir;     // per-user application data (demo project, recent list)
    QString configDir;   // settings
};

// Follows the XDG base directories through QStandardPaths, so
// QStandardPaths::setTestModeEnabled(true) redirects them in tests.
StorageLocations storageLocations();

// Sets the organisation and application names these locations derive from;
// both executables call it before anything else.
void setApplicationIdentity();

} // namespace tr::studies
