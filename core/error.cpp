#include "core/error.h"

namespace tr::core {

std::string_view errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::PermissionDenied: return "permission-denied";
    case ErrorCode::UnsupportedFormat: return "unsupported-format";
    case ErrorCode::Truncated: return "truncated";
    case ErrorCode::Corrupt: return "corrupt";
    case ErrorCode::TooLarge: return "too-large";
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::AlreadyExists: return "already-exists";
    case ErrorCode::Busy: return "busy";
    case ErrorCode::Io: return "io";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

std::string Error::toString() const
{
    return subject.empty() ? message : subject + ": " + message;
}

} // namespace tr::core
