#pragma once
// Wall-clock times stored in the project: UTC, ISO 8601 with milliseconds, so
// they sort as text and read the same in every time zone.

#include <QDateTime>
#include <QString>

namespace tr::studies {

inline QString utcTimestamp() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

} // namespace tr::studies
