// End-to-end tests: they run the real asyncdemo binary and look only at what a user sees, its
// output, its error messages and its exit status. Everything runs on the virtual clock except
// the few tests of real time and signals, which keep their sleeps short (or cut them short) and
// check lower bounds strictly and upper bounds loosely.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <spdlog/version.h>

#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/steps/step_kinds.hpp"
#include "support/process.hpp"

namespace {

namespace fs = std::filesystem;
using asyncdemo::libuv_version;
using asyncdemo::e2e::Process;
using asyncdemo::e2e::ProcessOptions;
using asyncdemo::e2e::ProcessResult;
using asyncdemo::e2e::run_asyncdemo;
using std::chrono::milliseconds;

// Generous: only a hang or a lost signal ever waits this long.
constexpr milliseconds kPatience{10'000};

const fs::path kData = ASYNCDEMO_TEST_DATA;

// A private folder under the system's temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "asyncdemo-cli-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != text.npos;
}

// The lines of `text`, without their newlines.
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// How many lines hold every one of `parts`.
std::size_t count_lines(std::string_view text, std::initializer_list<std::string_view> parts) {
  std::size_t count = 0;
  for (const std::string& line : lines_of(text)) {
    if (std::all_of(parts.begin(), parts.end(),
                    [&](std::string_view part) { return contains(line, part); })) {
      ++count;
    }
  }
  return count;
}

// Index of the first line holding every one of `parts`, or -1.
int find_line(std::string_view text, std::initializer_list<std::string_view> parts) {
  const std::vector<std::string> lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (std::all_of(parts.begin(), parts.end(),
                    [&](std::string_view part) { return contains(lines[i], part); })) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// Bad input: nothing runs, nothing reaches stdout, and stderr holds exactly one line, the error,
// naming each of `named`.
void check_usage_error(const std::vector<std::string>& args,
                       std::initializer_list<std::string_view> named) {
  std::vector<std::string> all{"--clock", "virtual"};  // if it ran anyway, it would not hang
  all.insert(all.end(), args.begin(), args.end());
  const ProcessResult result = run_asyncdemo(all);
  INFO(result.describe());
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK((!result.err.empty() && result.err.back() == '\n'));
  CHECK(result.err.rfind("asyncdemo: error: ", 0) == 0);
  for (std::string_view token : named) {
    INFO("the error should name: " << token);
    CHECK(contains(result.err, token));
  }
}

// --- A small JSON reader, enough to check the JSON-lines contract. -----------------------------

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  // One JSON object whose members are strings, numbers, true, false or null, as each record of
  // the trace is: each key with its value, strings unescaped (\u escapes kept as written),
  // other values as written. nullopt unless `text` is exactly such an object.
  std::optional<std::map<std::string, std::string>> flat_object() {
    std::map<std::string, std::string> members;
    if (!take('{')) return std::nullopt;
    if (!take('}')) {
      do {
        std::optional<std::string> key = string();
        if (!key || !take(':')) return std::nullopt;
        std::optional<std::string> value = scalar();
        if (!value || !members.emplace(*key, *value).second) return std::nullopt;
      } while (take(','));
      if (!take('}')) return std::nullopt;
    }
    skip_space();
    if (pos_ != text_.size()) return std::nullopt;
    return members;
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\n')) {
      ++pos_;
    }
  }
  bool take(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool digits() {
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > begin;
  }

  std::optional<std::string> scalar() {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '"') return string();
    for (std::string_view word : {"true", "false", "null"}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return std::string(word);
      }
    }
    return number();
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  std::optional<std::string> number() {
    const std::size_t begin = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return std::nullopt;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digits()) return std::nullopt;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) return std::nullopt;
    }
    return std::string(text_.substr(begin, pos_ - begin));
  }

  std::optional<std::string> string() {
    if (!take('"')) return std::nullopt;
    std::string value;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return value;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') {
        value += c;
        continue;
      }
      if (pos_ >= text_.size()) return std::nullopt;
      const char escaped = text_[pos_++];
      const std::string_view simple = "\"\\/bfnrt";
      const std::string_view meant = "\"\\/\b\f\n\r\t";
      if (const std::size_t which = simple.find(escaped); which != simple.npos) {
        value += meant[which];
      } else if (escaped == 'u' && pos_ + 4 <= text_.size() &&
                 std::all_of(text_.begin() + pos_, text_.begin() + pos_ + 4,
                             [](char h) { return std::isxdigit(static_cast<unsigned char>(h)); })) {
        value += "\\u" + std::string(text_.substr(pos_, 4));
        pos_ += 4;
      } else {
        return std::nullopt;
      }
    }
    return std::nullopt;  // unterminated
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::optional<std::map<std::string, std::string>> parse_record(std::string_view line) {
  return JsonReader(line).flat_object();
}

