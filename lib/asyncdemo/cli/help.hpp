#pragma once

#include <string>

#include "asyncdemo/cli/option_table.hpp"

namespace asyncdemo::cli {

// What --help prints for `command`: its usage, its options grouped under headings, each with
// its argument in words and what it is when not given, then examples and (for a run) the exit
// statuses. Drawn from the option table, so it shows exactly the options the program has;
// every line fits an 80-column terminal.
std::string help_page(Command command);

}  // namespace asyncdemo::cli
