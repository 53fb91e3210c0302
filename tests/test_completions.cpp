// The man page and the shell completions are kept in the repository as text, beside the option
// table the program is built from: these tests keep them from drifting apart. A new option,
// value, step kind, format or topic fails here until the manual and each shell know it.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "asyncdemo/cli/help_topics.hpp"
#include "asyncdemo/cli/option_table.hpp"
#include "asyncdemo/formats/formats.hpp"
#include "asyncdemo/steps/step_kinds.hpp"

using namespace asyncdemo;
using namespace asyncdemo::cli;

namespace {

std::string read_dist(const std::string& path) {
  std::ifstream in(std::string(ASYNCDEMO_SOURCE_DIR) + "/dist/" + path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Every word an option takes from a few, every step kind, format and topic: what each shell
// must offer.
std::set<std::string> words_to_offer() {
  std::set<std::string> words;
  for (const OptionSpec& option : option_table()) {
    if (option.words == nullptr) continue;
    for (std::string_view word : option.words()) words.emplace(word);
  }
  for (const StepKind& kind : step_kinds()) words.emplace(kind.name);
  for (const FormatName& format : format_names()) words.emplace(format.name);
  for (std::string_view topic : topic_names()) words.emplace(topic);
  for (std::string_view command : {"render", "serve", "help"}) words.emplace(command);
  return words;
}

// The words of `text` between spaces, quotes, parentheses and the like.
std::set<std::string> words_in(const std::string& text) {
  std::set<std::string> words;
  static const std::regex word(R"([A-Za-z0-9][A-Za-z0-9_-]*)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator();
       ++it) {
    words.insert(it->str());
  }
  return words;
}

}  // namespace

TEST_CASE("the man page defines every option the program has, as help writes it, and no other") {
  const std::string page = read_dist("man/asyncdemo.1.scd");
  // A definition is a line of its own: "*-o*, *--output* _FILE_" or "*--sync*".
  static const std::regex definition(R"(^\*(?:-([A-Za-z])\*, \*)?(--[a-z-]+)\*(?: _([^_]+)_)?$)");
  std::set<std::string> defined;
  std::istringstream lines(page);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (!std::regex_match(line, match, definition)) continue;
    const std::string name = match[2];
    INFO("the man page defines " << line);
    const OptionSpec* option = find_any_option(name);
    REQUIRE(option != nullptr);
    CHECK(defined.insert(name).second);
    CHECK(match[1].str() == (option->short_name ? std::string(1, option->short_name) : ""));
    CHECK(match[3].str() == option->argument);
  }
  for (const OptionSpec& option : option_table()) {
    INFO(option.name);
    if (option.positional) {
      CHECK(contains(page, "_" + std::string(option.name) + "_"));
    } else {
      CHECK(defined.count(std::string(option.name)) == 1);
    }
  }
}

TEST_CASE("the man page describes every step kind, format, topic and exit status") {
  const std::string page = read_dist("man/asyncdemo.1.scd");
  for (const StepKind& kind : step_kinds()) {
    CHECK(contains(page,
                   "\n*" + std::string(kind.name) + ":*_" + std::string(kind.argument) + "_\n"));
  }
  for (const FormatName& format : format_names()) {
    CHECK(contains(page, "*" + std::string(format.name) + "*"));
  }
  for (std::string_view topic : topic_names())
    CHECK(contains(page, "*" + std::string(topic) + "*"));
  for (const ExitStatus& status : exit_statuses()) {
    std::string code(status.code);
    // "130, 143" is written "*130*, *143*".
    code = std::regex_replace(code, std::regex("([0-9]+)"), "*$1*");
    CHECK(contains(page, "\n" + code + "\n"));
  }
}

TEST_CASE("bash, zsh and fish complete every option of every command") {
  const std::string bash = read_dist("completions/asyncdemo.bash");
  const std::string zsh = read_dist("completions/_asyncdemo");
  const std::string fish = read_dist("completions/asyncdemo.fish");
  for (const OptionSpec& option : option_table()) {
    if (option.positional) continue;
    const std::string name(option.name);
    INFO(name);
    CHECK(std::regex_search(bash, std::regex("[ \"]" + name + "[ \n\"]")));
    CHECK(contains(zsh, name));
    CHECK(contains(fish, "-l " + name.substr(2) + " "));
    if (option.short_name != 0) {
      const std::string short_name = std::string("-") + option.short_name;
      CHECK(contains(bash, " " + short_name + " "));
      CHECK(contains(zsh, "{" + short_name));
      CHECK(contains(fish, "-s " + std::string(1, option.short_name) + " "));
    }
  }
}

TEST_CASE("bash, zsh and fish offer every value, step kind, format, topic and command") {
  for (const char* script :
       {"completions/asyncdemo.bash", "completions/_asyncdemo", "completions/asyncdemo.fish"}) {
    const std::set<std::string> offered = words_in(read_dist(script));
    for (const std::string& word : words_to_offer()) {
      INFO(script << " should offer " << word);
      CHECK(offered.count(word) == 1);
    }
  }
}