// The `elapsed` of the one run_end record in a JSON-lines trace, in seconds.
double run_end_elapsed(const std::string& trace) {
  std::optional<double> elapsed;
  for (const std::string& line : lines_of(trace)) {
    const auto record = parse_record(line);
    REQUIRE(record.has_value());
    if (record->at("event") != "run_end") continue;
    REQUIRE_FALSE(elapsed.has_value());
    elapsed = std::stod(record->at("elapsed"));
  }
  REQUIRE(elapsed.has_value());
  return *elapsed;
}

// Polls a file until it holds `text`: how a test waits for live output that goes to a file.
bool wait_for_file_containing(const fs::path& path, std::string_view text, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (contains(read_file(path), text)) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

}  // namespace

// --- Bad input ----------------------------------------------------------------------------------

TEST_CASE("cli: a bad duration exits 2 with one error line naming it") {
  SUBCASE("an unknown unit") {
    check_usage_error({"one=5x"}, {"'x'", "5x"});
  }
  SUBCASE("a negative duration") {
    check_usage_error({"one=-1"}, {"negative", "'-1'"});
  }
  SUBCASE("not a number") {
    check_usage_error({"one=nan"}, {"'nan'"});
  }
  SUBCASE("longer than the clock allows") {
    check_usage_error({"one=1000000h"}, {"'1000000h'", "too long"});
  }
}

TEST_CASE("cli: a bad task name exits 2 with one error line naming it") {
  SUBCASE("an empty name") {
    check_usage_error({"=1s"}, {"'=1s'", "empty task name"});
  }
  SUBCASE("a character that names cannot hold") {
    check_usage_error({"a.b=1s"}, {"'.'", "'a.b'"});
  }
  SUBCASE("the same name twice") {
    check_usage_error({"a=1s", "a=2s"}, {"duplicate task name 'a'"});
  }
}

TEST_CASE("cli: a malformed task exits 2 with one error line naming it") {
  SUBCASE("no '='") {
    check_usage_error({"one"}, {"'one'", "no '='"});
  }
  SUBCASE("nothing after '='") {
    check_usage_error({"one="}, {"'one='", "does nothing"});
  }
  SUBCASE("an unknown step") {
    check_usage_error({"one=jump:1"}, {"unknown step 'jump'"});
  }
  SUBCASE("an empty step") {
    check_usage_error({"one=sleep:1,,print:x"}, {"'one=sleep:1,,print:x'", "empty step"});
  }
}

TEST_CASE("cli: conflicting modes or an unknown format exit 2 with one error line naming them") {
  SUBCASE("--sync with --async") {
    check_usage_error({"--sync", "--async"}, {"--sync", "--async"});
  }
  SUBCASE("an unknown --format") {
    check_usage_error({"--format", "xml"}, {"--format", "xml"});
  }
}

TEST_CASE("cli: an unreadable task file exits 2 with one error line naming the path") {
  const TempDir dir;
  SUBCASE("a file that does not exist") {
    const std::string missing = (dir / "missing.txt").string();
    check_usage_error({"-f", missing}, {"--file", "'" + missing + "'"});
  }
  SUBCASE("a folder") {
    const std::string folder = (dir / "folder").string();
    fs::create_directory(folder);
    check_usage_error({"-f", folder}, {"--file", "'" + folder + "'"});
  }
}

TEST_CASE("cli: an unwritable output path exits 2 and creates no file") {
  const TempDir dir;
  // A missing parent folder: unlike a read-only folder, it is unwritable even for root.
  const fs::path output = dir / "no-such-folder" / "trace.txt";
  check_usage_error({"-o", output.string()}, {"--output", "'" + output.string() + "'"});
  CHECK_FALSE(fs::exists(output));
  CHECK_FALSE(fs::exists(output.parent_path()));
}

// --- Help and version ---------------------------------------------------------------------------

