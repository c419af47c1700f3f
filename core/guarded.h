#pragma once
// Every edge catches: the body of a worker thread, a CLI command, a slot reached
// from a worker. guarded() runs a piece of work and turns whatever escapes it
// (std::bad_alloc, LibTorch's c10::Error, a BadResultAccess, anything) into an
// Error a person can act on, instead of std::terminate ending the program.

#include "core/result.h"

#include <exception>
#include <optional>
#include <string>

namespace tr::core {

// The Error for the exception `escaped`, about `subject` (a file, a project, a command).
Error escapedError(const std::string& subject, std::exception_ptr escaped);

// For work that returns a Result<T>: its result, or the escaped exception as its error.
template <typename F>
auto guarded(const std::string& subject, F&& work) -> decltype(work())
{
    try {
        return work();
    } catch (...) {
        return escapedError(subject, std::current_exception());
    }
}

// For work that reports through its own channels: the escaped exception, if any.
template <typename F>
std::optional<Error> caught(const std::string& subject, F&& work)
{
    try {
        work();
        return std::nullopt;
    } catch (...) {
        return escapedError(subject, std::current_exception());
    }
}

} // namespace tr::core
