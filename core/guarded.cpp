#include "core/guarded.h"

#include <new>
#include <stdexcept>

namespace tr::core {

Error escapedError(const std::string& subject, std::exception_ptr escaped)
{
    try {
        std::rethrow_exception(escaped);
    } catch (const std::bad_alloc&) {
        return Error{ErrorCode::TooLarge, subject,
            "Not enough memory. Close other programs, or ask for less (fewer images, a smaller batch or "
            "resolution), and retry.",
            {}};
    } catch (const BadResultAccess& e) {
        return Error{ErrorCode::Internal, subject,
            std::string("Internal error: ") + e.what() + ". Nothing more was done; please report this.", {}};
    } catch (const std::exception& e) {
        // c10::Error's what() runs on with a C++ backtrace: its first line says what happened.
        std::string what = e.what();
        what = what.substr(0, what.find('\n'));
        return Error{ErrorCode::Internal, subject,
            "Stopped by an unexpected error: " + what + ". What was stored before is kept; check the message, then retry.",
            e.what()};
    } catch (...) {
        return Error{ErrorCode::Internal, subject, "Stopped by an unexpected error. What was stored before is kept.", {}};
    }
}

} // namespace tr::core
