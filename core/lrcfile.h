#pragma once
// The MRMC ".lrc" ratings format of the Iowa OR-DBM MRMC software, which
// RJafroc reads and writes (issue 17): a study's ratings in, to be analysed
// (mrmcanalysis.h), and ours out, to be checked in those tools.
//
// Layout: a title line; then for each reader its name on a line of its own,
// followed - after the first reader only - by a line of the tests' names
// (quoted) and a line of their rating directions (L: a larger rating means the
// case is more likely abnormal; S: smaller); then one line per case with a
// rating for each test and the case's name, normal cases first, a line "*",
// the abnormal cases, a line "*". The file ends with "#".

#include "core/mrmcanalysis.h"
#include "core/result.h"

#include <istream>
#include <string>

namespace tr::core {

// `source` names the file in messages (its path). Every reader must rate the
// same cases in the same order; a rating must be a number.
Result<RatingTable> readLrc(std::istream& in, const std::string& source);
// The same ratings as an .lrc text (directions L), readable by readLrc.
std::string writeLrc(const RatingTable& table, const std::string& title);

} // namespace tr::core