TEST_CASE("cli: --help exits 0 and shows examples") {
  const ProcessResult result = run_asyncdemo({"--help"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(contains(result.out, "Usage: asyncdemo"));
  CHECK(contains(result.out, "Examples:"));
  CHECK(contains(result.out, "asyncdemo one=1s two=2s three=500ms"));
  CHECK(contains(result.out, "Exit status:"));
}

TEST_CASE("cli: asyncdemo help is help, not a task, and help TOPIC explains the topic") {
  const ProcessResult plain = run_asyncdemo({"help"});
  CHECK(plain.exit_code == 0);
  CHECK(plain.out == run_asyncdemo({"--help"}).out);
  const ProcessResult steps = run_asyncdemo({"help", "steps"});
  INFO(steps.describe());
  CHECK(steps.exit_code == 0);
  CHECK(contains(steps.out, "  sleep:DURATION "));
  CHECK(contains(steps.out, "  fetch-print:URL "));
  const ProcessResult render = run_asyncdemo({"help", "render"});
  CHECK(render.out == run_asyncdemo({"render", "--help"}).out);
  CHECK(render.out.starts_with("Usage: asyncdemo render TRACE"));
  const ProcessResult codes = run_asyncdemo({"help", "exit-codes"});
  CHECK(contains(codes.out, "  124       a run timed out (--timeout)"));
}

// --- One error style ----------------------------------------------------------------------------

// Every usage error, the parser's included, is one line in asyncdemo's words, exit 2.
void check_exact_usage_error(const std::vector<std::string>& args, const std::string& message) {
  const ProcessResult result = run_asyncdemo(args);
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "asyncdemo: error: " + message + "\n");
}

TEST_CASE("cli: a mistyped option, step kind, format, clock or topic gets a did-you-mean") {
  check_exact_usage_error({"--asynk"},
                          "unknown option '--asynk' (did you mean --async?); expected an option "
                          "that asyncdemo --help lists");
  check_exact_usage_error({"--format", "jsnol"},
                          "--format: unknown format 'jsnol' (did you mean jsonl?); expected "
                          "text, jsonl, csv or chrome");
  check_exact_usage_error({"--clock", "virtal"},
                          "--clock: unknown clock 'virtal' (did you mean virtual?); expected "
                          "real or virtual");
  check_exact_usage_error({"--clock", "virtual", "a=slep:1s"},
                          "task 'a=slep:1s': unknown step 'slep' (did you mean sleep?); expected " +
                              asyncdemo::step_forms());
  check_exact_usage_error({"help", "stpes"},
                          "help: no topic 'stpes' (did you mean steps?); expected steps, "
                          "durations, formats, examples, exit-codes, render or serve");
  check_exact_usage_error({"hlep"},
                          "'hlep' is neither a task nor a command (did you mean help?); expected "
                          "a command (render, serve or help), or a task NAME=DURATION, like "
                          "one=1s");
}

TEST_CASE("cli: the parser's own refusals are told in the same style") {
  check_exact_usage_error({"--width", "abc"},
                          "--width: 'abc' is not a width; expected a whole number of columns "
                          "from 20 to 1000, like --width 100");
  check_exact_usage_error({"-f", "a.txt", "--file", "b.txt"},
                          "--file: given twice ('a.txt', then 'b.txt'); expected one --file");
  check_exact_usage_error({"--task"}, "--task: no TASK after it; expected --task TASK");
  check_exact_usage_error({"--format"},
                          "--format: no FORMAT after it; expected --format FORMAT, where FORMAT "
                          "is text, jsonl, csv or chrome");
  check_exact_usage_error({"--quiet=yes"},
                          "--quiet: takes no value, but was given 'yes'; expected --quiet alone");
  check_exact_usage_error({"--sync", "--async"},
                          "--async: cannot be combined with --sync; expected one of --sync, "
                          "--async or --compare");
  check_exact_usage_error({"--port", "80"},
                          "--port is an option of serve, not of a run; expected asyncdemo serve "
                          "--port PORT");
  check_exact_usage_error({"render", "run.jsonl", "--clock", "virtual"},
                          "render: --clock is an option of a run, not of render; expected an "
                          "option that asyncdemo help render lists");
}

TEST_CASE(
    "cli: --version prints asyncdemo 0.1.0, the libuv it runs with and spdlog's, and exits 0") {
  const ProcessResult result = run_asyncdemo({"--version"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  const std::vector<std::string> lines = lines_of(result.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "asyncdemo 0.1.0");
  CHECK(lines[1] == "libuv " + std::string(libuv_version()));
  CHECK(lines[2].starts_with("spdlog " + std::to_string(SPDLOG_VER_MAJOR) + "." +
                             std::to_string(SPDLOG_VER_MINOR) + "."));
}

// --- Golden output ------------------------------------------------------------------------------

TEST_CASE("cli: the classic example on the virtual clock prints the golden text trace") {
  const ProcessResult result = run_asyncdemo({"--clock", "virtual", "--color", "never"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  const std::string golden = read_file(kData / "compare_virtual.txt");
  REQUIRE_FALSE(golden.empty());
  CHECK(result.out == golden);
}

TEST_CASE("cli: the classic example on the virtual clock prints the golden JSON-lines trace") {
  const ProcessResult result = run_asyncdemo({"--clock", "virtual", "--format", "jsonl"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  const std::string golden = read_file(kData / "compare_virtual.jsonl");
  REQUIRE_FALSE(golden.empty());
  CHECK(result.out == golden);
}

TEST_CASE("cli: every JSON-lines record is one object with t and mode and event") {
  // Print texts that need escaping: quotes, a backslash, an escaped comma, a tab, UTF-8 and a
  // byte that is not UTF-8.
  const std::string text = "say \"hi\"\\, \\ back\ttab h\xC3\xA9llo \xFF!";
  const ProcessResult result =
      run_asyncdemo({"--clock", "virtual", "--format", "jsonl", "one=1s", "two=250ms",
                     "three=print:" + text + ",sleep:0,print:"});
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  REQUIRE_FALSE(result.out.empty());
  CHECK(result.out.back() == '\n');

  const std::vector<std::string> kEvents{"run_start", "start", "print",  "sleep",
                                         "wake",      "end",   "cancel", "run_end"};
  std::map<std::string, int> runs_ended;
  std::vector<std::string> texts;
  double last_t = 0;
  for (const std::string& line : lines_of(result.out)) {
    INFO("line: " << line);
    const auto record = parse_record(line);
    REQUIRE(record.has_value());
    REQUIRE(record->count("t") == 1);
    REQUIRE(record->count("mode") == 1);
    REQUIRE(record->count("event") == 1);
    const std::string& mode = record->at("mode");
    const std::string& event = record->at("event");
    CHECK((mode == "sync" || mode == "async"));
    CHECK(std::find(kEvents.begin(), kEvents.end(), event) != kEvents.end());
    const double t = std::stod(record->at("t"));
    if (event == "run_start") last_t = 0;
    CHECK(t >= last_t);  // time never goes back within a run
    last_t = t;
    if (event == "run_end") ++runs_ended[mode];
    if (event == "print" && record->at("task") == "three") texts.push_back(record->at("text"));
  }
  CHECK(runs_ended["sync"] == 1);
  CHECK(runs_ended["async"] == 1);
  // The escapes decode to what was printed; the stray byte became U+FFFD.
  const std::string expected = "say \"hi\", \\ back\ttab h\xC3\xA9llo \\ufffd!";
  CHECK(texts == std::vector<std::string>{expected, "", expected, ""});
}

// --- Colour
// ---------------------------------------------------------------------------------------

TEST_CASE("cli: piped output has escape codes only when colour is forced") {
  const std::vector<std::string> args{"--clock", "virtual"};
  const auto run = [&](std::vector<std::string> extra, ProcessOptions options) {
    extra.insert(extra.begin(), args.begin(), args.end());
    return run_asyncdemo(extra, options);
  };
  ProcessOptions no_color_unset;
  no_color_unset.env["NO_COLOR"] = std::nullopt;
  ProcessOptions no_color_set;
  no_color_set.env["NO_COLOR"] = "1";

  SUBCASE("--color auto, the default, on a pipe") {
    const ProcessResult result = run({}, no_color_unset);
    INFO(result.describe());
    CHECK(result.exit_code == 0);
    CHECK_FALSE(contains(result.out, "\x1b"));
  }
  SUBCASE("--color auto on a pipe with NO_COLOR unset") {
    const ProcessResult result = run({"--color", "auto"}, no_color_unset);
    INFO(result.describe());
    CHECK(result.exit_code == 0);
    CHECK_FALSE(contains(result.out, "\x1b"));
  }
  SUBCASE("--color always") {
    const ProcessResult result = run({"--color", "always"}, no_color_unset);
    INFO(result.describe());
    CHECK(result.exit_code == 0);
    CHECK(contains(result.out, "\x1b["));
  }
  SUBCASE("--color always even with NO_COLOR set") {
    const ProcessResult result = run({"--color", "always"}, no_color_set);
    INFO(result.describe());
    CHECK(result.exit_code == 0);
    CHECK(contains(result.out, "\x1b["));
  }
  SUBCASE("--color never") {
    const ProcessResult result = run({"--color", "never"}, no_color_unset);
    INFO(result.describe());
    CHECK(result.exit_code == 0);
    CHECK_FALSE(contains(result.out, "\x1b"));
  }
}

TEST_CASE("cli: a terminal gets colour unless NO_COLOR is set or TERM is dumb; always forces it") {
  const auto run = [](std::vector<std::string> extra, std::optional<std::string> term,
                      std::optional<std::string> no_color) {
    ProcessOptions options;
    options.stdout_terminal = true;
    options.env["TERM"] = std::move(term);
    options.env["NO_COLOR"] = std::move(no_color);
    std::vector<std::string> args{"--clock", "virtual", "--no-timeline"};
    args.insert(args.end(), extra.begin(), extra.end());
    const ProcessResult result = run_asyncdemo(args, options);
    INFO(result.describe());
    CHECK(result.exit_code == 0);
    CHECK(contains(result.out, "coroutine_two"));
    return contains(result.out, "\x1b[");
  };
  CHECK(run({}, "xterm-256color", std::nullopt));
  CHECK(run({}, std::nullopt, std::nullopt));
  CHECK_FALSE(run({}, "dumb", std::nullopt));
  CHECK_FALSE(run({}, "xterm", "1"));
  CHECK(run({"--color", "always"}, "dumb", "1"));
  CHECK_FALSE(run({"--color", "never"}, "xterm", std::nullopt));
}

TEST_CASE("cli: -o FILE writes the same trace as stdout and without escape codes") {
  const TempDir dir;
  const fs::path output = dir / "trace.txt";
  ProcessOptions options;
  options.env["NO_COLOR"] = std::nullopt;
  const ProcessResult to_stdout = run_asyncdemo({"--clock", "virtual"}, options);
  const ProcessResult to_file =
      run_asyncdemo({"--clock", "virtual", "-o", output.string()}, options);
  INFO(to_file.describe());
  CHECK(to_stdout.exit_code == 0);
  CHECK(to_file.exit_code == 0);
  CHECK(to_file.out.empty());
  CHECK(to_file.err.empty());
  const std::string written = read_file(output);
  CHECK_FALSE(written.empty());
  CHECK(written == to_stdout.out);
  CHECK_FALSE(contains(written, "\x1b"));
}

// --- Task files ---------------------------------------------------------------------------------

TEST_CASE("cli: tasks are read from a file with blank lines and comments") {
  const TempDir dir;
  const fs::path tasks = dir / "tasks.txt";
  write_file(tasks,
             "# two tasks\n"
             "\n"
             "one=1s\n"
             "   # an indented comment\n"
             "  two=print:hi\\, there,sleep:2s  \r\n"
             "\n");
  const ProcessResult result =
      run_asyncdemo({"--clock", "virtual", "--sync", "--format", "jsonl", "-f", tasks.string()});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(find_line(result.out, {"\"run_start\"", "\"tasks\":2"}) >= 0);
  const int one = find_line(result.out, {"\"start\"", "\"task\":\"one\""});
  const int two = find_line(result.out, {"\"start\"", "\"task\":\"two\""});
  CHECK(one >= 0);
  CHECK(two > one);
  CHECK(find_line(result.out, {"\"print\"", "\"text\":\"hi, there\""}) > two);
  CHECK(find_line(result.out, {"\"run_end\"", "\"elapsed\":3.000000", "\"finished\":2"}) >= 0);
}

TEST_CASE("cli: -f - reads tasks from standard input after those on the command line") {
  ProcessOptions options;
  options.stdin_text = "# from stdin\nsecond=2s\n\nthird=500ms\n";
  const ProcessResult result = run_asyncdemo(
      {"--clock", "virtual", "--async", "--format", "jsonl", "first=1s", "-f", "-"}, options);
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  const int first = find_line(result.out, {"\"start\"", "\"task\":\"first\""});
  const int second = find_line(result.out, {"\"start\"", "\"task\":\"second\""});
  const int third = find_line(result.out, {"\"start\"", "\"task\":\"third\""});
  CHECK(first >= 0);
  CHECK(second > first);
  CHECK(third > second);
  CHECK(find_line(result.out, {"\"run_end\"", "\"elapsed\":2.000000", "\"finished\":3"}) >= 0);
}

TEST_CASE("cli: an error inside a task file names FILE:LINE") {
  SUBCASE("a file") {
    const TempDir dir;
    const fs::path tasks = dir / "tasks.txt";
    write_file(tasks, "# fine so far\none=1s\n\nbad=5x\nlater=1s\n");
    check_usage_error({"-f", tasks.string()}, {tasks.string() + ":4:", "'bad=5x'", "'x'"});
  }
  SUBCASE("standard input") {
    ProcessOptions options;
    options.stdin_text = "one=1s\nbad\n";
    const ProcessResult result = run_asyncdemo({"--clock", "virtual", "-f", "-"}, options);
    INFO(result.describe());
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(lines_of(result.err).size() == 1);
    CHECK(result.err.rfind("asyncdemo: error: standard input:2:", 0) == 0);
  }
}

// --- Real time ----------------------------------------------------------------------------------

TEST_CASE("cli: async on the real clock lasts as long as the longest task") {
  const ProcessResult result = run_asyncdemo({"--async", "--format", "jsonl", "a=50ms", "b=100ms"});
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  const double elapsed = run_end_elapsed(result.out);
  CHECK(elapsed >= 0.100);
  CHECK(elapsed < 2.0);  // far above 0.150, what sync would take: only a hang gets here
}

TEST_CASE("cli: sync on the real clock lasts as long as all tasks together") {
  const ProcessResult result = run_asyncdemo({"--sync", "--format", "jsonl", "a=50ms", "b=100ms"});
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  const double elapsed = run_end_elapsed(result.out);
  CHECK(elapsed >= 0.150);
  CHECK(elapsed < 2.0);
}

// --- Signals ------------------------------------------------------------------------------------

namespace {

// Starts two 30 s tasks on the real event loop, waits until both sleep (the lines arrive while
// the program runs: output is flushed live), then stops the program with `signo`.
ProcessResult stop_async_run_with(int signo) {
  Process process(asyncdemo::e2e::asyncdemo_binary(),
                  {"--async", "--color", "never", "a=30s", "b=30s"});
  const bool both_asleep = process.read_until(
      [](std::string_view line) {
        return contains(line, "  b  ") && contains(line, "sleeps for 30s");
      },
      kPatience);
  INFO("output so far:\n" << process.out() << "\nstderr so far:\n" << process.err());
  REQUIRE(both_asleep);
  process.send_signal(signo);
  return process.wait(kPatience);
}

void check_both_cancelled(const ProcessResult& result) {
  CHECK(count_lines(result.out, {"  a  ", "cancelled in sleep:30s"}) == 1);
  CHECK(count_lines(result.out, {"  b  ", "cancelled in sleep:30s"}) == 1);
  CHECK(count_lines(result.out, {"  finished"}) == 0);  // no task finished
  const std::vector<std::string> lines = lines_of(result.out);
  REQUIRE(lines.size() >= 2);
  // The run still closes: its closing line, then its statistics.
  CHECK(contains(lines[lines.size() - 2], "-- stopped after"));
  CHECK(contains(lines[lines.size() - 2], "0 finished, 2 cancelled"));
  CHECK(contains(lines.back(), "-- 2 tasks,"));
}

}  // namespace

TEST_CASE("cli: SIGINT cancels every sleeping task and exits 130") {
  const ProcessResult result = stop_async_run_with(SIGINT);
  INFO(result.describe());
  CHECK_FALSE(result.timed_out);
  CHECK(result.term_signal == 0);
  CHECK(result.exit_code == 130);
  CHECK(result.err.empty());
  check_both_cancelled(result);
}

TEST_CASE("cli: SIGTERM cancels every sleeping task and exits 143") {
  const ProcessResult result = stop_async_run_with(SIGTERM);
  INFO(result.describe());
  CHECK_FALSE(result.timed_out);
  CHECK(result.term_signal == 0);
  CHECK(result.exit_code == 143);
  CHECK(result.err.empty());
  check_both_cancelled(result);
}

TEST_CASE("cli: SIGINT during a sync run keeps the trace so far and the cancellations in -o FILE") {
  const TempDir dir;
  const fs::path output = dir / "trace.txt";
  Process process(asyncdemo::e2e::asyncdemo_binary(),
                  {"--sync", "--color", "never", "-o", output.string(), "a=30s", "b=30s"});
  // The file is flushed before each wait, so a's sleep shows while the program still runs.
  REQUIRE(wait_for_file_containing(output, "a  sleeps for 30s\n", kPatience));
  process.send_signal(SIGINT);
  const ProcessResult result = process.wait(kPatience);
  INFO(result.describe());
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 130);
  CHECK(result.out.empty());
  CHECK(result.err.empty());

  const std::string written = read_file(output);
  INFO("trace file:\n" << written);
  const int run_start = find_line(written, {"-- 2 tasks, one after another"});
  const int a_started = find_line(written, {"  a  ", "started"});
  const int a_sleeps = find_line(written, {"  a  ", "sleeps for 30s"});
  const int a_cancelled = find_line(written, {"  a  ", "cancelled in sleep:30s"});
  const int b_cancelled = find_line(written, {"  b  ", "cancelled before it started"});
  const int stopped = find_line(written, {"-- stopped after", "0 finished, 2 cancelled"});
  CHECK(run_start == 0);
  CHECK(a_started > run_start);
  CHECK(a_sleeps > a_started);
  CHECK(a_cancelled > a_sleeps);
  CHECK(b_cancelled > a_cancelled);
  CHECK(stopped > b_cancelled);
  CHECK(stopped + 2 == static_cast<int>(lines_of(written).size()));  // then the statistics
  CHECK(count_lines(written, {"  b  ", "started"}) == 1);  // only "cancelled before it started"
}

// --- A reader that goes away --------------------------------------------------------------------

TEST_CASE("cli: a closed stdout pipe stops the run quietly with exit code 141") {
  const TempDir dir;
  const fs::path tasks = dir / "tasks.txt";
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "task" + std::to_string(i) + "=1s\n";
  write_file(tasks, many);

  // About 1.5 MB of trace: far more than a pipe holds, so the program is still writing when the
  // reader leaves.
  Process process(asyncdemo::e2e::asyncdemo_binary(), {"--clock", "virtual", "-f", tasks.string()});
  REQUIRE(process.read_until("-- 3000 tasks", kPatience));
  process.close_stdout();
  const ProcessResult result = process.wait(kPatience);
  INFO(result.describe());
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 141);
  CHECK(result.err.empty());
}

// --- Pitfalls: blocking calls, the thread pool, timeouts, failures ---------------------------

TEST_CASE("cli: bad --timeout, --slow, --threads or --on-error exit 2 with one error line") {
  SUBCASE("a timeout that is not a duration") {
    check_usage_error({"--timeout", "soon", "a=1s"}, {"--timeout", "'soon'"});
  }
  SUBCASE("a slow threshold that is not a duration") {
    check_usage_error({"--slow", "5x", "a=1s"}, {"--slow", "'x'"});
  }
  SUBCASE("no threads") {
    check_usage_error({"--threads", "0", "a=1s"}, {"--threads", "'0'", "1 to 1024"});
  }
  SUBCASE("too many threads") {
    check_usage_error({"--threads", "1025", "a=1s"}, {"--threads", "'1025'", "1 to 1024"});
  }
  SUBCASE("an unknown error policy") {
    check_usage_error({"--on-error", "ignore", "a=1s"}, {"--on-error", "ignore"});
  }
}

TEST_CASE("cli: a timeout cancels each run where its tasks stand and exits 124") {
  const ProcessResult result = run_asyncdemo(
      {"--clock", "virtual", "--color", "never", "--timeout", "1.5s", "a=1s", "b=2s"});
  INFO(result.describe());
  CHECK(result.exit_code == 124);
  CHECK(result.err.empty());
  CHECK(count_lines(result.out, {" sync ", "  b  ", "cancelled in sleep:2s (timeout)"}) == 1);
  CHECK(count_lines(result.out, {"async", "  b  ", "cancelled in sleep:2s (timeout)"}) == 1);
  CHECK(count_lines(result.out, {"-- timed out after 1.500s: 1 finished, 1 cancelled"}) == 2);
}

TEST_CASE("cli: a failed task exits 1 and is listed after its run, with or without its siblings") {
  for (const char* policy : {"cancel", "continue"}) {
    const ProcessResult result =
        run_asyncdemo({"--async", "--clock", "virtual", "--color", "never", "--on-error", policy,
                       "a=sleep:1s,fail:disk full", "b=2s"});
    INFO(policy << ": " << result.describe());
    CHECK(result.exit_code == 1);
    CHECK(count_lines(result.out, {"  a  ", "failed in fail:disk full: disk full"}) == 1);
    CHECK(count_lines(result.out, {"-- a failed in fail:disk full: disk full"}) == 1);
    const bool cancel = std::string_view(policy) == "cancel";
    CHECK(count_lines(result.out, {"  b  ", "cancelled in sleep:2s (a task failed)"}) ==
          (cancel ? 1u : 0u));
    CHECK(count_lines(result.out, {"  b  ", "finished"}) == (cancel ? 0u : 1u));
  }
}

TEST_CASE("cli: a blocking call in a coroutine is warned about on stderr, naming the task") {
  const ProcessResult result = run_asyncdemo(
      {"--async", "--clock", "virtual", "--color", "never", "a=block:300ms", "b=sleep:100ms"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "asyncdemo: warning: task 'a' held the event loop for 300ms (blocking call in a "
        "coroutine; use work: to run it on the thread pool)\n");
  CHECK(count_lines(result.out, {"-- blocking calls held the loop 300ms in all, 300ms at most"}) ==
        1);
}

TEST_CASE("cli: the virtual pool has UV_THREADPOOL_SIZE workers unless --threads says otherwise") {
  ProcessOptions options;
  options.env["UV_THREADPOOL_SIZE"] = "2";
  const std::vector<std::string> tasks{"--async", "--clock",   "virtual",   "--color",
                                       "never",   "a=work:1s", "b=work:1s", "c=work:1s"};
  const ProcessResult two = run_asyncdemo(tasks, options);
  INFO(two.describe());
  CHECK(count_lines(two.out, {"-- finished in 2.000s"}) == 1);
  std::vector<std::string> three_threads = tasks;
  three_threads.insert(three_threads.begin(), {"--threads", "3"});
  const ProcessResult three = run_asyncdemo(three_threads, options);
  INFO(three.describe());
  CHECK(count_lines(three.out, {"-- finished in 1.000s"}) == 1);
}

TEST_CASE("cli: SIGINT during pool work and a blocking call exits 130 at once") {
  Process process(asyncdemo::e2e::asyncdemo_binary(),
                  {"--async", "--color", "never", "--threads", "1", "a=work:30s", "b=work:30s",
                   "c=sleep:50ms,block:30s"});
  const bool blocking = process.read_until(
      [](std::string_view line) { return contains(line, "blocks the event loop for 30s"); },
      kPatience);
  INFO("output so far:\n" << process.out() << "\nstderr so far:\n" << process.err());
  REQUIRE(blocking);
  const auto sent = std::chrono::steady_clock::now();
  process.send_signal(SIGINT);
  const ProcessResult result = process.wait(kPatience);
  INFO(result.describe());
  CHECK(result.exit_code == 130);
  CHECK(std::chrono::steady_clock::now() - sent < std::chrono::seconds(10));
  CHECK(count_lines(result.out, {"  a  ", "cancelled in work:30s"}) == 1);
  CHECK(count_lines(result.out, {"  b  ", "cancelled in work:30s"}) == 1);
  CHECK(count_lines(result.out, {"  c  ", "cancelled in block:30s"}) == 1);
}

// The real loop ends the moment its last task ends, whatever it was waiting for; each of these
// once hung (or spun at 100% CPU, deaf to Ctrl-C) after the last task had ended.
TEST_CASE("cli: real-clock runs that once hung end as soon as their last task does") {
  const std::vector<std::vector<std::string>> runs{
      {"--async", "a=sleep:10ms", "b=block:50ms"},
      {"--async", "--quiet", "w*10000=sleep:0"},
      {"--async", "a=sleep:100ms,fail:x", "b=sleep:100ms,print:done"},
      {"--async", "a=sleep:0,fail:x", "b=sleep:0"},
      {"--compare", "one=sleep:100ms,fail:x", "two=200ms"},
  };
  for (const std::vector<std::string>& args : runs) {
    const auto began = std::chrono::steady_clock::now();
    const ProcessResult result = run_asyncdemo(args, {}, kPatience);
    INFO(result.describe());
    CHECK_FALSE(result.timed_out);
    CHECK(result.exit_code ==
          (args.back() == "b=block:50ms" || args.back() == "w*10000=sleep:0" ? 0 : 1));
    CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(8));
    CHECK(contains(result.out, "--"));
  }
}

TEST_CASE("cli: a second Ctrl-C while the first one's stop is held up ends the program at once") {
  // Nobody reads the trace: the program blocks writing it, so its stop cannot finish.
  Process process(asyncdemo::e2e::asyncdemo_binary(),
                  {"--async", "--clock", "virtual", "--format", "jsonl", "w*1000000=sleep:1s"});
  REQUIRE(process.read_until("\"event\":\"start\"", kPatience));  // it runs, and catches signals
  std::this_thread::sleep_for(std::chrono::milliseconds(300));    // the pipe fills up meanwhile
  process.send_signal(SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto sent = std::chrono::steady_clock::now();
  process.send_signal(SIGINT);
  process.close_stdout();
  const ProcessResult result = process.wait(kPatience);
  INFO(result.describe());
  CHECK_FALSE(result.timed_out);
  CHECK(result.term_signal == SIGINT);  // it did not wait to finish its stop
  CHECK(std::chrono::steady_clock::now() - sent < std::chrono::seconds(5));
}
