#include "asyncdemo/core/diagnostics.hpp"

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <string>

namespace asyncdemo {
namespace {

spdlog::logger& diagnostics() {
  static spdlog::logger logger = [] {
    spdlog::logger made("asyncdemo", std::make_shared<spdlog::sinks::stderr_sink_st>());
    made.set_pattern("%n: %l: %v");
    made.flush_on(spdlog::level::trace);
    return made;
  }();
  return logger;
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

void log(spdlog::level::level_enum level, std::string_view message) {
  StatusLine& line = status_line();
  const std::lock_guard lock(line.mutex);
  erase(line.shown);
  diagnostics().log(level, spdlog::string_view_t(message.data(), message.size()));
  if (!line.shown.empty()) write_all(line.shown);
}

}  // namespace

void print_error(std::string_view message) {
  log(spdlog::level::err, message);
}

void print_warning(std::string_view message) {
  log(spdlog::level::warn, message);
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
