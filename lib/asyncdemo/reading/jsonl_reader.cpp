#include "asyncdemo/reading/jsonl_reader.hpp"

#include <map>
#include <optional>
#include <variant>

#include "asyncdemo/core/duration.hpp"

namespace asyncdemo {
namespace {

// A JSON value of a flat object: the contract has only strings and numbers (kept as their
// text, so that seconds convert exactly), but other values parse too, to be skipped.
struct Number {
  std::string text;
};
using Value = std::variant<std::string, Number, bool, std::nullptr_t>;
using Object = std::map<std::string, Value, std::less<>>;

// Parses one line as a flat JSON object; errors are a sentence saying what is wrong where.
class LineParser {
 public:
  explicit LineParser(std::string_view text) : text_(text) {}

  Result<Object> object() {
    Object fields;
    skip_space();
    if (!eat('{')) return fail("expected '{' at the start of the line");
    skip_space();
    if (eat('}')) return finish(std::move(fields));
    while (true) {
      skip_space();
      Result<std::string> key = string();
      if (!key) return key.error();
      skip_space();
      if (!eat(':')) return fail("expected ':' after \"" + *key + "\"");
      skip_space();
      Result<Value> value = this->value();
      if (!value) return value.error();
      fields.insert_or_assign(std::move(key).value(), std::move(value).value());
      skip_space();
      if (eat(',')) continue;
      if (eat('}')) return finish(std::move(fields));
      return fail(pos_ >= text_.size() ? "the line ends before the object closes"
                                       : "expected ',' or '}'");
    }
  }

