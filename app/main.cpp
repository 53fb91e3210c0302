// The command line: hands CLI11 the library's option table, and what it finds to one call into
// the library, which checks it, reports usage errors in asyncdemo's words, and runs the command.
// The only file that includes CLI11, which is slow to compile.
#include <CLI/CLI.hpp>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/cli/command_line.hpp"
#include "asyncdemo/command.hpp"

namespace {

namespace cli = asyncdemo::cli;

// One option as CLI11 holds it: the table's entry and the values CLI11 collects for it.
struct Bound {
  const cli::OptionSpec* spec;
  CLI::Option* option;
  std::vector<std::string> values;
};

// Gives `app` every option of `command`, CLI11 only splitting the words: values stay text,
// unknown words are kept for the library to name, and help is the library's.
void bind(CLI::App& app, cli::Command command, std::deque<Bound>& bound) {
  app.set_help_flag();
  app.allow_extras();
  for (const cli::OptionSpec& spec : cli::option_table()) {
    if (!spec.belongs_to(command)) continue;
    Bound& each = bound.emplace_back(Bound{&spec, nullptr, {}});
    std::string names(spec.name);
    if (spec.positional) {
      names = "positional-" + names;
    } else if (spec.short_name != 0) {
      names = std::string("-") + spec.short_name + "," + names;
    }
    if (spec.positional) {
      each.option = app.add_option(names, each.values);
    } else if (spec.takes_value()) {
      each.option = app.add_option(names, each.values)->allow_extra_args(false);
    } else {
      each.option = app.add_flag(names)->disable_flag_override();
    }
  }
}

// What `app` found, in the order it was typed.
void collect(const CLI::App& app, const std::deque<Bound>& bound, cli::Arguments& arguments) {
  std::vector<std::size_t> taken(bound.size(), 0);
  for (const CLI::Option* option : app.parse_order()) {
    for (std::size_t i = 0; i < bound.size(); ++i) {
      if (bound[i].option != option) continue;
      const std::vector<std::string>& values = bound[i].values;
      arguments.given.push_back({bound[i].spec, values.empty() ? "" : values.at(taken[i]++)});
    }
  }
  for (const std::string& word : app.remaining()) arguments.unknown.push_back(word);
}

}  // namespace

int run_main(int argc, char** argv) {
  // help takes the words after it as they are: "help render" is a topic, not the render command.
  if (argc > 1 && std::string_view(argv[1]) == "help") {
    return cli::main_command(
        {cli::Command::help, {}, std::vector<std::string>(argv + 2, argv + argc)});
  }
  CLI::App app{"", "asyncdemo"};
  std::deque<Bound> bound;
  bind(app, cli::Command::run, bound);
  const std::vector<std::pair<CLI::App*, cli::Command>> commands{
      {app.add_subcommand("render"), cli::Command::render},
      {app.add_subcommand("serve"), cli::Command::serve}};
  for (const auto& [subcommand, command] : commands) bind(*subcommand, command, bound);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli::parser_failed(std::vector<std::string>(argv + 1, argv + argc), error.what());
  }
  cli::Arguments arguments;
  collect(app, bound, arguments);
  for (const auto& [subcommand, command] : commands) {
    if (!subcommand->parsed()) continue;
    arguments.command = command;
    collect(*subcommand, bound, arguments);
  }
  return cli::main_command(arguments);
}

int main(int argc, char** argv) {
  return asyncdemo::run_guarded([&] { return run_main(argc, argv); });
}
