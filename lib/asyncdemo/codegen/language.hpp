#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/codegen/program_plan.hpp"
#include "asyncdemo/core/result.hpp"

namespace asyncdemo {

// A module a program imports that its interpreter does not bring, and the Debian package that
// provides it.
struct Requirement {
  std::string_view module;   // "trio"
  std::string_view package;  // "python3-trio"
};

// A language `asyncdemo code --lang NAME` writes programs in, each in a file of its own behind
// this one entry (a new language: one file, one line in language.cpp).
struct Language {
  std::string_view name;         // --lang NAME
  std::string_view title;        // "Python 3.11 asyncio", for check's report
  std::string_view interpreter;  // what check runs the program with, found on PATH: "python3"
  // The whole program, or an Error naming a step that has no form in this language yet.
  Result<std::string> (*write)(const ProgramPlan& plan);
  // What the program imports beyond what its interpreter brings.
  std::vector<Requirement> (*requirements)(const ProgramPlan& plan);
  // Empty when the language runs the tasks of one instant in asyncio's order; else why it does
  // not, and check compares the events of one instant as a set (each task's own still in order).
  std::string_view own_order_within_an_instant;
  // Whether the program notices a deadlock itself, as asyncdemo does, in `mode`: only the plain
  // Python program, one task after another; the others wait forever, as their languages do.
  bool (*reports_deadlocks)(Mode mode) = [](Mode) { return false; };
};

// Every language, the default (python) first.
std::span<const Language> languages();
const Language* find_language(std::string_view name);
// "python, trio or node", for help and errors.
std::string language_names();

namespace codegen {
// The Error for a step that a language cannot write yet.
Error no_form_for(std::string_view language, const PlannedStep& step);
}  // namespace codegen

}  // namespace asyncdemo
