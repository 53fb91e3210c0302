#include "asyncdemo/check/interpreter.hpp"

#include <chrono>
#include <system_error>

#include <unistd.h>

#include "asyncdemo/core/child_process.hpp"

namespace asyncdemo {
namespace {

constexpr std::chrono::seconds kPatience{30};

// Prints "MAJOR.MINOR", then "missing NAME" for each module named that cannot be imported.
constexpr const char* kPythonProbe =
    "import importlib.util, sys\n"
    "print('%d.%d' % sys.version_info[:2])\n"
    "for name in sys.argv[1:]:\n"
    "    if importlib.util.find_spec(name) is None:\n"
    "        print('missing', name)\n";

bool is_python(const Language& language) {
  return language.interpreter == "python3";
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

std::string use_another(const Language& language) {
  return "or --interpreter PATH to another " + std::string(language.interpreter);
}

std::string wanted(const Language& language) {
  return language.interpreter == "node" ? "Node.js 18 or later" : "Python 3.11 or later";
}

}  // namespace

Result<std::string> ready_interpreter(const Language& language, std::string_view given,
                                      std::span<const Requirement> requirements) {
  const std::string debian = is_python(language) ? "python3" : "nodejs";
  std::string path(given);
  if (path.empty()) {
    path = find_program(std::string(language.interpreter));
    if (path.empty()) {
      return Error{
          "check", "no " + std::string(language.interpreter) + " on PATH",
          "Debian's " + debian + " (apt-get install " + debian + "), " + use_another(language)};
    }
  } else if (::access(path.c_str(), X_OK) != 0) {
    return Error{"--interpreter", "'" + path + "' is not a program that can be run",
                 "the path of a " + std::string(language.interpreter) + ", like /usr/bin/" +
                     std::string(language.interpreter)};
  }

  std::vector<std::string> args;
  if (is_python(language)) {
    args = {"-c", kPythonProbe};
    for (const Requirement& requirement : requirements) args.emplace_back(requirement.module);
  } else {
    args = {"-e", "console.log(process.versions.node)"};
  }
  ProcessResult probe;
  try {
    probe = run_process(path, args, {}, kPatience);
  } catch (const std::system_error& error) {
    return Error{"check", "'" + path + "' could not be started: " + error.code().message(),
                 wanted(language) + " as --interpreter PATH"};
  }
  const std::string version = first_line(probe.out);
  const std::size_t dot = version.find('.');
  if (probe.exit_code != 0 || dot == std::string::npos || dot == 0) {
    return Error{"check",
                 "'" + path + "' does not answer as a " + std::string(language.interpreter) +
                     " would (exit status " + std::to_string(probe.exit_code) + ")",
                 wanted(language) + " as --interpreter PATH"};
  }
  const int major = std::atoi(version.c_str());
  const int minor = std::atoi(version.c_str() + dot + 1);
  if (is_python(language) && (major < 3 || (major == 3 && minor < 11))) {
    return Error{"check", "'" + path + "' is Python " + version,
                 "Python 3.11 or later (Debian 12's python3), " + use_another(language)};
  }
  if (!is_python(language) && major < 18) {
    return Error{"check", "'" + path + "' is Node.js " + version,
                 "Node.js 18 or later (Debian 12's nodejs), " + use_another(language)};
  }
  for (const Requirement& requirement : requirements) {
    if (probe.out.find("missing " + std::string(requirement.module) + "\n") == std::string::npos) {
      continue;
    }
    std::string expected = "Debian's " + std::string(requirement.package) + " (apt-get install " +
                           std::string(requirement.package) + ")";
    if (path != "/usr/bin/python3") expected += ", which /usr/bin/python3 imports";
    return Error{"check",
                 "'" + path + "' cannot import " + std::string(requirement.module) +
                     ", which the " + std::string(language.name) + " program needs",
                 expected + ", " + use_another(language)};
  }
  return path;
}

}  // namespace asyncdemo
