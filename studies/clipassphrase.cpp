#include "studies/clipassphrase.h"

#include <QFile>

#include <cstdlib>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace tr::studies {

std::optional<QString> readPassphrase(
    const core::CliArguments& a, const char* fileOption, const char* prompt, std::ostream& err)
{
    const bool coordinatorFile = std::string(fileOption) == "passphrase-file";
    if (const auto file = a.value(fileOption)) {
        QFile f(QString::fromStdString(*file));
        if (!f.open(QIODevice::ReadOnly)) {
            err << "error: " << *file << ": the passphrase file cannot be read.\n";
            return std::nullopt;
        }
        return QString::fromUtf8(f.readLine()).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
    }
    if (coordinatorFile)
        if (const char* env = std::getenv(kPassphraseVariable))
            return QString::fromUtf8(env);
    if (!isatty(STDIN_FILENO)) {
        err << "error: this needs the coordinator passphrase: give --" << fileOption << " FILE"
            << (coordinatorFile ? std::string(", set ") + kPassphraseVariable : "")
            << ", or run it in a terminal to be asked.\n";
        return std::nullopt;
    }
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    std::cerr << prompt << std::flush;
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::string line;
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << '\n';
    return QString::fromStdString(line);
}

} // namespace tr::studies
