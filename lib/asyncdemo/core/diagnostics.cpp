#include "asyncdemo/core/diagnostics.hpp"

#include <string>

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

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

void log_to(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view message) {
  const std::string line = one_line(message);
  logger.log(level, spdlog::string_view_t(line.data(), line.size()));
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

}  // namespace asyncdemo
