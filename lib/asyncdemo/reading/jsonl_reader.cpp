#include "asyncdemo/reading/jsonl_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <utility>

#include <fmt/core.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "asyncdemo/formats/json.hpp"
#include "asyncdemo/reading/exact_number.hpp"
#include "asyncdemo/reading/line_reader.hpp"
#include "asyncdemo/trace/event_schema.hpp"

namespace asyncdemo {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kExpected =
    "one JSON object per line, as 'asyncdemo --format jsonl' writes";

static_assert(kFields.size() <= 64, "LineFields keeps which fields a line has in 64 bits");

// The values of one line's top-level object that the schema knows, as nlohmann-json's SAX
// parser hands them over: strings as text, numbers as the text they were written in (so that
// seconds convert exactly) or as the whole number the parser already read. Unknown fields are
// skipped whatever their type, nested objects and arrays included, since the contract lets new
// fields appear. The buffers live across lines, so a line costs no allocation once they have
// grown.
class LineFields {
 public:
  enum class Type : std::uint8_t { string, number_text, whole, negative, literal, nested };
  struct Value {
    Type type = Type::literal;
    std::string text;         // string; number_text: the number as written
    std::uint64_t whole = 0;  // whole: the number; negative: its magnitude
  };

  void clear() {
    present_ = 0;
    depth_ = 0;
    field_.reset();
    not_an_object_ = false;
    syntax_error_.clear();
    error_position_ = 0;
  }

  // For the fast path (read_fast): the value of known field `field`, of type `type`.
  Value& set(std::size_t field, Type type) {
    present_ |= std::uint64_t{1} << field;
    values_[field].type = type;
    return values_[field];
  }

  bool has(std::size_t field) const { return (present_ >> field) & 1; }
  const Value& value(std::size_t field) const { return values_[field]; }
  bool not_an_object() const { return not_an_object_; }
  // The parser's message, and the byte of the line (from 1) where it stopped.
  const std::string& syntax_error() const { return syntax_error_; }
  std::size_t error_position() const { return error_position_; }

  // nlohmann-json's SAX interface.
  bool null() {
    return scalar(Type::literal, [](Value&) {});
  }
  bool boolean(bool) {
    return scalar(Type::literal, [](Value&) {});
  }
  bool number_integer(Json::number_integer_t number) {
    // Negative numbers (and -0) come here; the magnitude of the most negative one fits too.
    return scalar(number < 0 ? Type::negative : Type::whole, [&](Value& value) {
      value.whole =
          number < 0 ? 0 - static_cast<std::uint64_t>(number) : static_cast<std::uint64_t>(number);
    });
  }
  bool number_unsigned(Json::number_unsigned_t number) {
    return scalar(Type::whole, [&](Value& value) { value.whole = number; });
  }
  bool number_float(Json::number_float_t, const std::string& text) {
    return scalar(Type::number_text, [&](Value& value) { value.text = text; });
  }
  bool string(std::string& text) {
    // Swapped, not copied: both buffers keep their capacity for the next line.
    return scalar(Type::string, [&](Value& value) { value.text.swap(text); });
  }
  bool binary(Json::binary_t&) { return true; }  // JSON text has none
  bool start_object(std::size_t) { return open(); }
  bool start_array(std::size_t) {
    if (depth_ == 0) {
      not_an_object_ = true;
      return false;
    }
    return open();
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& name) {
    if (depth_ == 1) field_ = field_named(name);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    error_position_ = position;
    syntax_error_ = e.what();
    return false;
  }

 private:
  // A value of the top-level object goes into its field's slot if the schema knows the field;
  // any other value is skipped. A value outside any object means the line is not an object.
  template <class Fill>
  bool scalar(Type type, Fill fill) {
    if (depth_ == 0) {
      not_an_object_ = true;
      return false;
    }
    if (Value* value = slot(type)) fill(*value);
    return true;
  }
  Value* slot(Type type) {
    if (depth_ != 1 || !field_) return nullptr;
    present_ |= std::uint64_t{1} << *field_;
    values_[*field_].type = type;
    return &values_[*field_];
  }
  bool open() {
    slot(Type::nested);  // a known field that holds an object or an array holds the wrong type
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }

