#include <doctest/doctest.h>

#include <set>
#include <string>

#include "asyncdemo/cli/option_table.hpp"

using namespace asyncdemo::cli;

TEST_CASE("every option has a unique name, help, a command and a way to apply it") {
  std::set<std::pair<std::string, unsigned>> names;
  std::set<char> short_names;
  for (const OptionSpec& option : option_table()) {
    INFO(option.name);
    CHECK_FALSE(option.help.empty());
    CHECK(option.commands != 0);
    CHECK((option.apply != nullptr));
    CHECK(names.emplace(std::string(option.name), option.commands).second);
    if (option.short_name != 0) CHECK(short_names.insert(option.short_name).second);
    if (option.positional) CHECK(option.takes_value());
    if (!option.positional) CHECK(option.name.starts_with("--"));
  }
}

TEST_CASE("synopsis shows an option as help writes it") {
  CHECK(find_option(Command::run, "--output")->synopsis() == "-o, --output FILE");
  CHECK(find_option(Command::run, "--clock")->synopsis() == "--clock real|virtual");
  CHECK(find_option(Command::run, "--sync")->synopsis() == "--sync");
}

TEST_CASE("find_option finds an option by either name, only in its own command") {
  CHECK(find_option(Command::run, "-o") == find_option(Command::run, "--output"));
  CHECK(find_option(Command::render, "--output") != nullptr);
  CHECK(find_option(Command::render, "--clock") == nullptr);
  CHECK(find_option(Command::serve, "--port") != nullptr);
  CHECK(find_option(Command::run, "--port") == nullptr);
  CHECK(find_any_option("--port") != nullptr);
  CHECK(find_any_option("TASK") == nullptr);  // a positional argument is not written as an option
}

TEST_CASE("option_names lists a command's long options, for suggestions") {
  const std::vector<std::string_view> serve = option_names(Command::serve);
  CHECK(serve == std::vector<std::string_view>{"--host", "--port", "--help"});
}