 private:
  Error fail(std::string problem) const {
    return Error{"", problem + " at column " + std::to_string(pos_ + 1), ""};
  }
  Result<Object> finish(Object fields) {
    skip_space();
    if (pos_ != text_.size()) return fail("unexpected text after the object");
    return fields;
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\n')) {
      ++pos_;
    }
  }
  bool eat(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool eat_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Result<Value> value() {
    if (pos_ >= text_.size()) return fail("the line ends where a value should be");
    const char c = text_[pos_];
    if (c == '"') {
      Result<std::string> text = string();
      if (!text) return text.error();
      return Value(std::move(text).value());
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (eat_word("true")) return Value(true);
    if (eat_word("false")) return Value(false);
    if (eat_word("null")) return Value(nullptr);
    return fail("expected a string or a number");
  }

  Result<Value> number() {
    const std::size_t begin = pos_;
    eat('-');
    const auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (!digits()) return fail("expected digits");
    if (eat('.') && !digits()) return fail("expected digits after '.'");
    if (eat('e') || eat('E')) {
      if (!eat('+')) eat('-');
      if (!digits()) return fail("expected digits in the exponent");
    }
    return Value(Number{std::string(text_.substr(begin, pos_ - begin))});
  }

  std::optional<unsigned> hex4() {
    if (pos_ + 4 > text_.size()) return std::nullopt;
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      code <<= 4;
      if (c >= '0' && c <= '9') {
        code |= static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        code |= static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        code |= static_cast<unsigned>(c - 'A' + 10);
      } else {
        return std::nullopt;
      }
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  Result<std::string> string() {
    if (!eat('"')) return fail("expected '\"'");
    std::string out;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return fail("a control character inside a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) break;
      const char escaped = text_[pos_++];
      switch (escaped) {
        case '"':
        case '\\':
        case '/':
          out += escaped;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::optional<unsigned> code = hex4();
          if (!code) return fail("a bad \\u escape");
          if (*code >= 0xD800 && *code <= 0xDBFF) {
            std::optional<unsigned> low;
            if (eat('\\') && eat('u')) low = hex4();
            if (!low || *low < 0xDC00 || *low > 0xDFFF) return fail("a lone surrogate");
            *code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
          } else if (*code >= 0xDC00 && *code <= 0xDFFF) {
            return fail("a lone surrogate");
          }
          append_utf8(out, *code);
          break;
        }
        default:
          return fail(std::string("an unknown escape \\") + escaped);
      }
    }
    return fail("the line ends inside a string");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Reads the fields of one event, each problem a sentence naming the field.
class EventFields {
 public:
  explicit EventFields(const Object& fields) : fields_(fields) {}

  Result<std::string> text(std::string_view key) const {
    const auto found = fields_.find(key);
    if (found == fields_.end()) return missing(key);
    if (const auto* text = std::get_if<std::string>(&found->second)) return *text;
    return Error{"", "field \"" + std::string(key) + "\" is not a string", ""};
  }
  Result<Duration> seconds(std::string_view key) const {
    const auto found = fields_.find(key);
    if (found == fields_.end()) return missing(key);
    const auto* number = std::get_if<Number>(&found->second);
    if (number == nullptr)
      return Error{"", "field \"" + std::string(key) + "\" is not a number", ""};
    Result<Duration> parsed = parse_duration(number->text);
    if (!parsed) {
      return Error{
          "", "field \"" + std::string(key) + "\" is not a count of seconds: " + number->text, ""};
    }
    return parsed;
  }
  Result<std::size_t> count(std::string_view key) const {
    Result<std::string> digits = number_text(key);
    if (!digits) return digits.error();
    std::size_t value = 0;
    for (char c : *digits) {
      if (c < '0' || c > '9' || value > 1'000'000'000'000) {
        return Error{"", "field \"" + std::string(key) + "\" is not a whole count", ""};
      }
      value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
  }

 private:
  static Error missing(std::string_view key) {
    return Error{"", "field \"" + std::string(key) + "\" is missing", ""};
  }
  Result<std::string> number_text(std::string_view key) const {
    const auto found = fields_.find(key);
    if (found == fields_.end()) return missing(key);
    if (const auto* number = std::get_if<Number>(&found->second)) return number->text;
    return Error{"", "field \"" + std::string(key) + "\" is not a number", ""};
  }
  const Object& fields_;
};

template <class T>
std::optional<Error> take(Result<T> result, T& into) {
  if (!result) return result.error();
  into = std::move(result).value();
  return std::nullopt;
}

std::optional<EventKind> event_kind(std::string_view name) {
  for (EventKind kind :
       {EventKind::run_start, EventKind::start, EventKind::print, EventKind::sleep, EventKind::wake,
        EventKind::end, EventKind::cancel, EventKind::run_end, EventKind::block, EventKind::unblock,
        EventKind::work_queue, EventKind::work_start, EventKind::work_end, EventKind::fail,
        EventKind::fetch_resolved, EventKind::fetch_connected, EventKind::fetch_sent,
        EventKind::fetch_first_byte, EventKind::fetch_done}) {
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

// The reason a cancel or a run_end names; an unknown name reads as none, so that a later
// version's reasons do not make a trace unreadable.
StopReason stop_reason_named(std::string_view name) {
  for (StopReason reason :
       {StopReason::interrupt, StopReason::terminate, StopReason::broken_pipe,
        StopReason::output_failed, StopReason::timeout, StopReason::task_failed}) {
    if (to_string(reason) == name) return reason;
  }
  return StopReason::none;
}

// "worker" is absent in sync mode, where the task's own thread does the work.
std::optional<Error> worker_of(const Object& object, const EventFields& fields, unsigned& worker) {
  if (!object.contains("worker")) return std::nullopt;
  std::size_t number = 0;
  if (auto e = take(fields.count("worker"), number)) return e;
  worker = static_cast<unsigned>(number);
  return std::nullopt;
}

Result<StoredEvent> event_from(const Object& object) {
  const EventFields fields(object);
  StoredEvent event;
  std::string mode;
  std::string kind;
  if (auto e = take(fields.seconds("t"), event.t)) return *e;
  if (auto e = take(fields.text("mode"), mode)) return *e;
  if (mode != "sync" && mode != "async") {
    return Error{"", "mode \"" + mode + "\" is neither \"sync\" nor \"async\"", ""};
  }
  event.mode = mode == "sync" ? Mode::sync : Mode::async;
  if (auto e = take(fields.text("event"), kind)) return *e;
  const std::optional<EventKind> found = event_kind(kind);
  if (!found) return Error{"", "unknown event \"" + kind + "\"", ""};
  event.kind = *found;

  std::size_t bytes = 0;
  std::size_t status = 0;
  const bool run_event = event.kind == EventKind::run_start || event.kind == EventKind::run_end;
  if (!run_event) {
    if (auto e = take(fields.text("task"), event.task)) return *e;
  }
  switch (event.kind) {
    case EventKind::print:
      if (auto e = take(fields.text("text"), event.text)) return *e;
      break;
    case EventKind::sleep:
      if (auto e = take(fields.seconds("seconds"), event.seconds)) return *e;
      break;
    case EventKind::wake:
      if (auto e = take(fields.seconds("late"), event.late)) return *e;
      break;
    case EventKind::cancel:
      if (object.contains("at")) {
        if (auto e = take(fields.text("at"), event.at)) return *e;
      }
      if (object.contains("reason")) {
        std::string reason;
        if (auto e = take(fields.text("reason"), reason)) return *e;
        event.reason = stop_reason_named(reason);
      }
      break;
    case EventKind::block:
    case EventKind::work_queue:
      if (auto e = take(fields.seconds("seconds"), event.seconds)) return *e;
      break;
    case EventKind::unblock:
      if (auto e = take(fields.seconds("held"), event.held)) return *e;
      break;
    case EventKind::work_start:
      if (auto e = take(fields.seconds("waited"), event.waited)) return *e;
      if (auto e = worker_of(object, fields, event.worker)) return *e;
      break;
    case EventKind::work_end:
      if (auto e = take(fields.seconds("late"), event.late)) return *e;
      if (auto e = worker_of(object, fields, event.worker)) return *e;
      break;
    case EventKind::fail:
      if (auto e = take(fields.text("at"), event.at)) return *e;
      if (auto e = take(fields.text("message"), event.text)) return *e;
      break;
    case EventKind::fetch_resolved:
    case EventKind::fetch_connected:
      if (auto e = take(fields.text("url"), event.text)) return *e;
      if (auto e = take(fields.text("address"), event.at)) return *e;
      if (event.kind == EventKind::fetch_resolved && object.contains("seconds")) {
        if (auto e = take(fields.seconds("seconds"), event.seconds)) return *e;
      }
      break;
    case EventKind::fetch_sent:
      if (auto e = take(fields.text("url"), event.text)) return *e;
      if (auto e = take(fields.count("bytes"), bytes)) return *e;
      event.bytes = bytes;
      break;
    case EventKind::fetch_first_byte:
      if (auto e = take(fields.text("url"), event.text)) return *e;
      if (auto e = take(fields.seconds("seconds"), event.seconds)) return *e;
      break;
    case EventKind::fetch_done:
      if (auto e = take(fields.text("url"), event.text)) return *e;
      if (auto e = take(fields.count("status"), status)) return *e;
      if (auto e = take(fields.count("bytes"), bytes)) return *e;
      if (auto e = take(fields.seconds("seconds"), event.seconds)) return *e;
      event.status = static_cast<int>(status);
      event.bytes = bytes;
      if (object.contains("body")) {
        if (auto e = take(fields.text("body"), event.body)) return *e;
      }
      break;
    case EventKind::run_end:
      if (auto e = take(fields.seconds("elapsed"), event.run.elapsed)) return *e;
      if (auto e = take(fields.count("finished"), event.run.finished)) return *e;
      if (auto e = take(fields.count("cancelled"), event.run.cancelled)) return *e;
      // The run's statistics came later: a trace without them still reads.
      for (const auto& [key, value] :
           {std::pair{"late_p50", &event.run.late_p50}, std::pair{"late_p99", &event.run.late_p99},
            std::pair{"late_max", &event.run.late_max}}) {
        if (!object.contains(key)) continue;
        if (auto e = take(fields.seconds(key), *value)) return *e;
      }
      if (object.contains("events")) {
        std::size_t events = 0;
        if (auto e = take(fields.count("events"), events)) return *e;
        event.run.events = events;
      }
      if (object.contains("peak_asleep")) {
        if (auto e = take(fields.count("peak_asleep"), event.run.peak_asleep)) return *e;
      }
      if (object.contains("loop_iterations")) {
        std::size_t iterations = 0;
        if (auto e = take(fields.count("loop_iterations"), iterations)) return *e;
        event.run.loop_iterations = iterations;
      }
      // So did the pitfalls' (blocking calls, the pool, failures, what stopped the run).
      if (object.contains("failed")) {
        if (auto e = take(fields.count("failed"), event.run.failed)) return *e;
      }
      if (object.contains("stopped_by")) {
        std::string reason;
        if (auto e = take(fields.text("stopped_by"), reason)) return *e;
        event.run.stopped_by = stop_reason_named(reason);
      }
      for (const auto& [key, value] : {std::pair{"blocked_total", &event.run.blocked_total},
                                       std::pair{"blocked_max", &event.run.blocked_max},
                                       std::pair{"queue_wait_max", &event.run.queue_wait_max}}) {
        if (!object.contains(key)) continue;
        if (auto e = take(fields.seconds(key), *value)) return *e;
      }
      [[fallthrough]];
    case EventKind::run_start: {
      std::string clock;
      if (auto e = take(fields.text("clock"), clock)) return *e;
      if (clock != "real" && clock != "virtual") {
        return Error{"", "clock \"" + clock + "\" is neither \"real\" nor \"virtual\"", ""};
      }
      event.run.clock = clock == "real" ? ClockKind::real : ClockKind::virtual_;
      if (auto e = take(fields.count("tasks"), event.run.tasks)) return *e;
      if (object.contains("waits")) {
        std::string waits;
        if (auto e = take(fields.text("waits"), waits)) return *e;
        event.run.waits = waits_named(waits);
      }
      if (object.contains("threads")) {
        if (auto e = take(fields.count("threads"), event.run.threads)) return *e;
      }
      // null: theory could not know (the tasks fetch); traces from before then say 0.
      if (const auto theory = object.find("theory");
          theory == object.end() || !std::holds_alternative<std::nullptr_t>(theory->second)) {
        if (auto e = take(fields.seconds("theory"), event.run.theory)) return *e;
      } else {
        event.run.waits.fetch = true;
      }
      break;
    }
    case EventKind::start:
    case EventKind::end:
      break;
  }
  return event;
}

constexpr std::string_view kExpected =
    "one JSON object per line, as 'asyncdemo --format jsonl' writes";

}  // namespace

Result<std::vector<StoredEvent>> read_jsonl(std::istream& in, const std::string& name) {
  std::vector<StoredEvent> events;
  std::string line;
  std::size_t number = 0;
  std::size_t open_run_line = 0;  // the line of the run_start still waiting for its run_end
  const auto where = [&](std::size_t at) { return name + ", line " + std::to_string(at); };
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Result<Object> object = LineParser(line).object();
    if (!object) return Error{where(number), object.error().problem, std::string(kExpected)};
    Result<StoredEvent> event = event_from(*object);
    if (!event) return Error{where(number), event.error().problem, std::string(kExpected)};
    const EventKind kind = event->kind;
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
    events.push_back(std::move(event).value());
  }
  if (in.bad()) return Error{name, "could not be read", "a readable file"};
  if (open_run_line != 0) {
    return Error{where(number + 1),
                 "the trace ends before the run that started on line " +
                     std::to_string(open_run_line) + " ended: it is truncated",
                 "a run_end line for every run_start"};
  }
  if (events.empty()) return Error{name, "holds no events", std::string(kExpected)};
  return events;
}

}  // namespace asyncdemo
