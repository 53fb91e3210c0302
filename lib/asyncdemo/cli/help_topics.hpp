#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/core/result.hpp"

namespace asyncdemo::cli {

// One exit status and what it means, for help and the manual.
struct ExitStatus {
  std::string_view code;  // "130"
  std::string_view meaning;
};
std::span<const ExitStatus> exit_statuses();

// A command line to try, and what it shows.
struct Example {
  std::string_view command;  // as typed in a shell, "asyncdemo one=1s two=2s"
  std::string_view shows;
  bool in_help = false;  // --help shows it too, not only asyncdemo help examples
};
std::span<const Example> examples();

// What asyncdemo help TOPIC explains: steps, durations, formats, examples, exit-codes, and the
// commands render and serve.
std::vector<std::string_view> topic_names();
// The text asyncdemo help TOPIC prints; an Error names an unknown topic and suggests one.
Result<std::string> topic_text(std::string_view topic);

}  // namespace asyncdemo::cli
