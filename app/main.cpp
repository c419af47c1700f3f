// turing-reader: the desktop application. Wiring only; the windows live in gui/.
#include "core/demodata.h"
#include "core/version.h"
#include "gui/coordinatorwindow.h"
#include "gui/darktheme.h"
#include "gui/demostudy.h"
#include "gui/errordialog.h"
#include "gui/volumewindow.h"
#include "gui/quizwindow.h"
#include "gui/readerchoicedialog.h"
#include "gui/selftest.h"
#include "studies/project.h"
#include "studies/readersession.h"
#include "studies/readingpackage.h"
#include "studies/storagelocations.h"

#include <QApplication>
#include <QScreen>
#include <QTimer>
#include <QCommandLineParser>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace {
// --self-test must also pass on a headless server (CI, the package check), and
// --help and --version print and exit (help2man makes the manual page from
// them at build time): without a display these render offscreen instead of
// failing to reach X.
void useOffscreenPlatformWhenHeadless(int argc, char** argv)
{
    const bool noWindow = std::any_of(argv + 1, argv + argc, [](const char* a) {
        for (const char* option : {"--self-test", "--help", "-h", "--help-all", "--version", "-v"})
            if (std::strcmp(a, option) == 0)
                return true;
        return false;
    });
    if (noWindow && !std::getenv("QT_QPA_PLATFORM") && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
}
} // namespace

// The reader choice for a study opened without --reader (and the demo): the
// project is read and closed again before the quiz opens it for the session.
struct StudyReaders {
    tr::studies::StudyRecord study;
    std::vector<tr::studies::ReaderProgress> readers;
};

tr::core::Result<StudyReaders> studyReaders(const QString& projectPath, const QString& studyName)
{
    auto project = tr::studies::Project::open(projectPath);
    if (!project)
        return project.error();
    auto study = tr::studies::study(project->database(), studyName);
    if (!study)
        return study.error();
    auto progress = tr::studies::readerProgress(project->database(), studyName);
    if (!progress)
        return progress.error();
    return StudyReaders{*study, *progress};
}

// The reader choice for a study opened without --reader (and the demo): the
// project is read and closed again before the quiz opens it for the session.
tr::core::Result<QString> chooseReader(const QString& projectPath, const QString& studyName, const QString& note)
{
    auto found = studyReaders(projectPath, studyName);
    if (!found)
        return found.error();
    tr::gui::ReaderChoiceDialog dialog(found->study, found->readers, note);
    dialog.setGeometry(QGuiApplication::primaryScreen()->geometry());
    dialog.setWindowState(Qt::WindowFullScreen);
    return dialog.exec() == QDialog::Accepted ? dialog.chosenReader() : QString();
}

