#pragma once
// The demo study the README's first command opens: 200 real slices of the
// default generator's own training subjects (42 IXI subjects and Colin27,
// shipped beside the model as resources/models/demo-real-S at its resolution S)
// against 200 images of the embedded default generator, with the paper's
// protocol and three demo readers. Colin27 (from Debian's mricron-data; its
// landmarks are defined once in core/templatelandmarks.h) is imported too, so
// the workspace has a scan to show. It is
// made on first use in the user's data folder (a few seconds) and reused after.
// The demo's coordinator passphrase is public (kDemoPassphrase): the demo is
// for trying the quiz, not for a study.

#include "core/result.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace tr::gui {

inline constexpr const char* kDemoPassphrase = "demo coordinator";
inline constexpr const char* kDemoStudy = "demo";

struct DemoStudy {
    QString projectPath;
    QString study;
    QStringList readers; // codes
};

// Builds the demo project under `folder` (the user's data folder when empty)
// unless a complete one is there; `progress` hears each step.
core::Result<DemoStudy> ensureDemoStudy(const QString& folder = {},
    const std::function<void(const QString&)>& progress = {});

} // namespace tr::gui
