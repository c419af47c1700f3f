// Deliberately breaks the layering: core must not include Qt.
#include <QString>
