#include "support/programs.hpp"

#include <sys/stat.h>

#include <fstream>
#include <stdexcept>

#include "asyncdemo/codegen/language.hpp"
#include "asyncdemo/core/child_process.hpp"
#include "support/storing_sink.hpp"
#include "support/temp_file.hpp"

namespace asyncdemo::testing {

std::string program_for(std::string_view language, std::initializer_list<std::string> specs,
                        PlanSettings settings) {
  const Language* found = find_language(language);
  if (found == nullptr) throw std::invalid_argument("no language " + std::string(language));
  const Scenario scenario = specs.size() == 0 ? Scenario::classic() : scenario_of(specs);
  if (settings.command.empty()) settings.command = "asyncdemo code";
  Result<std::string> program = found->write(plan_program(scenario, settings));
  if (!program) throw std::invalid_argument(program.error().message());
  return *program;
}

void write_script(const std::string& path, const std::string& body) {
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  ::chmod(path.c_str(), 0755);
}

std::string syntax_errors(std::string_view language, const std::string& program) {
  const bool node = language == "node";
  TempPath file(node ? "program.js" : "program.py");
  std::ofstream(file.path()) << program;
  const ProcessResult result = node ? run_process(find_program("node"), {"--check", file.path()})
                                    : run_process(kDebianPython, {"-m", "py_compile", file.path()});
  return result.exit_code == 0 ? std::string() : result.describe();
}

}  // namespace asyncdemo::testing
