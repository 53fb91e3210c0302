#include "asyncdemo/codegen/program_text.hpp"

#include <algorithm>
#include <set>

#include "asyncdemo/formats/json.hpp"

namespace asyncdemo::codegen {

std::string string_literal(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::vector<std::string> task_identifiers(const ProgramPlan& plan,
                                          std::initializer_list<std::string_view> reserved) {
  std::set<std::string, std::less<>> taken(reserved.begin(), reserved.end());
  std::vector<std::string> identifiers;
  for (const PlannedTask& task : plan.tasks) {
    std::string name = task.name;
    std::replace(name.begin(), name.end(), '-', '_');
    if (name.empty() || (name.front() >= '0' && name.front() <= '9')) name = "task_" + name;
    while (taken.count(name) != 0) name += '_';
    taken.insert(name);
    identifiers.push_back(name);
  }
  return identifiers;
}

std::string filled(std::string_view text,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out(text);
  for (const auto& [marker, value] : values) {
    for (std::size_t at = out.find(marker); at != std::string::npos;
         at = out.find(marker, at + value.size())) {
      out.replace(at, marker.size(), value);
    }
  }
  return out;
}

std::string without_lines_containing(std::string_view text, std::string_view needle) {
  std::string out;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line =
        text.substr(0, end == std::string_view::npos ? text.size() : end + 1);
    if (line.find(needle) == std::string_view::npos) out += line;
    text.remove_prefix(line.size());
  }
  return out;
}

std::string indented(std::string_view text, std::size_t spaces) {
  std::string out;
  const std::string indent(spaces, ' ');
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    if (!line.empty()) out += indent;
    out += line;
    if (end == std::string_view::npos) break;
    out += '\n';
    text.remove_prefix(end + 1);
  }
  return out;
}

std::string opening_comment(std::string_view prefix, const ProgramPlan& plan,
                            std::string_view about) {
  std::string out = std::string(prefix) + " " + plan.command + "\n" + std::string(prefix) + "\n";
  const std::size_t width = 99 - prefix.size() - 1;
  while (!about.empty()) {
    const std::size_t end = about.find('\n');
    std::string_view line = about.substr(0, end);
    if (line.empty()) out += std::string(prefix) + "\n";
    while (!line.empty()) {
      std::size_t cut = line.size();
      if (cut > width) {
        cut = line.rfind(' ', width);
        if (cut == std::string_view::npos || cut == 0) cut = line.find(' ');
        if (cut == std::string_view::npos) cut = line.size();
      }
      out += std::string(prefix) + " " + std::string(line.substr(0, cut)) + "\n";
      line.remove_prefix(cut);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    }
    if (end == std::string_view::npos) break;
    about.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace asyncdemo::codegen
