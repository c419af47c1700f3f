#pragma once
// The error that crosses a layer's public edge: what went wrong (code), with
// which file or object (subject), and a sentence a person can act on (message).
// Third-party text (an itk::ExceptionObject, an OFCondition, a c10::Error) goes
// in detail, for logs and "show details", never instead of the message.

#include <string>
#include <string_view>

namespace tr::core {

enum class ErrorCode {
    NotFound,          // the file or object does not exist
    PermissionDenied,  // it exists but cannot be read or written
    UnsupportedFormat, // not a format (or variant) we read
    Truncated,         // ends before its own header says it should
    Corrupt,           // inconsistent or unreadable content
    TooLarge,          // declares a size we refuse to allocate
    InvalidArgument,   // a value given by the caller is out of range
    AlreadyExists,     // the thing to be added is there already
    Busy,              // another program has it open
    Io,                // the operating system refused an operation
    Internal,          // a bug: should never reach a user
};

// Stable lower-case name of a code ("not-found", ...), for logs and scripts.
std::string_view errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string subject; // file path or object name, may be empty
    std::string message; // one or two sentences: what happened and what to do
    std::string detail;  // optional third-party text

    // "subject: message" (or just the message when there is no subject).
    std::string toString() const;
};

} // namespace tr::core
