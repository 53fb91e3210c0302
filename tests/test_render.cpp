#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "asyncdemo/formats/chrome_format.hpp"
#include "asyncdemo/formats/jsonl_format.hpp"
#include "asyncdemo/pictures/svg_sink.hpp"
#include "asyncdemo/pictures/timeline_sink.hpp"
#include "asyncdemo/render.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "support/storing_sink.hpp"
#include "support/temp_file.hpp"

using namespace asyncdemo;

namespace {

// The three pictures of one trace, each drawn into a file of its own by the live sinks.
struct Pictures {
  testing::TempPath chart{"chart.txt"};
  testing::TempPath svg{"chart.svg"};
  testing::TempPath chrome{"chrome.json"};
  testing::TempPath jsonl{"trace.jsonl"};
};

// Runs `scenario` live on the virtual clock with every picture and the JSON lines attached.
void draw_live(const Scenario& scenario, Pictures& pictures) {
  StopSignal stop;
  auto chart_out = LineOutput::open(pictures.chart.path(), stop).value();
  auto chrome_out = LineOutput::open(pictures.chrome.path(), stop).value();
  auto jsonl_out = LineOutput::open(pictures.jsonl.path(), stop).value();
  TimelineSink chart(*chart_out, ChartStyle{72, true}, false);
  SvgSink svg(PendingFile::create(pictures.svg.path(), "--svg").value());
  ChromeFormat chrome(*chrome_out);
  JsonLinesFormat jsonl(*jsonl_out);
  Trace trace;
  for (TraceSink* sink : std::initializer_list<TraceSink*>{&chart, &svg, &chrome, &jsonl}) {
    trace.add_sink(*sink);
  }
  for (Mode mode : {Mode::sync, Mode::async}) {
    run_scenario(scenario, mode, ClockKind::virtual_, trace, stop);
  }
  trace.finish();
}

}  // namespace

TEST_CASE("render of a saved trace draws the same pictures as the live run on the virtual clock") {
  Pictures live;
  draw_live(testing::scenario_of({"one=1s", "two=print:a\\, b,sleep:2s", "three=500ms"}), live);

  Pictures rendered;
  Options options;
  options.render = live.jsonl.path();
  options.width = 72;
  options.output = rendered.chart.path();
  options.svg = rendered.svg.path();
  options.timeline = TimelineMode::always;
  std::istringstream no_input;
  ::setenv("LANG", "C.UTF-8", 1);
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_CTYPE");
  REQUIRE(render_command(options, no_input) == 0);
  CHECK(rendered.chart.read() == live.chart.read());
  CHECK(rendered.svg.read() == live.svg.read());
  CHECK(live.chart.read().find("faster") != std::string::npos);

  options.svg.clear();
  options.timeline = TimelineMode::automatic;
  options.format = Format::chrome;
  options.output = rendered.chrome.path();
  REQUIRE(render_command(options, no_input) == 0);
  CHECK(rendered.chrome.read() == live.chrome.read());
}

TEST_CASE("render reads the trace from standard input when given -") {
  Pictures live;
  draw_live(testing::scenario_of({"one=1s"}), live);
  testing::TempPath out("chart.txt");
  Options options;
  options.render = "-";
  options.width = 72;
  options.ascii = true;
  options.output = out.path();
  std::istringstream in(live.jsonl.read());
  REQUIRE(render_command(options, in) == 0);
  CHECK(out.read().find("  one  *-") != std::string::npos);
}

TEST_CASE("render of malformed input fails with exit 2 and draws nothing") {
  testing::TempPath trace("bad.jsonl");
  {
    std::FILE* file = std::fopen(trace.path().c_str(), "w");
    std::fputs(
        R"({"t":0.000000,"mode":"async","event":"run_start","clock":"virtual","tasks":1,"theory":1.000000})"
        "\n"
        R"({"t":0.000000,"mode":"async","event":"sta)",
        file);
    std::fclose(file);
  }
  testing::TempPath out("chart.txt");
  testing::TempPath svg("chart.svg");
  Options options;
  options.render = trace.path();
  options.output = out.path();
  options.svg = svg.path();
  std::istringstream no_input;
  CHECK(render_command(options, no_input) == kExitUsage);
  CHECK_FALSE(std::filesystem::exists(out.path()));
  CHECK_FALSE(std::filesystem::exists(svg.path()));
  // Nothing left beside it either, not even a temporary file.
  CHECK(std::filesystem::is_empty(std::filesystem::path(svg.path()).parent_path()));

  options.render = trace.path() + ".missing";
  CHECK(render_command(options, no_input) == kExitUsage);
}
