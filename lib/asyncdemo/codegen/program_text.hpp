#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncdemo/codegen/program_plan.hpp"

// What every language's writer needs to put a plan into words: string literals, identifiers
// made from task names, indentation.
namespace asyncdemo::codegen {

// A string literal valid in Python and in JavaScript: a JSON string (quotes, backslashes and
// control characters escaped, bytes that are not UTF-8 replaced by U+FFFD).
std::string string_literal(std::string_view text);

// One identifier per task of the plan, in order: the task's name with '-' as '_', a prefix
// before a leading digit, and a '_' after a name the language keeps for itself (`reserved`) or
// another task took first.
std::vector<std::string> task_identifiers(const ProgramPlan& plan,
                                          std::initializer_list<std::string_view> reserved);

// `text` with each marker of `values` ("@MODE@": braces are the languages' own) replaced by its
// value.
std::string filled(std::string_view text,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> values);

// `text` without the lines that contain `needle`.
std::string without_lines_containing(std::string_view text, std::string_view needle);

// Every line of `text` that is not empty indented by `spaces` more.
std::string indented(std::string_view text, std::size_t spaces);

// The program's opening comment, each line behind `prefix` ("#", "//"): the command it comes
// from, a blank comment line, then `about`, its lines wrapped at 99 columns.
std::string opening_comment(std::string_view prefix, const ProgramPlan& plan,
                            std::string_view about);

}  // namespace asyncdemo::codegen
