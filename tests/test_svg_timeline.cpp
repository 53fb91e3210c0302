#include <doctest/doctest.h>

#include <expat.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "asyncdemo/pictures/svg_timeline.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;

namespace {

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;  // the character data directly inside it
  std::string attribute(const std::string& key) const {
    const auto found = attributes.find(key);
    return found == attributes.end() ? std::string() : found->second;
  }
};

struct ParseState {
  std::vector<Element> elements;
  std::vector<std::size_t> open;
};

// Parses the document with expat; empty if it is not well-formed XML.
std::vector<Element> parse_xml(const std::string& document, std::string* error) {
  ParseState state;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &state);
  XML_SetStartElementHandler(parser, [](void* data, const XML_Char* name, const XML_Char** atts) {
    auto& parsed = *static_cast<ParseState*>(data);
    Element element{name, {}, {}};
    for (int i = 0; atts[i] != nullptr; i += 2) element.attributes[atts[i]] = atts[i + 1];
    parsed.open.push_back(parsed.elements.size());
    parsed.elements.push_back(std::move(element));
  });
  XML_SetEndElementHandler(
      parser, [](void* data, const XML_Char*) { static_cast<ParseState*>(data)->open.pop_back(); });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int length) {
    auto& parsed = *static_cast<ParseState*>(data);
    if (!parsed.open.empty()) {
      parsed.elements[parsed.open.back()].text.append(text, static_cast<std::size_t>(length));
    }
  });
  const bool ok =
      XML_Parse(parser, document.data(), static_cast<int>(document.size()), 1) == XML_STATUS_OK;
  if (!ok) {
    *error = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
             std::to_string(XML_GetCurrentLineNumber(parser));
    state.elements.clear();
  }
  XML_ParserFree(parser);
  return state.elements;
}

std::vector<const Element*> of_class(const std::vector<Element>& elements,
                                     const std::string& name) {
  std::vector<const Element*> found;
  for (const Element& element : elements) {
    if (element.attribute("class") == name) found.push_back(&element);
  }
  return found;
}

// The words of every <text> element, in order.
std::vector<std::string> texts_of(const std::vector<Element>& elements) {
  std::vector<std::string> texts;
  for (const Element& element : elements) {
    if (element.name == "text") texts.push_back(element.text);
  }
  return texts;
}

bool has(const std::vector<std::string>& texts, const std::string& text) {
  return std::find(texts.begin(), texts.end(), text) != texts.end();
}

std::vector<Element> parsed_svg(const std::vector<RecordedRun>& runs) {
  std::string error;
  auto elements = parse_xml(draw_svg(runs), &error);
  REQUIRE_MESSAGE(!elements.empty(), error);
  return elements;
}

std::vector<RecordedRun> record(const std::vector<StoredEvent>& events) {
  RunRecorder recorder;
  for (const StoredEvent& event : events) recorder.add(event.view());
  return recorder.runs();
}

}  // namespace

TEST_CASE("draw_svg makes well-formed XML that declares its size and needs nothing outside") {
  const auto runs = record(testing::virtual_events(testing::scenario_of({"one=1s", "two=2s"})));
  const std::string svg = draw_svg(runs);
  std::string error;
  const auto elements = parse_xml(svg, &error);
  REQUIRE_MESSAGE(!elements.empty(), error);
  CHECK(elements[0].name == "svg");
  CHECK(elements[0].attributes.at("width") == "960.0");
  CHECK(elements[0].attributes.count("height") == 1);
  CHECK(elements[0].attributes.at("viewBox") == "0 0 960.0 " + elements[0].attributes.at("height"));
  for (const char* outside : {"<script", "<image", "href", "@import", "url("}) {
    CHECK_MESSAGE(svg.find(outside) == std::string::npos, outside);
  }
  CHECK(svg.find("asyncdemo: sync 3.000s, async 2.000s (async is 1.50x faster)") !=
        std::string::npos);
}

