#include "support/command_words.hpp"

namespace asyncdemo::test {

std::vector<std::string> shell_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '\'') {
        quoted = false;
      } else {
        word += c;
      }
    } else if (c == '\'') {
      quoted = true;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

cli::Arguments parse_words(const std::vector<std::string>& words) {
  cli::Arguments arguments;
  std::size_t i = 0;
  if (!words.empty() && words[0] == "help") {
    arguments.command = cli::Command::help;
    arguments.unknown.assign(words.begin() + 1, words.end());
    return arguments;
  }
  for (; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "render" || word == "serve") {
      arguments.command = word == "render" ? cli::Command::render : cli::Command::serve;
      continue;
    }
    if (!word.starts_with('-') || word == "-") {
      const cli::OptionSpec* positional = nullptr;
      for (const cli::OptionSpec& option : cli::option_table()) {
        if (option.positional && option.belongs_to(arguments.command)) positional = &option;
      }
      if (positional == nullptr) {
        arguments.unknown.push_back(word);
      } else {
        arguments.given.push_back({positional, word});
      }
      continue;
    }
    const std::size_t equals = word.find('=');
    const cli::OptionSpec* option =
        cli::find_option(arguments.command, std::string_view(word).substr(0, equals));
    if (option == nullptr) {
      arguments.unknown.push_back(word);
    } else if (!option->takes_value()) {
      arguments.given.push_back({option, ""});
    } else if (equals != std::string::npos) {
      arguments.given.push_back({option, word.substr(equals + 1)});
    } else if (i + 1 < words.size()) {
      arguments.given.push_back({option, words[++i]});
    }
  }
  return arguments;
}

}  // namespace asyncdemo::test
