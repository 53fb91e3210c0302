#include <doctest/doctest.h>

#include <expat.h>

#include <map>
#include <string>
#include <vector>

#include "asyncdemo/pictures/svg_timeline.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;

namespace {

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
};

// Parses the document with expat; empty if it is not well-formed XML.
std::vector<Element> parse_xml(const std::string& document, std::string* error) {
  std::vector<Element> elements;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &elements);
  XML_SetStartElementHandler(parser, [](void* data, const XML_Char* name, const XML_Char** atts) {
    Element element{name, {}};
    for (int i = 0; atts[i] != nullptr; i += 2) element.attributes[atts[i]] = atts[i + 1];
    static_cast<std::vector<Element>*>(data)->push_back(std::move(element));
  });
  const bool ok =
      XML_Parse(parser, document.data(), static_cast<int>(document.size()), 1) == XML_STATUS_OK;
  if (!ok) {
    *error = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
             std::to_string(XML_GetCurrentLineNumber(parser));
    elements.clear();
  }
  XML_ParserFree(parser);
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

TEST_CASE("draw_svg draws sleep bars whose widths follow the durations on one scale") {
  const auto runs =
      record(testing::virtual_events(testing::scenario_of({"one=1s", "two=2s", "three=500ms"})));
  std::string error;
  const auto elements = parse_xml(draw_svg(runs), &error);
  std::vector<const Element*> bars;
  for (const Element& element : elements) {
    if (element.attributes.count("class") && element.attributes.at("class") == "sleep") {
      bars.push_back(&element);
    }
  }
  REQUIRE(bars.size() == 6);  // three in sync, three in async
  const auto width = [](const Element* bar) { return std::stod(bar->attributes.at("width")); };
  const auto x = [](const Element* bar) { return std::stod(bar->attributes.at("x")); };
  const double per_second = width(bars[0]);
  CHECK(per_second > 100);
  CHECK(width(bars[1]) == doctest::Approx(2 * per_second).epsilon(0.01));
  CHECK(width(bars[2]) == doctest::Approx(0.5 * per_second).epsilon(0.01));
  // sync: each sleep starts where the previous ended; async: all start together.
  CHECK(x(bars[1]) == doctest::Approx(x(bars[0]) + per_second).epsilon(0.01));
  CHECK(x(bars[2]) == doctest::Approx(x(bars[0]) + 3 * per_second).epsilon(0.01));
  CHECK(x(bars[3]) == doctest::Approx(x(bars[0])));
  CHECK(x(bars[4]) == doctest::Approx(x(bars[0])));
  CHECK(width(bars[4]) == doctest::Approx(2 * per_second).epsilon(0.01));
}

TEST_CASE("draw_svg keeps printed text as a tooltip, escaped, even when it is not valid UTF-8") {
  const auto runs = record(testing::virtual_events(
      testing::scenario_of({"one=print:<b>&\"x\" \xff,sleep:1s"}), Mode::async));
  const std::string svg = draw_svg(runs);
  std::string error;
  REQUIRE_MESSAGE(!parse_xml(svg, &error).empty(), error);
  CHECK(svg.find("<title>one printed \"&lt;b&gt;&amp;&quot;x&quot; \xEF\xBF\xBD\"") !=
        std::string::npos);
}

TEST_CASE("xml_escape escapes markup and replaces what XML cannot hold") {
  CHECK(xml_escape("a<b>&'\"") == "a&lt;b&gt;&amp;&apos;&quot;");
  CHECK(xml_escape("tab\there") == "tab&#9;here");
  CHECK(xml_escape("bell\x07") == "bell\xEF\xBF\xBD");
  CHECK(xml_escape("caf\xC3\xA9") == "caf\xC3\xA9");
}