  std::array<Value, kFields.size()> values_;
  std::uint64_t present_ = 0;
  int depth_ = 0;
  std::optional<std::size_t> field_;  // the known field whose value comes next, if any
  bool not_an_object_ = false;
  std::string syntax_error_;
  std::size_t error_position_ = 0;
};

namespace od = simdjson::ondemand;

// Walks a value the line does not keep (an unknown field's), checking it as strictly as
// nlohmann-json would, so that the fast path accepts no line the careful one refuses.
bool check_value(od::value value) {
  od::json_type type;
  if (value.type().get(type)) return false;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (value.get_object().get(object)) return false;
      for (auto member : object) {
        od::field field;
        std::string_view key;
        if (std::move(member).get(field) || field.unescaped_key().get(key)) return false;
        if (!check_value(field.value())) return false;
      }
      return true;
    }
    case od::json_type::array: {
      od::array array;
      if (value.get_array().get(array)) return false;
      for (auto element : array) {
        od::value inner;
        if (std::move(element).get(inner) || !check_value(inner)) return false;
      }
      return true;
    }
    case od::json_type::number: {
      od::number number;
      return !value.get_number().get(number);
    }
    case od::json_type::string: {
      std::string_view text;
      return !value.get_string().get(text);
    }
    case od::json_type::boolean: {
      bool flag;
      return !value.get_bool().get(flag);
    }
    case od::json_type::null: {
      bool null = false;
      return !value.is_null().get(null) && null;
    }
  }
  return false;
}

// A number of a known field, as nlohmann-json's SAX parser would hand it over: a whole number
// that fits 64 bits as that number (a negative one that fits 64 bits signed by its magnitude,
// -0 as 0), any other as the text it was written in, for exact conversion.
bool read_number(od::value value, LineFields& fields, std::size_t field) {
  std::string_view token = value.raw_json_token();
  token = token.substr(0, token.find_first_of(" \t\r\n"));
  od::number number;
  if (value.get_number().get(number)) return false;  // checks the number's form
  const bool negative = token.starts_with('-');
  const std::string_view digits = token.substr(negative ? 1 : 0);
  const bool integer =
      !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  std::uint64_t magnitude = 0;
  const bool fits =
      integer &&
      std::from_chars(digits.data(), digits.data() + digits.size(), magnitude).ec == std::errc{};
  using Type = LineFields::Type;
  if (fits && (!negative || magnitude == 0)) {
    fields.set(field, Type::whole).whole = magnitude;
  } else if (fits && magnitude <= std::uint64_t{1} << 63) {
    fields.set(field, Type::negative).whole = magnitude;
  } else {
    fields.set(field, Type::number_text).text.assign(token);
  }
  return true;
}

// The fast path: simdjson's On-Demand parser reads a line into `fields`. Returns false for any
// line it does not take whole (not an object, a syntax error, a number of more than 64 bits):
// nlohmann-json's SAX parser then reads it again, for the same result and the same messages as
// ever. `padded` is the line copied with the padding simdjson reads past the end.
bool read_fast(std::string_view line, od::parser& parser, std::string& padded, LineFields& fields) {
  if (padded.size() < line.size() + simdjson::SIMDJSON_PADDING) {
    padded.resize(line.size() + simdjson::SIMDJSON_PADDING);
  }
  std::memcpy(padded.data(), line.data(), line.size());
  od::document document;
  if (parser.iterate(padded.data(), line.size(), padded.size()).get(document)) return false;
  od::object object;
  if (document.get_object().get(object)) return false;
  using Type = LineFields::Type;
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (std::move(member).get(field) || field.unescaped_key().get(key)) return false;
    od::value value = field.value();
    const std::optional<std::size_t> known = field_named(key);
    if (!known) {
      if (!check_value(value)) return false;
      continue;
    }
    od::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case od::json_type::string: {
        std::string_view text;
        if (value.get_string().get(text)) return false;
        fields.set(*known, Type::string).text.assign(text);
        break;
      }
      case od::json_type::number:
        if (!read_number(value, fields, *known)) return false;
        break;
      case od::json_type::object:
      case od::json_type::array:
        if (!check_value(value)) return false;
        fields.set(*known, Type::nested);
        break;
      case od::json_type::boolean:
      case od::json_type::null:
        if (!check_value(value)) return false;
        fields.set(*known, Type::literal);
        break;
    }
  }
  // Nothing may follow the object: past its end there is no location left.
  const char* after = nullptr;
  return document.current_location().get(after) == simdjson::OUT_OF_BOUNDS;
}

Error field_error(const Field& field, std::string problem) {
  return Error{"", "field \"" + std::string(field.name) + "\" " + std::move(problem), ""};
}