TEST_CASE("draw_svg draws each wait as what it was, its width following its duration") {
  const auto runs =
      record(testing::virtual_events(testing::scenario_of({"one=1s", "two=2s", "three=500ms"})));
  const auto elements = parsed_svg(runs);
  // In sync mode each sleep blocks the thread; in async mode the coroutine is asleep.
  const auto blocked = of_class(elements, "blocking");
  const auto asleep = of_class(elements, "asleep");
  REQUIRE(blocked.size() == 3);
  REQUIRE(asleep.size() == 3);
  const auto width = [](const Element* bar) { return std::stod(bar->attribute("width")); };
  const auto x = [](const Element* bar) { return std::stod(bar->attribute("x")); };
  const double per_second = width(blocked[0]);
  CHECK(per_second > 100);
  CHECK(width(blocked[1]) == doctest::Approx(2 * per_second).epsilon(0.01));
  CHECK(width(blocked[2]) == doctest::Approx(0.5 * per_second).epsilon(0.01));
  // sync: each sleep starts where the previous ended; async: all start together.
  CHECK(x(blocked[1]) == doctest::Approx(x(blocked[0]) + per_second).epsilon(0.01));
  CHECK(x(blocked[2]) == doctest::Approx(x(blocked[0]) + 3 * per_second).epsilon(0.01));
  for (const Element* bar : asleep) CHECK(x(bar) == doctest::Approx(x(blocked[0])));
  CHECK(width(asleep[1]) == doctest::Approx(2 * per_second).epsilon(0.01));
  const auto texts = texts_of(elements);
  CHECK(has(texts, "2s"));  // each bar labelled with its duration
  CHECK(has(texts, "500ms"));
  CHECK(has(texts, "blocks the thread"));
  CHECK(has(texts, "asleep"));
  CHECK_FALSE(has(texts, "late (due, waiting for the loop)"));  // nothing was late
}

TEST_CASE("draw_svg labels a late wake and the pool's queue and threads with their own times") {
  auto runs = record(testing::virtual_events(
      testing::scenario_of({"a=sleep:50ms,block:300ms", "b=sleep:100ms"}), Mode::async));
  auto texts = texts_of(parsed_svg(runs));
  CHECK(has(texts, "100ms"));  // b slept what it asked for...
  CHECK(has(texts, "250ms"));  // ... then waited for the blocked loop
  CHECK(has(texts, "late (due, waiting for the loop)"));
  CHECK(has(texts, "blocks the loop"));

  testing::StoringSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  RunSettings settings;
  settings.threads = 4;
  run_scenario(testing::scenario_of({"w*8=work:1s"}), Mode::async, ClockKind::virtual_, trace, stop,
               settings);
  const auto elements = parsed_svg(record(sink.events));
  CHECK(of_class(elements, "queued").size() == 4);
  CHECK(of_class(elements, "on_thread").size() == 8);
  texts = texts_of(elements);
  CHECK(has(texts, "queued for a thread"));
  CHECK(has(texts, "on a pool thread"));
  CHECK(std::count(texts.begin(), texts.end(), "1s") == 12 + 1);  // 4 queued, 8 on a thread, tick
}

TEST_CASE("draw_svg writes printed texts above their marks, cut with an ellipsis to fit") {
  const std::string long_text(300, 'x');
  const auto runs = record(testing::virtual_events(
      testing::scenario_of({"one=print:hello,sleep:1s,print:" + long_text, "two=2s"}),
      Mode::async));
  const auto elements = parsed_svg(runs);
  std::vector<std::string> labels;
  for (const Element* label : of_class(elements, "mark-label")) labels.push_back(label->text);
  REQUIRE(labels.size() == 4);
  CHECK(labels[0] == "hello");
  CHECK(labels[1].ends_with("…"));
  CHECK(labels[1].size() < long_text.size());
  CHECK(labels[2] == "two started");
  const auto texts = texts_of(elements);
  CHECK(has(texts, "print"));
  for (const std::string& text : texts) CHECK(text.find("hover") == std::string::npos);
}

