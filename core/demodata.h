#pragma once
// Public data the product relies on being installed by the set-up.

namespace tr::core {

// Colin27 (27 averaged T1-weighted scans of one adult, 181x217x181 at 1 mm),
// from Debian's mricron-data package: the volume the app opens first.
inline constexpr const char* kColin27Path = "/usr/share/mricron/templates/ch2.nii.gz";
// The same volume brain-extracted (same grid), for registering skull-stripped scans.
inline constexpr const char* kColin27BrainPath = "/usr/share/mricron/templates/ch2bet.nii.gz";

} // namespace tr::core
