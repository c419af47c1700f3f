#pragma once
// A reader's session as image files, for a reading on paper or on another
// screen: one PNG per presentation, named by its position only (T1..T10,
// 1..50). Nothing a reader receives may carry the source: the pools' PNGs are
// compressed, and a generator's images compress worse than real slices (11 %
// larger on average for the default generator), so the larger half of one's
// files was "created" with 89 % accuracy. Every image is therefore decoded and
// written again the same way, uncompressed, so every file of one session has
// the same size and the same bytes around its pixels; the files are written in
// presentation order, so their timestamps follow positions, not sources.
// The CLI's 'session images --out' and the workspace's "On paper" share it.

#include "core/result.h"

#include <QString>

#include <vector>

namespace tr::studies {

class ReaderSession;

// Writes every presentation of `session` to `folder` (made if missing) and
// returns the file names in presentation order.
core::Result<std::vector<QString>> writeSessionImages(ReaderSession& session, const QString& folder);

} // namespace tr::studies
