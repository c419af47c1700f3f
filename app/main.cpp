// turing-reader: the desktop application. Wiring only; the windows live in gui/.
#include "core/demodata.h"
#include "core/version.h"
#include "gui/darktheme.h"
#include "gui/mainwindow.h"
#include "gui/selftest.h"
#include "studies/storagelocations.h"

#include <QApplication>
#include <QCommandLineParser>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace {
// --self-test must also pass on a headless server (CI, the package check):
// without a display, render offscreen instead of failing to reach X.
void useOffscreenPlatformForHeadlessSelfTest(int argc, char** argv)
{
    const bool selfTest = std::any_of(argv + 1, argv + argc, [](const char* a) {
        return std::strcmp(a, "--self-test") == 0;
    });
    if (selfTest && !std::getenv("QT_QPA_PLATFORM") && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
}
} // namespace

int main(int argc, char** argv)
{
    useOffscreenPlatformForHeadlessSelfTest(argc, argv);
    QApplication app(argc, argv);
    tr::studies::setApplicationIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Turing Reader"));
    QApplication::setDesktopFileName(QStringLiteral("turing-reader"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Blinded reader studies of GAN-created brain MR images.\n"
        "Without VOLUME, opens the Colin27 demo volume (") + QString::fromLatin1(tr::core::kColin27Path)
        + QStringLiteral(")."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption selfTest(QStringLiteral("self-test"),
        QStringLiteral("Load the volume's centre axial slice, render one frame, check it and exit (0 = pass)."));
    const QCommandLineOption neurological(QStringLiteral("neurological"),
        QStringLiteral("Show the patient's right on the right of the screen (default: radiological)."));
    parser.addOption(selfTest);
    parser.addOption(neurological);
    parser.addPositionalArgument(QStringLiteral("VOLUME"),
        QStringLiteral("A NIfTI, MetaImage or NRRD volume to show."), QStringLiteral("[VOLUME]"));
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    const QString volume = positional.isEmpty() ? QString::fromLatin1(tr::core::kColin27Path) : positional.first();

    tr::gui::applyDarkTheme(app);
    if (parser.isSet(selfTest))
        return tr::gui::runSelfTest(volume, std::cout, std::cerr);

    tr::gui::MainWindow window;
    if (parser.isSet(neurological))
        window.setConvention(tr::core::DisplayConvention::Neurological);
    if (auto opened = window.openVolume(volume); !opened) {
        window.showPlaceholder(QObject::tr("%1\n\nOpen a volume with File ▸ Open Volume… "
                                           "(the demo volume comes with Debian's mricron-data package).")
                                   .arg(QString::fromStdString(opened.error().toString())));
        std::cerr << "turing-reader: " << opened.error().toString() << '\n';
    }
    window.show();
    return app.exec();
}
