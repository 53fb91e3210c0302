#include "asyncdemo/core/diagnostics.hpp"

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

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

}  // namespace

void print_error(std::string_view message) {
  diagnostics().log(spdlog::level::err, spdlog::string_view_t(message.data(), message.size()));
}

void print_warning(std::string_view message) {
  diagnostics().log(spdlog::level::warn, spdlog::string_view_t(message.data(), message.size()));
}

}  // namespace asyncdemo
