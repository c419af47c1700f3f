# Compiler warnings for our own targets. Third-party headers come in through
# imported targets, whose include directories CMake marks SYSTEM, so their
# warnings do not drown ours.
function(tr_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
        -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
        -Wnull-dereference -Wimplicit-fallthrough)
    # g++ 12 at -O3 reports impossible overlaps inside std::string's operator+
    # ("accessing 9223372036854775810 or more bytes", GCC bug 105329); keep the
    # warning off for g++ 12 only (g++ 13 fixed it).
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
        target_compile_options(${target} PRIVATE -Wno-restrict)
    endif()
    if(TR_WARNINGS_AS_ERRORS)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
