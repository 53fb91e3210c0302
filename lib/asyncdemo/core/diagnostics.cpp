#include "asyncdemo/core/diagnostics.hpp"

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

}  // namespace

void print_error(std::string_view message) {
  diagnostics().log(spdlog::level::err, spdlog::string_view_t(message.data(), message.size()));
}

void print_warning(std::string_view message) {
  diagnostics().log(spdlog::level::warn, spdlog::string_view_t(message.data(), message.size()));
}

void print_note(std::string_view message) {
  notes().log(spdlog::level::info, spdlog::string_view_t(message.data(), message.size()));
}

}  // namespace asyncdemo
