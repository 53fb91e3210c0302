#include "asyncdemo/core/diagnostics.hpp"

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <string>

namespace asyncdemo {
namespace {

spdlog::logger make_logger(const char* pattern) {
  spdlog::logger made("asyncdemo", std::make_shared<spdlog::sinks::stderr_sink_st>());
  made.set_pattern(pattern);
  made.flush_on(spdlog::level::trace);
  return made;
}

spdlog::logger& diagnostics() {
  static spdlog::logger logger = make_logger("%n: %l: %v");
  return logger;
}

spdlog::logger& notes() {
  static spdlog::logger logger = make_logger("%n: %v");
  return logger;
}

// Control characters from a bad token (a newline in an argument, a NUL from a file) are shown
// escaped, so that a message stays one line and cannot move the terminal's cursor.
std::string one_line(std::string_view message) {
  std::string line;
  line.reserve(message.size());
  for (char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\t') {
      line += "\\t";
    } else if (c == '\r') {
      line += "\\r";
    } else if (byte < 0x20 || byte == 0x7f) {
      constexpr char kHex[] = "0123456789abcdef";
      line += "\\x";
      line += kHex[byte >> 4];
      line += kHex[byte & 0xf];
    } else {
      line += c;
    }
  }
  return line;
}

// Standard error is shared by the status line (drawn from a thread of its own) and the messages.
struct StatusLine {
  std::mutex mutex;
  std::string shown;  // empty: none
};

StatusLine& status_line() {
  static StatusLine line;
  return line;
}

void write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, bytes.data(), bytes.size());
    if (n <= 0) return;  // a status line is not worth a retry loop on a broken stderr
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Back to the start of the line with it blank: an escape code erases, except on a dumb terminal,
// which shows escape codes as text and gets spaces over the line instead.
void erase(const std::string& shown) {
  if (shown.empty()) return;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") {
    write_all("\r" + std::string(shown.size(), ' ') + "\r");
  } else {
    write_all("\r\x1b[K");
  }
}

// A message above the status line, if one is shown: erased first, drawn again after.
void log_to(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view message) {
  const std::string text = one_line(message);
  StatusLine& line = status_line();
  const std::lock_guard lock(line.mutex);
  erase(line.shown);
  logger.log(level, spdlog::string_view_t(text.data(), text.size()));
  if (!line.shown.empty()) write_all(line.shown);
}

}  // namespace

void print_error(std::string_view message) {
  log_to(diagnostics(), spdlog::level::err, message);
}

void print_warning(std::string_view message) {
  log_to(diagnostics(), spdlog::level::warn, message);
}

void print_note(std::string_view message) {
  log_to(notes(), spdlog::level::info, message);
}

void show_status(std::string_view text) {
  StatusLine& line = status_line();
  const std::lock_guard lock(line.mutex);
  erase(line.shown);
  line.shown = std::string(text);
  write_all(line.shown);
}

void clear_status() {
  StatusLine& line = status_line();
  const std::lock_guard lock(line.mutex);
  erase(line.shown);
  line.shown.clear();
}

}  // namespace asyncdemo
