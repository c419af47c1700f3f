# cmake "-DCOMMAND_LINE=cmd|arg|..." -DEXPECT_STATUS=n "-DEXPECT_REGEX=re" -P expect.cmake
# Runs the command, then fails unless its exit status is EXPECT_STATUS and its
# combined output (newlines folded to spaces) matches EXPECT_REGEX.
string(REPLACE "|" ";" command "${COMMAND_LINE}")
execute_process(COMMAND ${command}
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 600)
set(all "${out}${err}")
string(REPLACE "\n" " " flat "${all}")
message("${all}")
if(NOT status STREQUAL EXPECT_STATUS)
    message(FATAL_ERROR "exit status ${status}, expected ${EXPECT_STATUS}")
endif()
if(NOT flat MATCHES "${EXPECT_REGEX}")
    message(FATAL_ERROR "output does not match: ${EXPECT_REGEX}")
endif()
