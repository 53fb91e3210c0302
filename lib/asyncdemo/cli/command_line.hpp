#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/cli/option_table.hpp"
#include "asyncdemo/core/result.hpp"

namespace asyncdemo::cli {

// One option (or positional argument) as the parser found it.
struct Given {
  const OptionSpec* option = nullptr;
  std::string value;  // empty for a flag
};

// What the parser in app/main.cpp found on the command line, before any of it is checked.
struct Arguments {
  Command command = Command::run;
  std::vector<Given> given;          // in the order typed
  std::vector<std::string> unknown;  // the words it did not know, in order ("--" included)
};

// Checks the arguments and turns them into what they ask for; the Error is the first usage
// error, naming the token, what was expected and, for a mistyped word, what was likely meant.
// --help and --version win over every other error, as they do in git.
Result<Invocation> interpret(const Arguments& arguments);

// The usage error when the parser itself refused `words` (the arguments, without the program's
// name), in the same words as interpret's: an option without the value it needs, a flag given
// one. `parser_message` is what the parser said, used only when no better cause is found.
Error parser_error(std::span<const std::string> words, std::string_view parser_message);

// The whole program once the parser is done: interprets the arguments, reports a usage error
// (exit 2), prints help or the version, or runs the command. Returns the exit code.
int main_command(const Arguments& arguments);
// When the parser refused the words: reports parser_error's message. Returns 2.
int parser_failed(std::span<const std::string> words, std::string_view parser_message);

}  // namespace asyncdemo::cli
