#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/command.hpp"
#include "asyncdemo/core/result.hpp"
#include "asyncdemo/server/http_server.hpp"

namespace asyncdemo::cli {

// The commands of the command line; an option lists those it belongs to.
enum class Command : unsigned { run = 1, render = 2, serve = 4, help = 8 };
constexpr unsigned operator|(Command a, Command b) {
  return static_cast<unsigned>(a) | static_cast<unsigned>(b);
}
constexpr unsigned operator|(unsigned a, Command b) {
  return a | static_cast<unsigned>(b);
}
std::string_view to_string(Command command);

// The headings help groups the options under, in the order it prints them.
enum class Group { modes, tasks, coordination, output, pictures, pitfalls, serving, information };

// Everything one command line asks for, filled in option by option.
struct Invocation {
  Command command = Command::run;
  Options options;                   // a run's and render's
  ServeOptions serve;                // serve's
  std::optional<std::string> topic;  // help TOPIC
  bool help = false;
  bool version = false;
  std::string mode_option;      // --sync, --async or --compare, as given: only one may be
  std::string timeline_option;  // --timeline or --no-timeline, as given: only one may be
};

// One option (or positional argument) of the command line: how it is written, what help says of
// it, and what it does to the invocation. app/main.cpp gives each to the parser, help and the
// man page's test read them, so the options the program has, the ones help shows and the ones
// the manual describes are the same.
struct OptionSpec {
  char short_name = 0;        // 'o' for -o; 0 for none
  std::string_view name;      // "--output"; for a positional argument its word, "TASK"
  std::string_view argument;  // what it takes, in words: "FILE"; empty for a flag
  std::string_view help;      // one sentence, for --help
  std::string_view fallback;  // what it is when not given, for --help; empty: nothing to say
  Group group = Group::information;
  unsigned commands = 0;  // the Commands it belongs to
  bool positional = false;
  bool repeatable = false;  // may be given more than once, each adding to the last
  // The words it takes, when it takes one of a few (completion and "did you mean" use them).
  std::vector<std::string_view> (*words)() = nullptr;
  // Applies the value given (empty for a flag); an Error names the option and the bad token.
  std::optional<Error> (*apply)(Invocation& invocation, std::string_view value) = nullptr;

  bool takes_value() const { return !argument.empty(); }
  bool belongs_to(Command command) const {
    return (commands & static_cast<unsigned>(command)) != 0;
  }
  // "-o, --output FILE", "--clock real|virtual", "TASK": how help shows it.
  std::string synopsis() const;
};

// Every option of every command, in the order help lists them.
std::span<const OptionSpec> option_table();
// The option written `name` ("--output" or "-o") in `command`; null when it has none.
const OptionSpec* find_option(Command command, std::string_view name);
// The option written `name` in any command; null when none has it.
const OptionSpec* find_any_option(std::string_view name);
// The long names of `command`'s options, "--output", for suggestions and completion.
std::vector<std::string_view> option_names(Command command);

}  // namespace asyncdemo::cli