TEST_CASE("draw_svg keeps printed text as a tooltip, escaped, even when it is not valid UTF-8") {
  const auto runs = record(testing::virtual_events(
      testing::scenario_of({"one=print:<b>&\"x\" \xff,sleep:1s"}), Mode::async));
  const std::string svg = draw_svg(runs);
  std::string error;
  REQUIRE_MESSAGE(!parse_xml(svg, &error).empty(), error);
  CHECK(svg.find("<title>one printed &quot;&lt;b&gt;&amp;&quot;x&quot; \xEF\xBF\xBD&quot;") !=
        std::string::npos);
}

TEST_CASE("draw_svg marks a failure with its message, apart from a cancellation and its cause") {
  testing::StoringSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  RunSettings settings;
  settings.warn = nullptr;
  run_scenario(testing::scenario_of({"a=sleep:1s,fail:disk full", "b=2s"}), Mode::async,
               ClockKind::virtual_, trace, stop, settings);
  const auto elements = parsed_svg(record(sink.events));
  REQUIRE(of_class(elements, "failed").size() == 1);
  REQUIRE(of_class(elements, "cancelled").size() == 1);
  const auto failures = of_class(elements, "failure");
  REQUIRE(failures.size() == 1);
  CHECK(failures[0]->text == "disk full");
  const auto texts = texts_of(elements);
  CHECK(has(texts, "failed"));
  CHECK(has(texts, "cancelled by a failure"));
  // The header says what the text trace says.
  CHECK(has(texts, "async: failed after 1.000s: 0 finished, 1 failed, 1 cancelled"));
}

TEST_CASE("draw_svg cuts a long task name with an ellipsis and keeps it whole in a tooltip") {
  const std::string name(120, 'n');
  const auto runs =
      record(testing::virtual_events(testing::scenario_of({name + "=1s"}), Mode::async));
  const auto elements = parsed_svg(runs);
  std::vector<const Element*> names;
  for (const Element& element : elements) {
    if (element.name == "text" && element.attribute("font-size") == "13") names.push_back(&element);
  }
  REQUIRE(names.size() == 1);
  CHECK(names[0]->text == std::string(21, 'n') + "…");
  CHECK(draw_svg(runs).find("<title>" + name + "</title>") != std::string::npos);
  // Its bars still get most of the width.
  const auto bars = of_class(elements, "asleep");
  REQUIRE(bars.size() == 1);
  CHECK(std::stod(bars[0]->attribute("width")) > 600);
}

TEST_CASE("draw_svg's axis has round ticks that never overlap, from 0s to the end") {
  for (const char* spec : {"a=1s", "a=2.5s", "a=37ms", "a=8760h", "a=sleep:0"}) {
    const auto runs = record(testing::virtual_events(testing::scenario_of({spec}), Mode::async));
    const auto elements = parsed_svg(runs);
    std::vector<double> ticks;
    std::string first;
    for (const Element& element : elements) {
      if (element.name == "text" && element.attribute("font-size") == "12" &&
          element.attribute("text-anchor") == "middle") {
        if (ticks.empty()) first = element.text;
        ticks.push_back(std::stod(element.attribute("x")));
      }
    }
    INFO(spec);
    REQUIRE_FALSE(ticks.empty());
    CHECK(first == "0s");
    for (std::size_t i = 1; i < ticks.size(); ++i) CHECK(ticks[i] - ticks[i - 1] >= 70);
    CHECK(ticks.back() <= 960);
  }
}

TEST_CASE("xml_escape escapes markup and replaces what XML cannot hold") {
  CHECK(xml_escape("a<b>&'\"") == "a&lt;b&gt;&amp;&apos;&quot;");
  CHECK(xml_escape("tab\there") == "tab&#9;here");
  CHECK(xml_escape("bell\x07") == "bell\xEF\xBF\xBD");
  CHECK(xml_escape("caf\xC3\xA9") == "caf\xC3\xA9");
}
