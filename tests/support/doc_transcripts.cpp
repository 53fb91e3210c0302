#include "support/doc_transcripts.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace asyncdemo::doc {
namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

constexpr std::string_view kSkip = "<!-- doc-test: skip";

// Whose line a trace line is: its mode and task ("async a"), or its mode and "--" for a run's
// own lines; empty for any line that is not a trace line (tables, warnings).
std::string owner_of(std::string_view line) {
  std::vector<std::string_view> words;
  for (std::size_t at = 0; words.size() < 3;) {
    const std::size_t begin = line.find_first_not_of(' ', at);
    if (begin == std::string_view::npos) break;
    const std::size_t end = std::min(line.find(' ', begin), line.size());
    words.push_back(line.substr(begin, end - begin));
    at = end;
  }
  if (words.size() < 3 || words[0].size() < 2 || words[0].back() != 's' ||
      !std::isdigit(static_cast<unsigned char>(words[0].front())) ||
      (words[1] != "sync" && words[1] != "async")) {
    return {};
  }
  return std::string(words[1]) + " " + std::string(words[2]);
}

using Lines = std::vector<std::string>;

// Whether `chunk` (no "..." in it) matches actual[at, at + chunk.size()).
bool chunk_matches(const Lines& chunk, const Lines& actual, std::size_t at, bool exact) {
  if (at + chunk.size() > actual.size()) return false;
  if (exact) return std::equal(chunk.begin(), chunk.end(), actual.begin() + static_cast<long>(at));
  // By shape: the same lines, numbers aside; each task's own lines (and the lines that are
  // no task's) in the same order; how the tasks' lines interleave is the real clock's race.
  Lines want;
  Lines got;
  std::map<std::string, Lines> wanted_by_owner;
  std::map<std::string, Lines> got_by_owner;
  for (std::size_t j = 0; j < chunk.size(); ++j) {
    want.push_back(shape_of(chunk[j]));
    got.push_back(shape_of(actual[at + j]));
    wanted_by_owner[owner_of(chunk[j])].push_back(want.back());
    got_by_owner[owner_of(actual[at + j])].push_back(got.back());
  }
  if (wanted_by_owner != got_by_owner) return false;
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  return want == got;
}

std::string quoted(const Lines& lines) {
  std::string text;
  for (const std::string& line : lines) text += "    | " + line + "\n";
  return text;
}

}  // namespace

std::vector<Command> commands_in(std::string_view markdown) {
  const Lines lines = lines_of(markdown);
  std::vector<Command> commands;
  std::string skip;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = trimmed(lines[i]);
    if (line.starts_with(kSkip)) {
      std::string_view reason = line.substr(kSkip.size());
      if (const std::size_t end = reason.find("-->"); end != std::string_view::npos) {
        reason = reason.substr(0, end);
      }
      skip = std::string(trimmed(reason));
      if (skip.empty()) skip = "marked to skip";
      continue;
    }
    if (!line.starts_with("```")) {
      if (!line.empty()) skip.clear();  // the mark applies to the block right after it
      continue;
    }
    const bool shell = trimmed(line.substr(3)) == "sh";
    // The block's lines, up to its closing fence.
    std::size_t end = i + 1;
    while (end < lines.size() && !trimmed(lines[end]).starts_with("```")) ++end;
    Command* open = nullptr;
    for (std::size_t j = i + 1; j < end; ++j) {
      const std::string& text = lines[j];
      if (text.starts_with("$ ")) {
        commands.push_back(Command{j + 1, text.substr(2), true, {}, skip});
        open = &commands.back();
      } else if (open != nullptr) {
        open->expected.push_back(text);
      } else if (shell && !trimmed(text).empty() && !trimmed(text).starts_with("#")) {
        commands.push_back(Command{j + 1, std::string(trimmed(text)), false, {}, skip});
      }
    }
    skip.clear();
    i = end;
  }
  return commands;
}

bool shown_exactly(const Command& command) {
  return command.text.find("--clock virtual") != std::string::npos;
}

std::string shape_of(std::string_view line) {
  std::string shape;
  for (std::size_t i = 0; i < line.size();) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) {
      shape += line[i++];
      continue;
    }
    while (i < line.size() && (std::isdigit(static_cast<unsigned char>(line[i])) ||
                               (line[i] == '.' && i + 1 < line.size() &&
                                std::isdigit(static_cast<unsigned char>(line[i + 1]))))) {
      ++i;
    }
    shape += '#';
  }
  // Right-aligned columns grow and shrink with their numbers: runs of spaces count as one.
  std::string collapsed;
  for (char c : shape) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += c;
  }
  return std::string(trimmed(collapsed));
}

std::optional<std::string> difference(const Lines& expected, const Lines& actual, bool exact) {
  // The document's lines in chunks between the "..." that stand for any lines.
  std::vector<Lines> chunks(1);
  for (const std::string& line : expected) {
    if (trimmed(line) == "...") {
      chunks.emplace_back();
    } else {
      chunks.back().push_back(line);
    }
  }
  const bool open_start = !expected.empty() && trimmed(expected.front()) == "...";
  const bool open_end = !expected.empty() && trimmed(expected.back()) == "...";
  std::size_t at = 0;
  bool agrees = true;
  for (std::size_t c = 0; c < chunks.size() && agrees; ++c) {
    const Lines& chunk = chunks[c];
    const bool last = c + 1 == chunks.size();
    if (c == 0 && !open_start) {
      agrees = chunk_matches(chunk, actual, 0, exact);
      at = chunk.size();
      continue;
    }
    if (last && !open_end) {
      // The last chunk ends the output.
      agrees = actual.size() >= at + chunk.size() &&
               chunk_matches(chunk, actual, actual.size() - chunk.size(), exact);
      at = actual.size();
      continue;
    }
    bool found = false;
    for (std::size_t from = at; from + chunk.size() <= actual.size() && !found; ++from) {
      if (chunk_matches(chunk, actual, from, exact)) {
        found = true;
        at = from + chunk.size();
      }
    }
    agrees = found;
  }
  if (agrees && (open_end || at == actual.size())) return std::nullopt;
  return std::string(exact ? "the output differs from what the document shows"
                           : "the output's shape differs from what the document shows (numbers "
                             "aside)") +
         ":\n  the document:\n" + quoted(expected) + "  the program:\n" + quoted(actual);
}

}  // namespace asyncdemo::doc
