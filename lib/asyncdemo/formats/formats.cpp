#include "asyncdemo/formats/formats.hpp"

#include <array>

#include "asyncdemo/formats/chrome_format.hpp"
#include "asyncdemo/formats/csv_format.hpp"
#include "asyncdemo/formats/jsonl_format.hpp"

namespace asyncdemo {
namespace {

constexpr std::array kFormatNames{
    FormatName{Format::text, "text",
               "for people: a line per event, each run's summary, the comparison"},
    FormatName{Format::jsonl, "jsonl",
               "for programs: one JSON object per event; asyncdemo render reads it back"},
    FormatName{Format::csv, "csv", "for spreadsheets: a row per event, a column per field"},
    FormatName{Format::chrome, "chrome",
               "Chrome Trace Event JSON, for Perfetto and chrome://tracing: the loop as one "
               "thread, each task an async track"},
};

}  // namespace

std::span<const FormatName> format_names() {
  return kFormatNames;
}

std::unique_ptr<TraceSink> make_format(Format format, LineOutput& out, const TextStyle& style) {
  switch (format) {
    case Format::text:
      return std::make_unique<TextFormat>(out, style);
    case Format::jsonl:
      return std::make_unique<JsonLinesFormat>(out);
    case Format::csv:
      return std::make_unique<CsvFormat>(out);
    case Format::chrome:
      return std::make_unique<ChromeFormat>(out);
  }
  return nullptr;
}

}  // namespace asyncdemo
