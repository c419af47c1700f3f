#include "core/io/childprocess.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tr::core::io {

namespace {

bool writeAll(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

} // namespace

ChildOutcome runInChildProcess(const std::function<std::string()>& work)
{
    ChildOutcome outcome;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        outcome.problem = std::string("no pipe for the decoder process: ") + std::strerror(errno);
        return outcome;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        outcome.problem = std::string("the decoder process could not start: ") + std::strerror(errno);
        ::close(fds[0]);
        ::close(fds[1]);
        return outcome;
    }
    if (pid == 0) {
        ::close(fds[0]);
        for (int s : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
            std::signal(s, SIG_DFL);
        int status = 1;
        try {
            const std::string out = work();
            // A length first, so that the parent can tell a whole answer from a cut one.
            const std::uint64_t size = out.size();
            if (writeAll(fds[1], reinterpret_cast<const char*>(&size), sizeof size) && writeAll(fds[1], out.data(), out.size()))
                status = 0;
        } catch (...) {
            status = 2;
        }
        ::_exit(status);
    }
    ::close(fds[1]);
    std::string received;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        received.append(buffer, std::size_t(n));
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status)) {
        outcome.signal = WTERMSIG(status);
        outcome.problem = std::string("the decoder process ended with signal ") + std::to_string(outcome.signal) + " ("
            + ::strsignal(outcome.signal) + ")";
        return outcome;
    }
    std::uint64_t size = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || received.size() < sizeof size) {
        outcome.problem = "the decoder process failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
        return outcome;
    }
    std::memcpy(&size, received.data(), sizeof size);
    if (received.size() - sizeof size != size) {
        outcome.problem = "the decoder process's answer was cut short";
        return outcome;
    }
    outcome.output = received.substr(sizeof size);
    outcome.completed = true;
    return outcome;
}

} // namespace tr::core::io
