#include "asyncdemo/codegen/language.hpp"

#include <array>

#include "asyncdemo/codegen/node_program.hpp"
#include "asyncdemo/codegen/python_program.hpp"
#include "asyncdemo/codegen/trio_program.hpp"

namespace asyncdemo {
namespace {

// A new language is a new file plus one line here.
const std::array kLanguages{
    Language{"python", "Python 3.11 asyncio", "python3", &codegen::write_python_program,
             &codegen::python_requirements, "", [](Mode mode) { return mode == Mode::sync; }},
    Language{"trio", "Trio", "python3", &codegen::write_trio_program, &codegen::trio_requirements,
             "Trio varies, on purpose, the order in which it runs the tasks that wake at one "
             "instant"},
    Language{"node", "Node.js", "node", &codegen::write_node_program, &codegen::node_requirements,
             "Node resumes an async function one microtask after what it awaited is done, so "
             "within one instant it interleaves the tasks in an order of its own"},
};

}  // namespace

std::span<const Language> languages() {
  return kLanguages;
}

const Language* find_language(std::string_view name) {
  for (const Language& language : kLanguages) {
    if (language.name == name) return &language;
  }
  return nullptr;
}

std::string language_names() {
  std::string names;
  for (std::size_t i = 0; i < kLanguages.size(); ++i) {
    if (i > 0) names += i + 1 == kLanguages.size() ? " or " : ", ";
    names += kLanguages[i].name;
  }
  return names;
}

namespace codegen {

Error no_form_for(std::string_view language, const PlannedStep& step) {
  const std::string spec =
      step.kind.empty() ? step.argument : std::string(step.kind) + ":" + step.argument;
  return Error{"--lang " + std::string(language),
               "the step '" + spec + "' has no " + std::string(language) + " form yet",
               "another --lang, or a scenario without such steps"};
}

}  // namespace codegen
}  // namespace asyncdemo
