// turing-reader-cli: every coordinator operation, headless. Each layer brings
// its commands; this file only wires them together.
#include "core/clidispatcher.h"
#include "core/mrmccommand.h"
#include "core/version.h"
#include "model/clicommands.h"
#include "model/generatorsource.h"
#include "model/runtimeinfo.h"

#ifndef TR_MODEL_ONLY
#include "core/io/clicommands.h"
#include "core/io/libraryversions.h"
#include "studies/clicommands.h"
#include "studies/storagelocations.h"
#include "studies/trainingdatapreparer.h"

#include <QGuiApplication>

#include <algorithm>
#include <memory>
#endif

#include <iostream>
#include <string>
#include <vector>


int main(int argc, char** argv)
{
    std::string version = std::string("turing-reader-cli ") + tr::core::kVersion + '\n';
#ifdef TR_MODEL_ONLY
    version += "LibTorch-only build: model commands only\n";
#else
    // Qt's locale, plugin and path machinery needs an application object. A PDF
    // report and a figure draw text, which needs a GUI one: on the offscreen
    // platform, so no display is needed. Other commands keep the lighter core
    // application.
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    const bool drawsText = (!arguments.empty() && (arguments.front() == "figure" || arguments.front() == "evaluate"))
        || std::adjacent_find(arguments.begin(), arguments.end(),
               [](const auto& a, const auto& b) { return a == "--format" && b == "pdf"; })
            != arguments.end();
    if (drawsText && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app
        = drawsText ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    tr::studies::setApplicationIdentity();
    version += std::string("Qt ") + qVersion() + ", ITK " + tr::core::io::itkVersion() + ", DCMTK "
        + tr::core::io::dcmtkVersion() + '\n';
#endif
    version += "LibTorch " + tr::model::runtimeInfo().torchVersion + '\n';

    tr::core::CliDispatcher cli("turing-reader-cli", version);
#ifndef TR_MODEL_ONLY
    cli.add(tr::core::io::cliCommands());
    cli.add(tr::core::mrmcCliCommand());
    cli.add(tr::studies::cliCommands(tr::model::modelLayer()));
    // train reads projects through the studies layer; the model layer never sees SQL.
    cli.add(tr::model::cliCommands([](const std::string& project, const tr::core::AugmentationGrid& grid) {
        return tr::studies::prepareTrainingData(project, grid);
    }));
#else
    cli.add(tr::model::cliCommands());
#endif
    return cli.run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
