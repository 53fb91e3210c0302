#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Lets doctest show both sides when two line lists differ.
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string text = "{\n";
    for (const std::string& line : lines) text += "  \"" + line + "\"\n";
    return (text + "}").c_str();
  }
};
}  // namespace doctest
