#pragma once
// Runs a piece of work in a forked child process and hands its output back,
// for third-party decoders that end the process on damaged data instead of
// returning an error: Debian's DCMTK 3.6.7 bundles CharLS built with its
// assertions, and a corrupt JPEG-LS stream aborts inside JpegLsDecode (found by
// tests/fuzz/fuzz_dicom_file). In a child, such an abort costs the child only;
// the caller gets a message naming the file. Orthanc and browsers isolate
// codecs for the same reason.

#include <functional>
#include <string>

namespace tr::core::io {

struct ChildOutcome {
    bool completed = false; // the work returned and its output arrived whole
    int signal = 0;         // the signal that ended the child, when one did
    std::string output;     // what the work returned
    std::string problem;    // why not completed, in words (for the detail line)
};

// Forks, runs work() in the child with the default action for fatal signals
// (no sanitizer or fuzzer handlers), sends its result through a pipe, and
// leaves with _exit (no atexit handlers: the child shares the parent's Qt and
// DCMTK state and must not tear it down). The parent waits for it.
ChildOutcome runInChildProcess(const std::function<std::string()>& work);

} // namespace tr::core::io
