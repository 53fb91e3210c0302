#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "asyncdemo/formats/text_format.hpp"
#include "asyncdemo/trace/line_output.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

enum class Format { text, jsonl, csv, chrome };

struct FormatName {
  Format format;
  std::string_view name;     // as given to --format
  std::string_view summary;  // who it is for, for asyncdemo help formats
};
// Every output format, by the name --format takes.
std::span<const FormatName> format_names();

// The sink that writes `format` to `out`. A new format is a new file plus one case here.
std::unique_ptr<TraceSink> make_format(Format format, LineOutput& out, const TextStyle& style);

}  // namespace asyncdemo
