#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "asyncdemo/cli/help.hpp"
#include "asyncdemo/cli/help_layout.hpp"
#include "asyncdemo/cli/help_topics.hpp"
#include "asyncdemo/formats/formats.hpp"
#include "asyncdemo/steps/step_kinds.hpp"

using namespace asyncdemo;
using namespace asyncdemo::cli;

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the help topics are the issue's five and the two commands") {
  CHECK(topic_names() == std::vector<std::string_view>{"steps", "durations", "formats", "examples",
                                                       "exit-codes", "render", "serve"});
}

TEST_CASE("every topic's text fits 80 columns") {
  for (std::string_view topic : topic_names()) {
    const Result<std::string> text = topic_text(topic);
    REQUIRE(text.ok());
    CHECK_FALSE(text->empty());
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);) {
      INFO(topic << ": " << line);
      CHECK(line.size() <= kHelpWidth);
    }
  }
}

TEST_CASE("help steps lists every kind of step from the registry, with what it does") {
  const std::string text = topic_text("steps").value();
  for (const StepKind& kind : step_kinds()) {
    INFO(kind.name);
    CHECK(contains(text, "  " + std::string(kind.name) + ":" + std::string(kind.argument) + " "));
    CHECK_FALSE(kind.summary.empty());
  }
  CHECK(contains(text, "(STEP,STEP,...)*N"));
  CHECK(contains(text, "NAME*COUNT"));
}

TEST_CASE("help formats lists every format --format takes") {
  const std::string text = topic_text("formats").value();
  for (const FormatName& format : format_names()) {
    CHECK(contains(text, "  " + std::string(format.name) + " "));
  }
}

TEST_CASE("help durations and exit-codes say the forms and codes a user needs") {
  CHECK(contains(topic_text("durations").value(), "250ms"));
  const std::string codes = topic_text("exit-codes").value();
  for (std::string_view code : {"0", "1", "2", "124", "129", "130", "143", "141"}) {
    CHECK(contains(codes, "\n  " + std::string(code) + " "));
  }
}

TEST_CASE("help render and help serve are those commands' --help pages") {
  CHECK(topic_text("render").value() == help_page(Command::render));
  CHECK(topic_text("serve").value() == help_page(Command::serve));
}

TEST_CASE("an unknown topic is named, with the one likely meant and the list") {
  const Result<std::string> text = topic_text("formts");
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().message() ==
        "help: no topic 'formts' (did you mean formats?); expected steps, durations, formats, "
        "examples, exit-codes, render or serve");
}