// One value of a line as the field's kind asks for it.
Result<FieldValue> convert(const Field& field, const LineFields::Value& value) {
  using Type = LineFields::Type;
  FieldValue out;
  out.kind = field.kind();
  switch (out.kind) {
    case FieldKind::text:
      if (value.type != Type::string) return field_error(field, "is not a string");
      out.text = value.text;
      return out;
    case FieldKind::seconds:
    case FieldKind::count: {
      const bool seconds = out.kind == FieldKind::seconds;
      const std::uint64_t max =
          seconds ? std::numeric_limits<Duration::rep>::max() : count_limit(field);
      const std::uint64_t scale = seconds ? 1'000'000'000 : 1;
      ExactNumber number;
      if (value.type == Type::whole) {
        number.status = ExactNumber::Status::ok;
        if (__builtin_mul_overflow(value.whole, scale, &number.value) || number.value > max) {
          number.status = ExactNumber::Status::too_large;
        }
      } else if (value.type == Type::negative) {
        number.status = ExactNumber::Status::negative;
      } else if (value.type == Type::number_text) {
        number = exact_number(value.text, seconds ? 9 : 0, max, !seconds);
      } else {
        return field_error(field, "is not a number");
      }
      if (number.status != ExactNumber::Status::ok) {
        const std::string written = value.type == Type::number_text ? value.text
                                    : value.type == Type::negative
                                        ? "-" + std::to_string(value.whole)
                                        : std::to_string(value.whole);
        switch (number.status) {
          case ExactNumber::Status::negative:
            return field_error(field, "is negative: " + written);
          case ExactNumber::Status::not_whole:
            return field_error(field, "is not a whole count: " + written);
          case ExactNumber::Status::too_large:
            return field_error(field, "is too large: " + written);
          default:
            return field_error(field, "is not a number: " + written);
        }
      }
      if (seconds) {
        out.seconds = Duration(static_cast<Duration::rep>(number.value));
      } else {
        out.count = number.value;
      }
      return out;
    }
    case FieldKind::mode:
    case FieldKind::event:
    case FieldKind::clock:
    case FieldKind::reason: {
      if (value.type != Type::string) return field_error(field, "is not a string");
      out.text = value.text;
      const std::optional<int> enumerator = enumerator_named(out.kind, value.text);
      if (enumerator) {
        out.enumerator = *enumerator;
      } else if (out.kind == FieldKind::reason) {
        // A reason this version does not know reads as none, so that a later version's
        // reasons do not make a trace unreadable.
        out.enumerator = static_cast<int>(StopReason::none);
      } else if (out.kind == FieldKind::event) {
        return Error{"", "unknown event \"" + value.text + "\"", ""};
      } else {
        return field_error(field, "is \"" + value.text + "\", not " + names_of(out.kind));
      }
      return out;
    }
  }
  return out;
}

// Reads the field `use` names from the line into the event; a missing field is an error unless
// the schema says it may be missing, and then it keeps its default.
std::optional<Error> read_field(FieldUse use, const LineFields& line, TraceEvent& event,
                                RunFacts& run) {
  const Field& field = use.spec();
  if (!line.has(use.field)) {
    if (use.presence == Presence::always) return field_error(field, "is missing");
    return std::nullopt;
  }
  Result<FieldValue> value = convert(field, line.value(use.field));
  if (!value) return value.error();
  store(field, *value, event, run);
  return std::nullopt;
}

std::optional<Error> event_from(const LineFields& line, EventStore& events, EventKind& kind) {
  TraceEvent event;
  RunFacts run;
  for (FieldUse use : kHeadFields) {
    if (auto e = read_field(use, line, event, run)) return e;
  }
  const std::span<const FieldUse> fields = event_spec(event.kind).fields();
  bool has_run_facts = false;
  for (FieldUse use : fields) {
    if (auto e = read_field(use, line, event, run)) return e;
    has_run_facts = has_run_facts || use.spec().member.on_run();
  }
  if (has_run_facts) event.run = &run;
  events.append(event);
  kind = event.kind;
  return std::nullopt;
}

// nlohmann-json's message, "[json.exception.parse_error.101] parse error at line 1, column 4:
// syntax error while parsing object key - invalid string: missing closing quote; last read:
// '"t'; expected string literal", as problem ("invalid string: missing closing quote") and
// what it expected ("string literal"). What was last read is left out: it can be a whole
// megabyte of string.
std::pair<std::string, std::string> split_syntax_error(std::string message) {
  const auto drop_through = [&](std::string_view marker) {
    const std::size_t at = message.find(marker);
    if (at != std::string::npos) message.erase(0, at + marker.size());
  };
  if (message.starts_with("[json.exception.")) drop_through("] ");
  if (message.starts_with("parse error")) drop_through(": ");
  if (message.starts_with("syntax error while parsing ")) drop_through(" - ");
  if (const std::size_t at = message.find("; last read: '"); at != std::string::npos) {
    const std::size_t after = message.find("'; expected ", at + 14);
    message.erase(at, after == std::string::npos ? std::string::npos : after + 1 - at);
  }
  std::string expected;
  if (const std::size_t at = message.find("; expected "); at != std::string::npos) {
    expected = message.substr(at + 11);
    message.erase(at);
  }
  return {message, expected};
}

