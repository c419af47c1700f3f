# cmake -DROOT=<tree> -P check_includes.cmake
# What each layer's sources may #include (house-style.md). Complements the link
# checks: a header-only dependency (a Qt type in a core header) never shows up in
# a link line.
set(rules
    "core/*.h|core/*.cpp|^#include[ \t]*<(Q[A-Z]|Qt|torch/|ATen/|c10/|itk|dcmtk/|vtk|sqlite)"
    "core/io/*.h|core/io/*.cpp|^#include[ \t]*<(Q[A-Z]|Qt|torch/|ATen/|c10/|vtk|sqlite)"
    "model/*.h|model/*.cpp|^#include[ \t]*<(Q[A-Z]|Qt|itk|dcmtk/|vtk|sqlite)"
    "studies/*.h|studies/*.cpp|^#include[ \t]*<(QWidget|QMainWindow|QDialog|QtWidgets|QPushButton|QLabel|torch/|ATen/|c10/|vtk)"
    "gui/*.h|gui/*.cpp|^#include[ \t]*<(torch/|ATen/|c10/|QSql|sqlite)")
set(failures "")
foreach(rule IN LISTS rules)
    string(REPLACE "|" ";" parts "${rule}")
    list(GET parts 0 glob_h)
    list(GET parts 1 glob_cpp)
    list(SUBLIST parts 2 -1 regex_parts)
    list(JOIN regex_parts "|" regex)
    file(GLOB files RELATIVE ${ROOT} ${ROOT}/${glob_h} ${ROOT}/${glob_cpp})
    foreach(file IN LISTS files)
        file(STRINGS ${ROOT}/${file} lines REGEX "${regex}")
        foreach(line IN LISTS lines)
            string(REGEX MATCH "<[^>]+>" header "${line}")
            list(APPEND failures "${file} includes ${header}")
        endforeach()
    endforeach()
endforeach()
if(failures)
    list(JOIN failures "\n  " text)
    message(FATAL_ERROR "layering: forbidden includes (house-style.md):\n  ${text}")
endif()
message("layering: includes ok")
