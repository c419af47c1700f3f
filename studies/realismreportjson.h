#pragma once
// The realism report (core/realismreport.h) as JSON, the form the project
// keeps it in: every figure, so that the workspace and the study report show
// it again without recomputing, and a script can read it.

#include "core/realismreport.h"
#include "core/result.h"

#include <QByteArray>

namespace tr::studies {

QByteArray realismReportToJson(const core::RealismReport& report);
// Errors name the field that is missing or malformed.
core::Result<core::RealismReport> realismReportFromJson(const QByteArray& json);

} // namespace tr::studies
