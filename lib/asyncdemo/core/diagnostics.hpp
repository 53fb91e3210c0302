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

// A live line at the bottom of standard error, such as a long run's progress, drawn over
// itself: `text` replaces the line shown. An error or a warning erases it, prints, and draws
// it again below. Only for a terminal; safe to call from any thread.
void show_status(std::string_view text);
// Erases the status line, if one is shown, and leaves the cursor at the start of its line.
void clear_status();

}  // namespace asyncdemo
