#include <doctest/doctest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <string>

#include "asyncdemo/trace/line_output.hpp"
#include "support/lines.hpp"
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

namespace {

// A file size limit for as long as it lives: writes past it fail part-way, as on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limit);
    previous_ = std::signal(SIGXFSZ, SIG_IGN);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_);
  }

 private:
  rlimit saved_{};
  void (*previous_)(int) = nullptr;
};

}  // namespace

TEST_CASE("LineOutput refuses an empty path") {
  StopSignal stop;
  auto out = LineOutput::open("", stop);
  REQUIRE_FALSE(out.ok());
  CHECK(out.error().message() ==
        "--output: empty path; expected a file name, or - for standard output");
}

TEST_CASE("LineOutput cuts a file back to its last whole line when a write fails part-way") {
  testing::TempPath path("trace.txt");
  StopSignal stop;
  std::string failure;
  {
    FileSizeLimit limit(1000);
    auto out = LineOutput::open(path.path(), stop);
    REQUIRE(out.ok());
    for (int i = 0; i < 100; ++i)
      out.value()->write_line("line " + std::to_string(i) + " of the trace");
    out.value()->flush();
    failure = out.value()->failure();
  }
  const std::string written = path.read();
  REQUIRE_FALSE(written.empty());
  CHECK(written.size() <= 1000);
  CHECK(written.back() == '\n');
  const auto lines = testing::lines_of(written);
  CHECK(lines.back() == "line " + std::to_string(lines.size() - 1) + " of the trace");
  CHECK(stop.reason() == StopReason::output_failed);
  CHECK(failure == "cannot write the trace to '" + path.path() +
                       "': File too large; the file keeps its first " +
                       std::to_string(lines.size()) +
                       " lines, whole (the line cut short was removed)");
}

TEST_CASE("LineOutput reports a device that takes nothing, with no claim about lines") {
  StopSignal stop;
  auto out = LineOutput::open("/dev/full", stop);
  REQUIRE(out.ok());
  out.value()->write_line("a line");
  out.value()->flush();
  CHECK(out.value()->failure() == "cannot write the trace to '/dev/full': No space left on device");
  CHECK(stop.reason() == StopReason::output_failed);
}
