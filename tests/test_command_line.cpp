#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/cli/command_line.hpp"
#include "asyncdemo/cli/help_topics.hpp"
#include "support/command_words.hpp"

using namespace asyncdemo;
using asyncdemo::test::parse_words;
using asyncdemo::test::shell_words;

namespace {

Result<cli::Invocation> interpret_line(std::string_view line) {
  return cli::interpret(parse_words(shell_words(line)));
}

std::string error_of(std::string_view line) {
  const Result<cli::Invocation> invocation = interpret_line(line);
  REQUIRE_FALSE(invocation.ok());
  return invocation.error().message();
}

}  // namespace

TEST_CASE("interpret keeps tasks in the order typed, as arguments or with --task") {
  const auto in = interpret_line("a=1s -t b=2s c=3s --task d=4s");
  REQUIRE(in.ok());
  CHECK(in->command == cli::Command::run);
  CHECK(in->options.tasks == std::vector<std::string>{"a=1s", "b=2s", "c=3s", "d=4s"});
}

TEST_CASE("interpret fills the options from their values") {
  const auto in = interpret_line(
      "--async --clock virtual --format jsonl -o out.jsonl --color never --width 100 --timeout "
      "1.5s --slow 20ms --threads 8 --on-error continue --limit 2 --queue q=3 --event go -q");
  REQUIRE(in.ok());
  CHECK(in->options.mode == Mode::async);
  CHECK(in->options.clock == ClockKind::virtual_);
  CHECK(in->options.format == Format::jsonl);
  CHECK(in->options.format_given);
  CHECK(in->options.output == "out.jsonl");
  CHECK(in->options.color == ColorMode::never);
  CHECK(in->options.width == 100);
  CHECK(in->options.timeout == std::chrono::milliseconds(1500));
  CHECK(in->options.slow == std::chrono::milliseconds(20));
  CHECK(in->options.threads == 8);
  CHECK(in->options.on_error == OnError::continue_);
  CHECK(in->options.limits == std::vector<std::string>{"2"});
  CHECK(in->options.queues == std::vector<std::string>{"q=3"});
  CHECK(in->options.events == std::vector<std::string>{"go"});
  CHECK(in->options.quiet);
}

TEST_CASE("interpret lets --help and --version win over every other error, as git does") {
  const auto help = interpret_line("--asynk --width 3 --help");
  REQUIRE(help.ok());
  CHECK(help->help);
  const auto version = interpret_line("--format xml --version");
  REQUIRE(version.ok());
  CHECK(version->version);
  const auto render_help = interpret_line("render --help");
  REQUIRE(render_help.ok());
  CHECK(render_help->command == cli::Command::render);
  CHECK(render_help->help);
}

TEST_CASE("interpret names an unknown option and suggests the one likely meant") {
  CHECK(error_of("--asynk") ==
        "unknown option '--asynk' (did you mean --async?); expected an option that asyncdemo "
        "--help lists");
  CHECK(error_of("--frobnicate") ==
        "unknown option '--frobnicate'; expected an option that asyncdemo --help lists");
  CHECK(error_of("render run.jsonl --formt csv") ==
        "render: unknown option '--formt' (did you mean --format?); expected an option that "
        "asyncdemo help render lists");
  CHECK(error_of("serve extra") ==
        "serve: unexpected 'extra'; expected only options, as asyncdemo help serve shows");
}

TEST_CASE("interpret says whose option one is when it is given to another command") {
  CHECK(error_of("--host 0.0.0.0") ==
        "--host is an option of serve, not of a run; expected asyncdemo serve --host ADDRESS");
  CHECK(error_of("render run.jsonl --sync") ==
        "render: --sync is an option of a run, not of render; expected an option that "
        "asyncdemo help render lists");
}