int main(int argc, char** argv)
{
    useOffscreenPlatformWhenHeadless(argc, argv);
    QApplication app(argc, argv);
    tr::studies::setApplicationIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Turing Reader"));
    QApplication::setDesktopFileName(QStringLiteral("turing-reader"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Blinded reader studies of GAN-created brain MR images.\n"
        "Without arguments, opens the coordinator's workspace; with --project alone, opens that project in it.\n"
        "With a reading package (a .trpackage file from the coordinator), runs its sitting full screen.\n"
        "With VOLUME, shows that volume file (--self-test: Colin27, ") + QString::fromLatin1(tr::core::kColin27Path)
        + QStringLiteral(", when none is given)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption selfTest(QStringLiteral("self-test"),
        QStringLiteral("Load the volume's centre axial slice, render one frame, check it and exit (0 = pass)."));
    const QCommandLineOption neurological(QStringLiteral("neurological"),
        QStringLiteral("Show the patient's right on the right of the screen (default: radiological)."));
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("The project file of a reader study."),
        QStringLiteral("PROJECT"));
    const QCommandLineOption study(QStringLiteral("study"), QStringLiteral("Open the reading session of this study..."),
        QStringLiteral("STUDY"));
    const QCommandLineOption reader(QStringLiteral("reader"),
        QStringLiteral("... for this reader (code), full screen; without it, the readers are listed to choose from."),
        QStringLiteral("READER"));
    const QCommandLineOption windowed(QStringLiteral("windowed"), QStringLiteral("Show the reading session in a window."));
    const QCommandLineOption demo(QStringLiteral("demo"),
        QStringLiteral("Open the demo study (Colin27 slices against the default generator), made on first use."));
    parser.addOption(selfTest);
    parser.addOption(neurological);
    parser.addOption(project);
    parser.addOption(study);
    parser.addOption(reader);
    parser.addOption(windowed);
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("VOLUME"),
        QStringLiteral("A reading package to answer, or a NIfTI, MetaImage or NRRD volume to show."),
        QStringLiteral("[PACKAGE | VOLUME]"));
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    const QString volume = positional.isEmpty() ? QString::fromLatin1(tr::core::kColin27Path) : positional.first();

    tr::gui::applyDarkTheme(app);
    if (parser.isSet(selfTest))
        return tr::gui::runSelfTest(volume, std::cout, std::cerr);

    QString projectPath = parser.value(project), studyName = parser.value(study), readerCode = parser.value(reader);
    // A reader's package: its own study and reader, no choice to make.
    if (!positional.isEmpty() && tr::studies::isReadingPackage(positional.first())) {
        auto info = tr::studies::readingPackageInfo(positional.first());
        if (!info) {
            std::cerr << "turing-reader: " << info.error().toString() << '\n';
            tr::gui::showError(nullptr, QObject::tr("The reading package cannot be opened."), info.error());
            return 1;
        }
        projectPath = positional.first();
        studyName = info->study;
        readerCode = info->readerCode;
    }
    if (parser.isSet(demo)) {
        auto made = tr::gui::ensureDemoStudy({}, [](const QString& step) {
            std::cerr << "demo: " << step.toStdString() << '\n';
        });
        if (!made) {
            std::cerr << "turing-reader: " << made.error().toString() << '\n';
            tr::gui::showError(nullptr, QObject::tr("The demo study cannot be made."), made.error());
            return 1;
        }
        projectPath = made->projectPath;
        studyName = made->study;
    }
    if (readerCode.isEmpty() && !projectPath.isEmpty() && !studyName.isEmpty()) {
        const QString note = parser.isSet(demo)
            ? QObject::tr("The demo: Colin27 slices against the default generator, with the paper's protocol. Its "
                          "coordinator passphrase (Ctrl+Shift+Q ends a sitting) is \u201c%1\u201d.")
                  .arg(QString::fromLatin1(tr::gui::kDemoPassphrase))
            : QString();
        auto chosen = chooseReader(projectPath, studyName, note);
        if (!chosen) {
            std::cerr << "turing-reader: " << chosen.error().toString() << '\n';
            tr::gui::showError(nullptr, QObject::tr("The study cannot be opened."), chosen.error());
            return 1;
        }
        if (chosen->isEmpty())
            return 0;
        readerCode = *chosen;
    }
    if (!studyName.isEmpty() || !readerCode.isEmpty()) {
        if (studyName.isEmpty() || readerCode.isEmpty() || projectPath.isEmpty()) {
            std::cerr << "turing-reader: a reading session needs --project and --study (and --reader, or a choice).\n";
            return 2;
        }
        auto quiz = tr::gui::QuizWindow::open(projectPath, studyName, readerCode);
        if (!quiz) {
            std::cerr << "turing-reader: " << quiz.error().toString() << '\n';
            tr::gui::showError(nullptr, QObject::tr("The reading session cannot be opened."), quiz.error());
            return 1;
        }
        if (parser.isSet(windowed)) {
            (*quiz)->resize(1280, 900);
            (*quiz)->show();
        } else {
            // Without a window manager (a kiosk X server) full screen is only a
            // request; the geometry makes it so there too.
            (*quiz)->setGeometry(QGuiApplication::primaryScreen()->geometry());
            (*quiz)->showFullScreen();
        }
        return app.exec();
    }

    if (!positional.isEmpty()) { // a volume
        tr::gui::VolumeWindow window;
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

    tr::gui::CoordinatorWindow workspace;
    workspace.show();
    if (!projectPath.isEmpty())
        QTimer::singleShot(0, &workspace, [&workspace, projectPath] { workspace.openProjectDialog(projectPath); });
    return app.exec();
}
