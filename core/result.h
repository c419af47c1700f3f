#pragma once
// Result<T>: a value or an Error, for functions at a layer's public edge that can
// fail because of the outside world. C++20 has no std::expected (g++ 12 offers it
// only with -std=c++2b), so this is the small subset we need, shaped like it so
// the switch is mechanical once we move to C++23.

#include "core/error.h"

#include <stdexcept>
#include <utility>
#include <variant>

namespace tr::core {

// Thrown only when code asks a failed Result for its value: a programming error.
class BadResultAccess : public std::logic_error {
public:
    explicit BadResultAccess(const Error& error)
        : std::logic_error("value() on a failed Result: " + error.toString())
    {
    }
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const noexcept { return m_state.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() &
    {
        check();
        return std::get<0>(m_state);
    }
    const T& value() const&
    {
        check();
        return std::get<0>(m_state);
    }
    T&& value() &&
    {
        check();
        return std::get<0>(std::move(m_state));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    // Only valid when !ok().
    const Error& error() const { return std::get<1>(m_state); }

private:
    void check() const
    {
        if (!ok())
            throw BadResultAccess(error());
    }
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const noexcept { return !m_failed; }
    explicit operator bool() const noexcept { return ok(); }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace tr::core
