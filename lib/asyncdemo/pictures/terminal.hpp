#pragma once

#include <cstddef>

namespace asyncdemo {

// The width of the terminal on `fd`; else $COLUMNS when it is a number; else 80.
std::size_t terminal_columns(int fd, const char* columns_env);

// Whether the locale the environment names (LC_ALL, then LC_CTYPE, then LANG, the first that is
// set and not empty) uses UTF-8. Read from the variables rather than setlocale(), so that a
// UTF-8 locale that is not installed still counts: the terminal decides, not the C library.
bool utf8_locale(const char* lc_all, const char* lc_ctype, const char* lang);

}  // namespace asyncdemo
