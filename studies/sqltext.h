#pragma once
// Qt binds a null QString as SQL NULL, which NOT NULL text columns refuse even
// when "nothing" was meant; this binds it as ''.

#include <QString>

namespace tr::studies {

inline QString sqlText(const QString& s) { return s.isNull() ? QString::fromLatin1("") : s; }

} // namespace tr::studies
