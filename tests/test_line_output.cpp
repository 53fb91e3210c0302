#include <doctest/doctest.h>

#include <unistd.h>

#include <csignal>
#include <cstring>
#include <string>

#include "asyncdemo/trace/line_output.hpp"
#include "support/temp_file.hpp"

using namespace asyncdemo;

TEST_CASE("LineOutput keeps lines until flushed, then writes them in order") {
  testing::TempPath file("trace.txt");
  StopSignal stop;
  auto out = LineOutput::open(file.path(), stop).value();
  out->write_line("one");
  char* at = out->begin_line(100);
  std::memcpy(at, "two\n", 4);
  out->end_line(at + 4);
  out->write_line("");
  CHECK(file.read().empty());
  out->flush();
  CHECK(file.read() == "one\ntwo\n\n");
}

TEST_CASE("LineOutput takes a line longer than its buffer, and writes full buffers as it goes") {
  testing::TempPath file("trace.txt");
  StopSignal stop;
  auto out = LineOutput::open(file.path(), stop).value();
  const std::string long_line(1'000'000, 'x');
  out->write_line("first");
  out->write_line(long_line);
  CHECK(file.read().size() >= long_line.size());  // a full buffer goes out without a flush
  for (int i = 0; i < 10'000; ++i) out->write_line("line");
  out->flush();
  CHECK(file.read().size() == 6 + long_line.size() + 1 + 10'000 * 5);
  CHECK(stop.reason() == StopReason::none);
}

TEST_CASE("LineOutput turns a closed pipe into a quiet stop and drops what follows") {
  int ends[2];
  REQUIRE(::pipe(ends) == 0);
  ::close(ends[0]);
  StopSignal stop;
  // SIGPIPE ignored, as the program ignores it: the write fails with EPIPE instead.
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  {
    auto out = LineOutput::open("/dev/fd/" + std::to_string(ends[1]), stop).value();
    out->write_line("nobody reads this");
    out->flush();
    CHECK(stop.reason() == StopReason::broken_pipe);
    CHECK(out->failure().empty());
    out->write_line("dropped");
    out->flush();
  }
  ::close(ends[1]);
  std::signal(SIGPIPE, previous);
}
