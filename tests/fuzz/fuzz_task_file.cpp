// TaskFileParser: the same tasks (or the same error) whatever chunks the bytes arrive in, and
// the same as an independent reading of the lines (split on '\n', trimmed, blank lines and
// comments skipped, each parsed with parse_task_spec); the line limit and the task cap hold.
// The first input byte picks the chunk size and a small line limit, so that the fuzzer reaches
// the limit without megabytes of input.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "asyncdemo/scenario/task_file.hpp"
#include "asyncdemo/scenario/task_spec.hpp"
#include "fuzz_check.hpp"

using namespace asyncdemo;

namespace {

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// What the file should give: the printed specs, or the error message.
struct Outcome {
  std::vector<std::string> specs;
  std::optional<std::string> error;
  bool operator==(const Outcome&) const = default;
};

Outcome outcome_of(const Result<std::vector<TaskSpec>>& tasks) {
  Outcome outcome;
  if (!tasks) {
    outcome.error = tasks.error().message();
    return outcome;
  }
  for (const TaskSpec& task : *tasks) outcome.specs.push_back(format_task_spec(task));
  return outcome;
}

Outcome expected_outcome(std::string_view text, std::size_t longest_line) {
  Outcome outcome;
  const auto failed = [](std::string message) { return Outcome{{}, std::move(message)}; };
  std::size_t tasks = 0;
  std::size_t number = 1;
  while (true) {
    const std::size_t newline = text.find('\n');
    const std::string_view raw = text.substr(0, newline);
    if (newline == std::string_view::npos && raw.empty()) break;  // ends with '\n', or empty
    const std::string where = "input:" + std::to_string(number);
    if (raw.size() > longest_line) {
      return failed(where + ": the line is longer than " + std::to_string(longest_line) +
                    " bytes; expected one task per line, like one=1s");
    }
    const std::string_view line = trim(raw);
    if (!line.empty() && line.front() != '#') {
      const Result<TaskSpec> task = parse_task_spec(line);
      if (!task) return failed(task.error().within(where).message());
      tasks += task->task_count();
      if (tasks > kMostTasks) {
        outcome.error = where +
                        ": more than 10000000 tasks in all; expected at most 10000000 "
                        "tasks, all specs together";
        return outcome;
      }
      outcome.specs.push_back(format_task_spec(*task));
    }
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
    ++number;
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 16;
  const std::size_t longest_line = 8 + (data[0] >> 4) * 16;  // 8 to 248 bytes
  const std::string_view text = fuzz::as_text(data + 1, size - 1);

  TaskFileParser in_chunks("input", longest_line);
  std::optional<Error> early;
  for (std::size_t at = 0; at < text.size() && !early; at += chunk) {
    early = in_chunks.feed(text.substr(at, chunk));
  }
  const Outcome chunked = early ? Outcome{{}, early->message()} : outcome_of(in_chunks.finish());

  TaskFileParser whole("input", longest_line);
  std::optional<Error> whole_error = whole.feed(text);
  const Outcome at_once =
      whole_error ? Outcome{{}, whole_error->message()} : outcome_of(whole.finish());

  const Outcome expected = expected_outcome(text, longest_line);
  FUZZ_CHECK(chunked == at_once,
             chunked.error.value_or("ok") + " / " + at_once.error.value_or("ok"));
  FUZZ_CHECK(at_once == expected,
             at_once.error.value_or("ok") + " but expected " + expected.error.value_or("ok"));
  return 0;
}
