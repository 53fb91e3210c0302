#include "asyncdemo/cli/command_line.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include "asyncdemo/cli/help.hpp"
#include "asyncdemo/cli/help_topics.hpp"
#include "asyncdemo/cli/version.hpp"
#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/core/suggest.hpp"
#include "asyncdemo/render.hpp"

namespace asyncdemo::cli {
namespace {

// "render: " before an error of a command's own; nothing for a run's.
std::string within(Command command) {
  return command == Command::run ? "" : std::string(to_string(command));
}

// Where to read what `command` takes.
std::string help_for(Command command) {
  if (command == Command::run) return "asyncdemo --help";
  if (command == Command::help) return "asyncdemo help --help";
  return "asyncdemo help " + std::string(to_string(command));
}

// An option of another command than `command`: says whose it is, and how to give it there.
std::optional<Error> misplaced(Command command, const OptionSpec& option) {
  const std::string where = within(command);
  for (Command owner : {Command::run, Command::render, Command::serve}) {
    if (!option.belongs_to(owner)) continue;
    const std::string here = command == Command::run ? "a run" : where;
    if (owner == Command::run) {
      return Error{where, std::string(option.name) + " is an option of a run, not of " + here,
                   "an option that " + help_for(command) + " lists"};
    }
    return Error{where,
                 std::string(option.name) + " is an option of " + std::string(to_string(owner)) +
                     ", not of " + here,
                 "asyncdemo " + std::string(to_string(owner)) + " " + option.synopsis()};
  }
  return std::nullopt;
}

// The positional argument `command` takes, if any: "TRACE".
const OptionSpec* positional_of(Command command) {
  for (const OptionSpec& option : option_table()) {
    if (option.positional && option.belongs_to(command)) return &option;
  }
  return nullptr;
}

Error unknown_word(Command command, std::string_view word) {
  const std::string where = within(command);
  if (!word.starts_with('-') || word == "-") {
    const OptionSpec* positional = positional_of(command);
    return Error{where, "unexpected '" + std::string(word) + "'",
                 (positional ? "one " + std::string(positional->name) + " and options"
                             : std::string("only options")) +
                     ", as " + help_for(command) + " shows"};
  }
  std::string_view name = word.substr(0, word.find('='));
  if (name.size() <= 1) name = word;
  if (const OptionSpec* elsewhere = find_any_option(name)) {
    if (std::optional<Error> error = misplaced(command, *elsewhere)) return *error;
  }
  return Error{
      where,
      "unknown option '" + std::string(name) + "'" + did_you_mean(name, option_names(command)),
      "an option that " + help_for(command) + " lists"};
}

// A first task without '=' that looks like a mistyped command: "hlep".
std::optional<Error> mistyped_command(const Invocation& in) {
  if (in.command != Command::run || in.options.tasks.empty()) return std::nullopt;
  const std::string& first = in.options.tasks.front();
  if (first.find('=') != std::string::npos) return std::nullopt;
  constexpr std::array<std::string_view, 3> kCommands{"render", "serve", "help"};
  if (std::find(kCommands.begin(), kCommands.end(), first) != kCommands.end()) {
    return Error{"", "'" + first + "' is a command, and comes before every option",
                 "asyncdemo " + first + " ..."};
  }
  const std::string hint = did_you_mean(first, kCommands);
  if (hint.empty()) return std::nullopt;
  return Error{"", "'" + first + "' is neither a task nor a command" + hint,
               "a command (render, serve or help), or a task NAME=DURATION, like one=1s"};
}

}  // namespace

Result<Invocation> interpret(const Arguments& arguments) {
  const Command command = arguments.command;
  std::vector<Given> given = arguments.given;
  std::vector<std::string> unknown;
  for (const std::string& word : arguments.unknown) {
    // help's words come unparsed (app/main.cpp), so that "help render" is a topic.
    const OptionSpec* option = nullptr;
    if (command == Command::help) {
      option = word.starts_with('-') ? find_option(command, word) : positional_of(command);
    }
    if (option == nullptr) {
      unknown.push_back(word);
    } else {
      given.push_back({option, option->takes_value() ? word : ""});
    }
  }

  Invocation in;
  in.command = command;
  for (const Given& each : given) {
    if (each.option->name == "--help") in.help = true;
    if (each.option->name == "--version" && command == Command::run) in.version = true;
  }
  if (in.help || in.version) return in;

  for (const std::string& word : unknown) {
    if (word != "--") return unknown_word(command, word);
  }
  const std::string where = within(command);
  std::map<const OptionSpec*, std::string> seen;
  for (const Given& each : given) {
    const OptionSpec& option = *each.option;
    if (!option.belongs_to(command)) {
      if (std::optional<Error> error = misplaced(command, option)) return *error;
    }
    if (option.takes_value() && !option.repeatable) {
      auto [earlier, first] = seen.emplace(&option, each.value);
      if (!first) {
        const Error twice{std::string(option.name),
                          "given twice ('" + earlier->second + "', then '" + each.value + "')",
                          "one " + std::string(option.name)};
        return where.empty() ? twice : twice.within(where);
      }
    }
    if (std::optional<Error> error = option.apply(in, each.value)) {
      return where.empty() ? *error : error->within(where);
    }
  }
  if (std::optional<Error> error = mistyped_command(in)) return *error;
  if (command == Command::render && in.options.render.empty()) {
    return Error{"render", "no trace given",
                 "a file saved with --format jsonl, or - for standard input, like asyncdemo "
                 "render run.jsonl"};
  }
  return in;
}

Error parser_error(std::span<const std::string> words, std::string_view parser_message) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--") break;
    if (!word.starts_with('-')) continue;
    const std::size_t equals = word.find('=');
    const std::string_view name = std::string_view(word).substr(0, equals);
    const OptionSpec* option = find_any_option(name);
    if (option == nullptr) continue;
    if (!option->takes_value() && equals != std::string::npos) {
      return Error{std::string(option->name),
                   "takes no value, but was given '" + word.substr(equals + 1) + "'",
                   std::string(option->name) + " alone"};
    }
    const bool missing =
        equals == std::string::npos ? i + 1 == words.size() : equals + 1 == word.size();
    if (option->takes_value() && missing) {
      // "--clock real|virtual" says its words already; "--color WHEN" needs them said.
      const bool spelled_out = option->argument.find('|') != std::string_view::npos;
      std::string expected = std::string(option->name) + " " + std::string(option->argument);
      if (option->words != nullptr && !spelled_out) {
        const std::vector<std::string_view> choices = option->words();
        expected += ", where " + std::string(option->argument) + " is ";
        for (std::size_t c = 0; c < choices.size(); ++c) {
          if (c > 0) expected += c + 1 == choices.size() ? " or " : ", ";
          expected += choices[c];
        }
      }
      return Error{std::string(option->name),
                   "no " + (spelled_out ? std::string("value") : std::string(option->argument)) +
                       " after it",
                   expected};
    }
  }
  return Error{"", std::string(parser_message), "a command line that asyncdemo --help shows"};
}

int parser_failed(std::span<const std::string> words, std::string_view parser_message) {
  print_error(parser_error(words, parser_message).message());
  return kExitUsage;
}

int main_command(const Arguments& arguments) {
  Result<Invocation> invocation = interpret(arguments);
  if (!invocation) {
    print_error(invocation.error().message());
    return kExitUsage;
  }
  const Invocation& in = *invocation;
  const auto print = [](const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : kExitFailure;
  };
  if (in.help) return print(help_page(in.command));
  if (in.version) return print(version_text());
  switch (in.command) {
    case Command::run:
      return run_command(in.options);
    case Command::render:
      return render_command(in.options, std::cin);
    case Command::serve:
      return serve_command(in.serve);
    case Command::help: {
      if (!in.topic) return print(help_page(Command::run));
      Result<std::string> text = topic_text(*in.topic);
      if (!text) {
        print_error(text.error().message());
        return kExitUsage;
      }
      return print(*text);
    }
  }
  return kExitUsage;
}

}  // namespace asyncdemo::cli
