#pragma once
// The project the coordinator's workspace has open, with the coordinator's
// access once the passphrase was given. Pages get a pointer (null while no
// project is open) and never keep the project themselves.

#include "studies/coordinatoraccess.h"
#include "studies/project.h"

#include <memory>
#include <optional>

namespace tr::gui {

struct OpenProject {
    std::unique_ptr<studies::Project> project;
    std::optional<studies::CoordinatorAccess> access; // set while unlocked

    studies::ProjectDatabase& db() { return project->database(); }
};

} // namespace tr::gui
