#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "asyncdemo/reading/line_reader.hpp"
#include "support/lines.hpp"

using namespace asyncdemo;
using Status = LineReader::Status;

namespace {

// Every line of `text`, read with a cap of `max_bytes`; "<too long N>" where it stopped.
std::vector<std::string> lines_of(const std::string& text, std::size_t max_bytes = 1000) {
  std::istringstream in(text);
  LineReader reader(in, max_bytes);
  std::vector<std::string> lines;
  std::string_view line;
  while (true) {
    const Status status = reader.next(line);
    if (status == Status::end) break;
    if (status == Status::too_long) {
      lines.push_back("<too long " + std::to_string(reader.number()) + ">");
      break;
    }
    REQUIRE(status == Status::line);
    lines.emplace_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("LineReader splits a stream into lines without their newlines") {
  CHECK(lines_of("a\nbb\n\nccc\n") == std::vector<std::string>{"a", "bb", "", "ccc"});
  CHECK(lines_of("") == std::vector<std::string>{});
  CHECK(lines_of("\n") == std::vector<std::string>{""});
  CHECK(lines_of("last without newline") == std::vector<std::string>{"last without newline"});
}

TEST_CASE("LineReader says whether the last line lacks its newline") {
  std::istringstream in("one\ntwo");
  LineReader reader(in, 100);
  std::string_view line;
  REQUIRE(reader.next(line) == Status::line);
  CHECK_FALSE(reader.unterminated());
  REQUIRE(reader.next(line) == Status::line);
  CHECK(line == "two");
  CHECK(reader.number() == 2);
  CHECK(reader.unterminated());
  CHECK(reader.next(line) == Status::end);
}

TEST_CASE("LineReader reads lines across its blocks and longer than one block") {
  std::string text;
  std::vector<std::string> expected;
  for (std::size_t n : {1u, 300'000u, 7u, 262'143u, 262'144u, 262'145u, 0u, 1'000'000u, 3u}) {
    expected.push_back(std::string(n, static_cast<char>('a' + expected.size())));
    text += expected.back() + "\n";
  }
  CHECK(lines_of(text, 2'000'000) == expected);
}

TEST_CASE("LineReader stops at a line longer than its cap, naming the line") {
  CHECK(lines_of("ok\n" + std::string(11, 'x') + "\nnever read\n", 10) ==
        std::vector<std::string>{"ok", "<too long 2>"});
  CHECK(lines_of(std::string(10, 'x') + "\n", 10) == std::vector<std::string>{"xxxxxxxxxx"});
  CHECK(lines_of(std::string(11, 'x'), 10) == std::vector<std::string>{"<too long 1>"});
}

TEST_CASE("LineReader reads no further than the cap into an endless line") {
  // A stream that never ends, like /dev/zero: counts what is asked of it.
  class Endless : public std::streambuf {
   public:
    std::size_t served = 0;

   protected:
    int_type underflow() override {
      setg(block_, block_, block_ + sizeof block_);
      served += sizeof block_;
      return 0;
    }

   private:
    char block_[4096]{};
  } zeros;
  std::istream in(&zeros);
  LineReader reader(in, 1'000'000);
  std::string_view line;
  CHECK(reader.next(line) == Status::too_long);
  CHECK(reader.number() == 1);
  CHECK(zeros.served < 1'100'000);
}
