// End-to-end tests of what asyncdemo reads and writes when the input is hostile or the world is:
// outputs that are devices, FIFOs or links, two options naming one file, empty paths, durations
// and task counts past the limits, endless lines, unreadable standard input, a full disk, memory
// and file descriptor limits, and SIGHUP. They run the built binary and look at what a user
// sees; everything runs on the virtual clock except the signal tests.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/lines.hpp"
#include "support/process.hpp"
#include "support/servers.hpp"
#include "support/temp_file.hpp"

namespace {

namespace fs = std::filesystem;
using asyncdemo::e2e::Process;
using asyncdemo::e2e::ProcessResult;
using asyncdemo::e2e::run_asyncdemo;
using asyncdemo::e2e::run_process;
using asyncdemo::testing::contains;
using asyncdemo::testing::lines_of;
using std::chrono::milliseconds;

constexpr milliseconds kPatience{10'000};

// A private folder, removed with what is in it.
class Folder {
 public:
  Folder() : base_("x") {}
  fs::path operator/(const std::string& name) const {
    return fs::path(base_.path()).parent_path() / name;
  }

 private:
  asyncdemo::testing::TempPath base_;
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

// Runs `script` with /bin/sh, "$0" being the asyncdemo binary: for ulimit and redirections.
ProcessResult run_shell(const std::string& script) {
  return run_process("/bin/sh", {"-c", script, asyncdemo::e2e::asyncdemo_binary()});
}

// Bad input: exit 2, nothing on standard output, one error line holding every one of `parts`.
void check_refused(const ProcessResult& result, std::initializer_list<std::string_view> parts) {
  INFO(result.describe());
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(lines_of(result.err).size() == 1);
  CHECK(result.err.starts_with("asyncdemo: error: "));
  for (std::string_view part : parts) CHECK(contains(result.err, part));
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// The sanitizers reserve terabytes of address space and need descriptors of their own.
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

}  // namespace

// --- Outputs never replace anything but a regular file -----------------------------------------

TEST_CASE("cli inputs: --svg into a FIFO writes through it and leaves the FIFO in place") {
  const Folder folder;
  const fs::path fifo = folder / "picture.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  Process reader("/bin/cat", {fifo.string()});
  const ProcessResult run =
      run_asyncdemo({"--clock", "virtual", "-q", "--svg", fifo.string(), "a=1s"});
  const ProcessResult read = reader.wait(kPatience);
  INFO(run.describe() << "\n" << read.describe());
  CHECK(run.exit_code == 0);
  CHECK(read.out.starts_with("<?xml"));
  CHECK(contains(read.out, "</svg>"));
  CHECK(fs::is_fifo(fs::symlink_status(fifo)));
  CHECK(fs::directory_iterator(fifo.parent_path()) != fs::directory_iterator());
  for (const auto& entry : fs::directory_iterator(fifo.parent_path())) {
    CHECK_FALSE(contains(entry.path().filename().string(), ".tmp-"));
  }
}

TEST_CASE("cli inputs: --svg through a symbolic link replaces its target and keeps the link") {
  const Folder folder;
  const fs::path target = folder / "real.svg";
  const fs::path link = folder / "link.svg";
  write_file(target, "old");
  ::chmod(target.c_str(), 0640);
  fs::create_symlink(target, link);
  const ProcessResult result = run_asyncdemo({"--clock", "virtual", "-q", "--svg", link, "a=1s"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == target);
  CHECK(read_file(target).starts_with("<?xml"));
  CHECK((fs::status(target).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));

  SUBCASE("a link to nothing creates what it points to") {
    const fs::path missing = folder / "made.svg";
    const fs::path dangling = folder / "dangling.svg";
    fs::create_symlink(missing, dangling);
    const ProcessResult made =
        run_asyncdemo({"--clock", "virtual", "-q", "--svg", dangling, "a=1s"});
    INFO(made.describe());
    CHECK(made.exit_code == 0);
    CHECK(fs::is_symlink(dangling));
    CHECK(read_file(missing).starts_with("<?xml"));
  }
}

TEST_CASE("cli inputs: --svg /dev/null and -o /dev/null write into the device, never over it") {
  // Run as root, the old --svg renamed a regular file over the device.
  REQUIRE(fs::is_character_file("/dev/null"));
  const ProcessResult result =
      run_asyncdemo({"--clock", "virtual", "-o", "/dev/null", "--svg", "/dev/null", "a=1s"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(fs::is_character_file("/dev/null"));
}

TEST_CASE("cli inputs: --svg - writes the picture to standard output, the trace going to -o") {
  const asyncdemo::testing::TempPath trace("trace.txt");
  const ProcessResult result =
      run_asyncdemo({"--clock", "virtual", "-o", trace.path(), "--svg", "-", "a=1s"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.out.starts_with("<?xml"));
  CHECK(contains(trace.read(), "a  finished"));

  // The chart never mixes into the picture: it stays after the trace in -o FILE, or goes to
  // standard error when render draws it.
  const ProcessResult charted =
      run_asyncdemo({"--clock", "virtual", "--timeline", "-o", trace.path(), "--svg", "-", "a=1s"});
  INFO(charted.describe());
  CHECK(charted.out.starts_with("<?xml"));
  CHECK(contains(trace.read(), "a  finished"));
  CHECK(contains(trace.read(), "async  finished in 1.000s, 1.00x faster"));
  const asyncdemo::testing::TempPath saved("run.jsonl");
  REQUIRE(run_asyncdemo({"--clock", "virtual", "--format", "jsonl", "-o", saved.path(), "a=1s"})
              .exit_code == 0);
  const ProcessResult rendered =
      run_asyncdemo({"render", saved.path(), "--timeline", "--svg", "-"});
  INFO(rendered.describe());
  CHECK(rendered.exit_code == 0);
  CHECK(rendered.out.starts_with("<?xml"));
  CHECK(contains(rendered.err, "async  finished in 1.000s, 1.00x faster"));

  check_refused(run_asyncdemo({"--clock", "virtual", "--svg", "-", "a=1s"}),
                {"the trace and --svg - both write to standard output", "-o FILE"});
  check_refused(run_asyncdemo({"--clock", "virtual", "-o", "-", "--svg", "-", "a=1s"}),
                {"-o - and --svg - both write to standard output"});
}

TEST_CASE("cli inputs: two options naming the same file are refused before anything runs") {
  const Folder folder;
  const fs::path tasks = folder / "tasks.txt";
  write_file(tasks, "a=1s\n");

  check_refused(run_asyncdemo({"-f", tasks, "-o", tasks}),
                {"--file and -o name the same file", "tasks.txt", "destroy"});
  CHECK(read_file(tasks) == "a=1s\n");
  check_refused(run_asyncdemo({"-f", tasks, "--svg", tasks}), {"--file and --svg"});
  CHECK(read_file(tasks) == "a=1s\n");

  const fs::path out = folder / "out";
  check_refused(run_asyncdemo({"-o", out, "--svg", (folder / "." / "out").string(), "a=1s"}),
                {"-o and --svg name the same file"});
  CHECK_FALSE(fs::exists(out));  // not even created

  // By device and inode: a link and its target are one file.
  write_file(out, "keep");
  fs::create_symlink(out, folder / "alias");
  check_refused(run_asyncdemo({"-o", (folder / "alias").string(), "--svg", out, "a=1s"}),
                {"-o and --svg name the same file"});
  CHECK(read_file(out) == "keep");

  // The trace on standard output, redirected into the file --svg names.
  const ProcessResult shell = run_shell("exec \"$0\" --clock virtual --svg '" + out.string() +
                                        "' a=1s >> '" + out.string() + "'");
  check_refused(shell, {"the trace and --svg name the same file"});

  // render reads its trace before it writes anything; it must not overwrite it either.
  const fs::path trace = folder / "run.jsonl";
  const ProcessResult saved =
      run_asyncdemo({"--clock", "virtual", "--format", "jsonl", "-o", trace, "a=1s"});
  REQUIRE(saved.exit_code == 0);
  const std::string before = read_file(trace);
  check_refused(run_asyncdemo({"render", trace, "--format", "chrome", "-o", trace}),
                {"render and -o name the same file"});
  check_refused(run_asyncdemo({"render", trace, "--svg", trace}), {"render and --svg"});
  CHECK(read_file(trace) == before);
}

TEST_CASE("cli inputs: an empty path is an error, not the default") {
  check_refused(run_asyncdemo({"-f", ""}), {"--file: empty path"});
  check_refused(run_asyncdemo({"-o", "", "a=1s"}), {"--output: empty path"});
  check_refused(run_asyncdemo({"--svg", "", "a=1s"}), {"--svg: empty path"});
  check_refused(run_asyncdemo({"render", ""}), {"empty path"});
}

TEST_CASE("cli inputs: a control character in a bad token keeps the error on one line") {
  check_refused(run_asyncdemo({"--clock", "virtual", "a=5\nx\x1b[2J"}), {"task 'a=5\\nx\\x1b[2J'"});
  const Folder folder;
  const fs::path tasks = folder / "tasks.txt";
  write_file(tasks, std::string("a=1s\nb=print:x,sl\0eep:1s\n", 25));
  check_refused(run_asyncdemo({"--clock", "virtual", "-f", tasks}),
                {"tasks.txt:2: task 'b=print:x,sl\\x00eep:1s'"});
}

// --- Durations, sums and task counts -----------------------------------------------------------

TEST_CASE("cli inputs: a duration above 100 years is refused, naming the token") {
  // They parsed as 90 ms and as 0 s before.
  check_refused(run_asyncdemo({"--clock", "virtual", "a=18446744073.8s"}),
                {"'18446744073.8s' is too long", "876000h"});
  check_refused(run_asyncdemo({"--clock", "virtual", "a=sleep:18446744073709551616"}),
                {"'18446744073709551616' is too long"});
  check_refused(
      run_asyncdemo({"--clock", "virtual", "--timeout", "18446744073709551616ns", "a=1s"}),
      {"--timeout", "is too long"});
}

TEST_CASE("cli inputs: waits that add up past what the clock counts are refused") {
  // This ran with a negative theory and a negative lateness before.
  check_refused(
      run_asyncdemo({"--clock", "virtual", "a=sleep:876000h,sleep:876000h,sleep:876000h"}),
      {"task 'a=sleep:876000h,sleep:876000h,sleep:876000h'", "more than the clock"});
  check_refused(run_asyncdemo({"--clock", "virtual", "a*3=sleep:876000h"}), {"task 'a*3="});
  check_refused(run_asyncdemo({"--clock", "virtual", "a=sleep:876000h,sleep:876000h",
                               "b=sleep:876000h", "c=sleep:1000h"}),
                {"more than the clock can count"});
}

TEST_CASE("cli inputs: waits just inside the clock's range keep theory and lateness positive") {
  const ProcessResult result = run_asyncdemo({"--clock", "virtual", "--format", "jsonl",
                                              "a=sleep:876000h,sleep:876000h", "b=sleep:810047h"});
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  for (const std::string& line : lines_of(result.out)) {
    CHECK_FALSE(contains(line, ":-"));  // no negative number anywhere
  }
  CHECK(contains(result.out, "\"theory\":9223369200.000000"));
}

TEST_CASE("cli inputs: more than ten million tasks in all are refused") {
  // Four specs of ten million each were accepted before.
  check_refused(run_asyncdemo({"--clock", "virtual", "a*10000000=1s", "b=1s"}),
                {"more than 10000000 tasks in all"});
}

TEST_CASE("cli inputs: running out of memory is an error line and exit 1, not an abort") {
  if (kSanitized) return;
  const ProcessResult result =
      run_shell("ulimit -v 100000; exec \"$0\" --async --quiet 'w*1000000=1s'");
  INFO(result.describe());
  CHECK_FALSE(result.timed_out);
  CHECK(result.term_signal == 0);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.err, "asyncdemo: error: out of memory"));
  CHECK_FALSE(contains(result.err, "terminate called"));
}

TEST_CASE("cli inputs: too few file descriptors is an error line and exit 1, not an abort") {
  // UBSan's vptr check itself fails without a free descriptor and reports CLI11's App.
  if (kSanitized) return;
  // A test runner may pass descriptors on: close all but the standard three (bash, since dash
  // takes only one-digit descriptors), then allow one more: enough to load the libraries, not
  // enough for the stop signal's pipe.
  const ProcessResult result = run_process(
      "/bin/bash",
      {"-c",
       "for fd in /proc/$$/fd/*; do n=${fd##*/}; ((n > 2)) && eval \"exec $n>&-\"; done; "
       "ulimit -n 4; exec \"$0\" --clock virtual a=1s",
       asyncdemo::e2e::asyncdemo_binary()});
  INFO(result.describe());
  CHECK(result.term_signal == 0);
  CHECK(result.exit_code == 1);
  CHECK(result.err.starts_with("asyncdemo: error: "));
  CHECK(contains(result.err, "Too many open files"));
}

// --- Task files ----------------------------------------------------------------------------------

TEST_CASE("cli inputs: -f /dev/zero stops at the line limit, naming the line") {
  const ProcessResult result = run_asyncdemo({"--clock", "virtual", "-f", "/dev/zero"});
  check_refused(result, {"/dev/zero:1: the line is longer than 65536 bytes"});
}

TEST_CASE("cli inputs: -f - with standard input closed or a folder is a read error") {
  // Both said "'-' has no tasks" before.
  check_refused(run_shell("exec \"$0\" --clock virtual -f - <&-"),
                {"--file: cannot read standard input: it is closed"});
  check_refused(run_shell("exec \"$0\" --clock virtual -f - < /"),
                {"--file: cannot read standard input: it is a folder"});
}

TEST_CASE("cli inputs: -f - on a terminal says it waits for tasks on standard input") {
  const std::string python = asyncdemo::e2e::find_program("python3");
  REQUIRE_FALSE(python.empty());  // scripts/deps installs it
  // A pseudo-terminal as standard input; standard output and error are pipes.
  const std::string script = R"(
import os, pty, subprocess, sys
master, slave = pty.openpty()
child = subprocess.Popen([sys.argv[1], '--clock', 'virtual', '-f', '-'], stdin=slave,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(slave)
os.write(master, b'a=1ms\n\x04')
out, err = child.communicate(timeout=10)
sys.stdout.write('exit %d\n' % child.returncode)
sys.stdout.write(err.decode())
sys.stdout.write(out.decode())
)";
  const ProcessResult result =
      run_process(python, {"-c", script, asyncdemo::e2e::asyncdemo_binary()});
  INFO(result.describe());
  CHECK(result.out.starts_with("exit 0\nasyncdemo: waiting for tasks on standard input"));
  CHECK(contains(result.out, "a  finished"));
}

// --- A full disk ---------------------------------------------------------------------------------

TEST_CASE("cli inputs: a trace cut off by a full disk ends in whole lines and says so") {
  const asyncdemo::testing::TempPath trace("trace.jsonl");
  // A file size limit fails a write part-way through, as a full disk does; asyncdemo ignores
  // SIGXFSZ so that it is a write error. dash counts ulimit -f in 512-byte blocks: 32 KiB.
  const ProcessResult result =
      run_shell("ulimit -f 64; exec \"$0\" --clock virtual --format jsonl -o '" + trace.path() +
                "' 'w*3000=1s'");
  INFO(result.describe());
  CHECK(result.term_signal == 0);
  CHECK(result.exit_code == 1);
  const std::string written = trace.read();
  REQUIRE_FALSE(written.empty());
  CHECK(written.size() <= 64 * 1024);
  CHECK(written.back() == '\n');
  const std::vector<std::string> lines = lines_of(written);
  for (const std::string& line : lines) {
    CHECK(line.starts_with("{\"t\":"));
    CHECK(line.ends_with("}"));
  }
  CHECK(contains(result.err, "cannot write the trace to '" + trace.path() + "': File too large"));
  CHECK(contains(result.err, "the file keeps its first " + std::to_string(lines.size()) +
                                 " lines, whole (the line cut short was removed)"));
}

TEST_CASE("cli inputs: a trace to /dev/full is an error naming the device") {
  const ProcessResult result = run_asyncdemo({"--clock", "virtual", "-o", "/dev/full", "a=1s"});
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(result.err ==
        "asyncdemo: error: cannot write the trace to '/dev/full': No space left on device\n");
}

// --- SIGHUP --------------------------------------------------------------------------------------

TEST_CASE("cli inputs: SIGHUP stops the run as SIGTERM does, exit 129, with a whole trace") {
  const asyncdemo::testing::TempPath trace("trace.jsonl");
  Process process(asyncdemo::e2e::asyncdemo_binary(),
                  {"--async", "--format", "jsonl", "-o", trace.path(), "a=30s", "b=30s"});
  // The file is flushed before the loop waits: both sleeps are in it while the program runs.
  bool both_asleep = false;
  for (int i = 0; i < 1000 && !both_asleep; ++i) {
    const std::string so_far = trace.read();
    both_asleep = contains(so_far, "\"task\":\"b\",\"seconds\":30");
    if (!both_asleep) ::usleep(10'000);
  }
  REQUIRE(both_asleep);
  process.send_signal(SIGHUP);
  const ProcessResult result = process.wait(kPatience);
  INFO(result.describe());
  CHECK(result.term_signal == 0);
  CHECK(result.exit_code == 129);
  CHECK(result.err.empty());
  const std::string written = trace.read();
  INFO(written);
  std::size_t cancels = 0;
  for (const std::string& line : lines_of(written)) {
    if (contains(line, "\"event\":\"cancel\"")) {
      ++cancels;
      CHECK(contains(line, "\"reason\":\"hangup\""));
    }
  }
  CHECK(cancels == 2);
  CHECK(contains(lines_of(written).back(), "\"event\":\"run_end\""));
  CHECK(contains(lines_of(written).back(), "\"stopped_by\":\"hangup\""));
  // A whole trace: render draws it.
  const ProcessResult rendered = run_asyncdemo({"render", trace.path(), "--width", "60"});
  INFO(rendered.describe());
  CHECK(rendered.exit_code == 0);
}

TEST_CASE("cli inputs: under nohup (SIGHUP ignored) a SIGHUP does not stop the run") {
  const ProcessResult result = run_shell(
      "trap '' HUP; \"$0\" --async --color never a=300ms & child=$!; sleep 0.1; "
      "kill -HUP $child; wait $child");
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "a  finished"));
}

// --- scripts/fuzz ------------------------------------------------------------------------------
// ------------------------------------------------------------------------

TEST_CASE("cli inputs: scripts/fuzz refuses a bad number of seconds and an unknown harness") {
  const fs::path script = fs::path(ASYNCDEMO_TEST_DATA) / ".." / ".." / "scripts" / "fuzz";
  const ProcessResult seconds = run_process("/bin/bash", {script.string(), "ten"});
  INFO(seconds.describe());
  CHECK(seconds.exit_code == 2);
  CHECK(contains(seconds.err, "'ten' is not a number of seconds"));
  const ProcessResult harness = run_process("/bin/bash", {script.string(), "600", "nosuch"});
  INFO(harness.describe());
  CHECK(harness.exit_code == 2);
  CHECK(contains(harness.err, "unknown harness 'nosuch'; expected one of: duration task_spec"));
}
