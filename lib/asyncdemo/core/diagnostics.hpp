#pragma once

#include <string_view>

namespace asyncdemo {

// "asyncdemo: error: ..." and "asyncdemo: warning: ..." on standard error, one line each (a
// control character in the message is shown escaped, "\n"). Never on standard output: that is
// the trace's.
void print_error(std::string_view message);
void print_warning(std::string_view message);
// "asyncdemo: ..." for what the user should know that is neither, like a wait for input.
void print_note(std::string_view message);

}  // namespace asyncdemo