// The text around `column` (from 1) of `line`, quoted: the bad token, for the error message. A
// control character shows as its JSON escape, a byte that is not UTF-8 as U+FFFD, so the message
// stays one printable line.
std::string near(std::string_view line, std::size_t column) {
  constexpr std::size_t kBefore = 12;
  constexpr std::size_t kShown = 24;
  std::size_t start = column > kBefore + 1 ? column - 1 - kBefore : 0;
  while (start > 0 && start < line.size() && (line[start] & 0xC0) == 0x80) --start;
  const std::size_t end = std::min(line.size(), start + kShown);
  std::string text = start > 0 ? "'…" : "'";
  for (std::size_t i = start; i < end;) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c == 0x7F) {
      text += fmt::format("\\u{:04x}", c);
      ++i;
    } else if (c < 0x80) {
      text += static_cast<char>(c);
      ++i;
    } else if (const std::size_t length = utf8_sequence_length(line, i);
               length > 0 && i + length <= end) {
      text += line.substr(i, length);
      i += length;
    } else {
      text += "\uFFFD";
      i += length > 0 ? length : 1;
    }
  }
  return text + (end < line.size() ? "…'" : "'");
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

Result<EventStore> read_jsonl(std::istream& in, const std::string& name) {
  EventStore events;
  LineReader lines(in, kMaxTraceLineBytes);
  LineFields fields;
  od::parser parser;
  std::string padded;
  std::string_view line;
  std::size_t open_run_line = 0;  // the line of the run_start still waiting for its run_end
  const auto where = [&](std::size_t at) { return name + ", line " + std::to_string(at); };
  while (true) {
    const LineReader::Status status = lines.next(line);
    if (status == LineReader::Status::end) break;
    const std::size_t number = lines.number();
    if (status == LineReader::Status::read_error) {
      return Error{name,
                   number == 0 ? std::string("could not be read")
                               : "could not be read after line " + std::to_string(number),
                   "a readable file"};
    }
    if (status == LineReader::Status::too_long) {
      return Error{where(number),
                   "the line is longer than " + std::to_string(kMaxTraceLineBytes) +
                       " bytes, the most a trace line may have",
                   std::string(kExpected)};
    }
    if (is_blank(line)) continue;

    fields.clear();
    const bool fast = read_fast(line, parser, padded, fields);
    if (!fast) fields.clear();
    if (!fast && !Json::sax_parse(line.begin(), line.end(), &fields)) {
      if (fields.not_an_object()) {
        const std::size_t column = line.find_first_not_of(" \t\r") + 1;
        return Error{where(number) + ", column " + std::to_string(column), "not a JSON object",
                     std::string(kExpected)};
      }
      // A parser that ran out of line at the end of the file met a file cut short (a full
      // disk, a copy interrupted), not a malformed line.
      if (lines.unterminated() && fields.error_position() > line.size()) {
        return Error{where(number), "the trace is cut short: the file ends inside this line",
                     "a whole trace, with a run_end line for every run_start"};
      }
      auto [problem, expected] = split_syntax_error(fields.syntax_error());
      problem += " in " + near(line, fields.error_position());
      return Error{where(number) + ", column " + std::to_string(fields.error_position()), problem,
                   expected.empty() ? std::string(kExpected)
                                    : expected + " (" + std::string(kExpected) + ")"};
    }
    EventKind kind{};
    if (std::optional<Error> e = event_from(fields, events, kind)) {
      return Error{where(number), e->problem, std::string(kExpected)};
    }
    if (kind == EventKind::run_start) {
      if (open_run_line != 0) {
        return Error{where(number), "a run starts before the previous one ended",
                     "a run_end for the run that started on line " + std::to_string(open_run_line)};
      }
      open_run_line = number;
    } else if (open_run_line == 0) {
      return Error{where(number), "event \"" + std::string(to_string(kind)) + "\" outside a run",
                   "a run_start line before it"};
    } else if (kind == EventKind::run_end) {
      open_run_line = 0;
    }
  }
  if (open_run_line != 0) {
    return Error{where(lines.number() + 1),
                 "the trace ends before the run that started on line " +
                     std::to_string(open_run_line) + " ended: it is truncated",
                 "a run_end line for every run_start"};
  }
  if (events.empty()) return Error{name, "holds no events", std::string(kExpected)};
  return events;
}

}  // namespace asyncdemo
