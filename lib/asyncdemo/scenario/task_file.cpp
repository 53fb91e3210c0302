#include "asyncdemo/scenario/task_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "asyncdemo/scenario/task_spec.hpp"

namespace asyncdemo {
namespace {

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<std::vector<TaskSpec>> parse_task_lines(std::istream& in, std::string_view source) {
  std::vector<TaskSpec> tasks;
  std::string raw;
  for (std::size_t number = 1; std::getline(in, raw); ++number) {
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    Result<TaskSpec> task = parse_task_spec(line);
    if (!task) return task.error().within(std::string(source) + ":" + std::to_string(number));
    tasks.push_back(std::move(task).value());
  }
  if (in.bad()) return Error{std::string(source), "read error", "a readable task file"};
  return tasks;
}

Result<std::vector<TaskSpec>> read_task_file(const std::string& path) {
  if (path == "-") return parse_task_lines(std::cin, "standard input");
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    return Error{"--file", "cannot read '" + path + "': it is a folder",
                 "a readable file with one task per line"};
  }
  std::ifstream file(path);
  if (!file) {
    return Error{"--file", "cannot read '" + path + "': " + std::strerror(errno),
                 "a readable file with one task per line"};
  }
  return parse_task_lines(file, path);
}

}  // namespace asyncdemo