TEST_CASE("interpret refuses exclusive options together and a single option twice") {
  CHECK(error_of("--sync --compare") ==
        "--compare: cannot be combined with --sync; expected one of --sync, --async or --compare");
  CHECK(interpret_line("--async --async").ok());
  CHECK(error_of("--timeline --no-timeline") ==
        "--no-timeline: cannot be combined with --timeline; expected one of --timeline or "
        "--no-timeline");
  CHECK(error_of("-o a.txt --output b.txt") ==
        "--output: given twice ('a.txt', then 'b.txt'); expected one --output");
  CHECK(interpret_line("--limit 2 --limit db=1").ok());
}

TEST_CASE("interpret checks values in asyncdemo's words, naming the token") {
  CHECK(error_of("--color sometimes") ==
        "--color: unknown colour mode 'sometimes'; expected auto, always or never");
  CHECK(error_of("--on-error ignore") ==
        "--on-error: unknown policy 'ignore'; expected cancel or continue");
  CHECK(error_of("--on-error contnue") ==
        "--on-error: unknown policy 'contnue' (did you mean continue?); expected cancel or "
        "continue");
  CHECK(error_of("--width 19") ==
        "--width: '19' is not a width; expected a whole number of columns from 20 to 1000, like "
        "--width 100");
  CHECK(error_of("serve --port -1") ==
        "serve: --port: '-1' is not a port; expected a whole number from 0 to 65535 (0 picks a "
        "free port), like --port 8080");
  CHECK(error_of("serve --host localhost") ==
        "serve: --host: 'localhost' is not an IP address; expected an address to listen on, "
        "like 127.0.0.1, ::1 or 0.0.0.0");
  CHECK(interpret_line("serve --host ::1 --port 0").ok());
}

TEST_CASE("interpret takes help's words as a topic, even a command's name") {
  const auto render = interpret_line("help render");
  REQUIRE(render.ok());
  CHECK(render->command == cli::Command::help);
  CHECK(render->topic == "render");
  CHECK(error_of("help steps formats") ==
        "help: TOPIC: given twice ('steps', then 'formats'); expected one TOPIC");
}

TEST_CASE("interpret tells a mistyped command from a task, and a command written late") {
  CHECK(error_of("sevre") ==
        "'sevre' is neither a task nor a command (did you mean serve?); expected a command "
        "(render, serve or help), or a task NAME=DURATION, like one=1s");
  CHECK(error_of("--async help") ==
        "'help' is a command, and comes before every option; expected asyncdemo help ...");
  CHECK(interpret_line("one").ok());  // a plain bad task: the scenario's parser names it
}

TEST_CASE("interpret wants render's trace") {
  CHECK(error_of("render") ==
        "render: no trace given; expected a file saved with --format jsonl, or - for standard "
        "input, like asyncdemo render run.jsonl");
  const auto in = interpret_line("render - --format chrome");
  REQUIRE(in.ok());
  CHECK(in->options.render == "-");
}

TEST_CASE("parser_error names an option that lacks its value or has one it does not take") {
  const auto error = [](std::vector<std::string> words) {
    return cli::parser_error(words, "the parser's words").message();
  };
  CHECK(error({"a=1s", "--timeout"}) ==
        "--timeout: no DURATION after it; expected --timeout DURATION");
  CHECK(error({"--clock="}) == "--clock: no value after it; expected --clock real|virtual");
  CHECK(error({"--color"}) ==
        "--color: no WHEN after it; expected --color WHEN, where WHEN is auto, always or never");
  CHECK(error({"--explain=yes"}) ==
        "--explain: takes no value, but was given 'yes'; expected --explain alone");
  CHECK(error({"--", "--quiet=1"}) ==
        "the parser's words; expected a command line that asyncdemo --help shows");
}

TEST_CASE("every example help shows is a command line asyncdemo accepts") {
  for (const cli::Example& example : cli::examples()) {
    std::vector<std::string> words = shell_words(example.command);
    REQUIRE(words.front() == "asyncdemo");
    words.erase(words.begin());
    const auto in = cli::interpret(parse_words(words));
    INFO(example.command);
    CHECK(in.ok());
    if (in.ok()) {
      const Result<Scenario> scenario = load_scenario(in->options);
      CHECK((in->options.task_file.empty() ? scenario.ok() : true));
    }
  }
}
