#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/cli/command_line.hpp"

namespace asyncdemo::test {

// The words a POSIX shell makes of `line`: split at spaces, with '...' quoting and \ escaping
// outside quotes. Enough for the command lines help and the manual show.
std::vector<std::string> shell_words(std::string_view line);

// What the parser in app/main.cpp finds in `words` (after the program's name), taken word by
// word from the option table: options with their values, positional arguments, unknown words.
cli::Arguments parse_words(const std::vector<std::string>& words);

}  // namespace asyncdemo::test
