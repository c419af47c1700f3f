#pragma once
// The fuzz harnesses' one helper: every reader under test takes a path, so each
// input is written to a file in a directory of this process's own (on /dev/shm
// when it exists: no disk traffic at thousands of executions a second) under
// the name the reader expects, and read back from there.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace tr::fuzz {

inline const std::filesystem::path& scratchDirectory()
{
    static const std::filesystem::path dir = [] {
        const std::filesystem::path base
            = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
        std::string pattern = (base / "tr-fuzz-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            std::abort();
        return std::filesystem::path(pattern);
    }();
    return dir;
}

// Writes the input to scratchDirectory()/name and returns that path.
inline std::filesystem::path writeScratch(const std::string& name, const std::uint8_t* data, std::size_t size)
{
    const auto path = scratchDirectory() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    out.close();
    if (!out)
        std::abort(); // the scratch disk is full: a broken run, not a finding
    return path;
}

} // namespace tr::fuzz
