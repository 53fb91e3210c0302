#include "asyncdemo/codegen/code_command.hpp"

#include <iostream>

#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/core/pending_file.hpp"

namespace asyncdemo {
namespace {

bool plain_word(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("-_=:,./*@%+").find(c) != std::string_view::npos;
    if (!plain) return false;
  }
  return true;
}

std::string shell_word(std::string_view word) {
  if (plain_word(word)) return std::string(word);
  bool control = false;
  for (char c : word) control = control || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  if (!control) {
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
  }
  // $'...' keeps the command on one line, as a comment at the top of a program must.
  std::string quoted = "$'";
  for (char c : word) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      quoted += "\\n";
    } else if (c == '\t') {
      quoted += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      constexpr const char* kHex = "0123456789abcdef";
      quoted += "\\x";
      quoted += kHex[byte >> 4];
      quoted += kHex[byte & 0xf];
    } else if (c == '\'' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace

std::string shell_words(const std::vector<std::string>& words) {
  std::string line;
  for (const std::string& word : words) {
    if (!line.empty()) line += ' ';
    line += shell_word(word);
  }
  return line;
}

std::vector<std::string> declaration_words(const Declarations& declarations) {
  std::vector<std::string> words;
  for (const Declarations::Limit& limit : declarations.limits) {
    words.insert(words.end(), {"--limit", limit.name + "=" + std::to_string(limit.size)});
  }
  if (declarations.every_task) {
    words.insert(words.end(), {"--limit", std::to_string(*declarations.every_task)});
  }
  for (const Declarations::Queue& queue : declarations.queues) {
    words.insert(words.end(), {"--queue", queue.name + "=" + std::to_string(queue.maxsize)});
  }
  for (const std::string& event : declarations.events)
    words.insert(words.end(), {"--event", event});
  return words;
}

Result<const Language*> parse_language(std::string_view name) {
  if (const Language* language = find_language(name)) return language;
  return Error{"--lang", "unknown language '" + std::string(name) + "'",
               language_names() + ", like --lang trio"};
}

int code_command(const Options& options, const CodeOptions& code) {
  Result<const Language*> language = parse_language(code.language);
  if (!language) {
    print_error(language.error().message());
    return kExitUsage;
  }
  Result<Scenario> scenario = load_scenario(options);
  if (!scenario) {
    print_error(scenario.error().message());
    return kExitUsage;
  }
  const Mode mode = options.mode.value_or(Mode::async);
  std::vector<std::string> words{"asyncdemo", "code", "--lang", std::string(language.value()->name),
                                 mode == Mode::sync ? "--sync" : "--async"};
  if (options.timeout) words.insert(words.end(), {"--timeout", format_duration(*options.timeout)});
  if (options.on_error == OnError::continue_) words.insert(words.end(), {"--on-error", "continue"});
  if (options.threads != 0)
    words.insert(words.end(), {"--threads", std::to_string(options.threads)});
  for (const std::string& word : declaration_words(scenario->declarations())) words.push_back(word);
  if (!options.task_file.empty()) words.insert(words.end(), {"-f", options.task_file});
  words.insert(words.end(), options.tasks.begin(), options.tasks.end());

  PlanSettings settings;
  settings.mode = mode;
  settings.timeout = options.timeout;
  settings.on_error = options.on_error;
  settings.threads = options.threads;
  settings.command = shell_words(words);
  Result<std::string> program = language.value()->write(plan_program(*scenario, settings));
  if (!program) {
    print_error(program.error().message());
    return kExitUsage;
  }
  if (options.output.empty()) {
    std::cout << *program << std::flush;
    return std::cout ? 0 : kExitFailure;
  }
  Result<PendingFile> file = PendingFile::create(options.output, "--output");
  if (!file) {
    print_error(file.error().message());
    return kExitUsage;
  }
  if (std::optional<Error> failed = file.value().commit(*program)) {
    print_error(failed->message());
    return kExitFailure;
  }
  return 0;
}

}  // namespace asyncdemo
