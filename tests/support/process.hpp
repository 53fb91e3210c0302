#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Runs a program as the end-to-end tests need: arguments, optional standard input and
// environment changes in; standard output, standard error and the exit status out. Both output
// pipes are drained together with poll(), so a child that fills one pipe while we wait on the
// other never deadlocks, and every wait has a deadline after which the child is killed, so a
// hang fails one test instead of blocking CI.
namespace asyncdemo::e2e {

// Long enough for a sanitizer build on a loaded machine; only a hang ever reaches it.
inline constexpr std::chrono::milliseconds kDefaultTimeout{20'000};

struct ProcessOptions {
  // Written to the child's standard input, which is then closed; nullopt: /dev/null.
  std::optional<std::string> stdin_text;
  // On top of this process's environment: a value sets the variable, nullopt removes it.
  std::map<std::string, std::optional<std::string>> env;
  // The child's standard output or error is a pseudo-terminal (80 columns, raw, so that what it
  // writes arrives byte for byte) instead of a pipe: isatty() is true there.
  bool stdout_terminal = false;
  bool stderr_terminal = false;
};

struct ProcessResult {
  // As a shell reports it: the exit status, or 128 + the signal that killed the child.
  int exit_code = -1;
  int term_signal = 0;     // the signal that killed the child; 0 if it exited
  bool timed_out = false;  // it outlived its deadline and we killed it
  std::string out;
  std::string err;

  // Exit status and (shortened) output, for a failing check's INFO.
  std::string describe() const;
};

// A running child with its three standard streams connected to pipes.
class Process {
 public:
  Process(const std::string& program, const std::vector<std::string>& args,
          const ProcessOptions& options = {});
  // Kills and reaps the child if it still runs.
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Reads both pipes until a complete line of standard output satisfies `matches`; each line is
  // looked at once, so a second call goes on after the line the first one matched. False when
  // standard output ends or the timeout passes first.
  bool read_until(const std::function<bool(std::string_view line)>& matches,
                  std::chrono::milliseconds timeout);
  bool read_until(std::string_view text, std::chrono::milliseconds timeout);

  void send_signal(int signo);
  // Closes our end of the child's standard output, as a reader that goes away does.
  void close_stdout();
  // Reads what is left, then reaps the child; kills it if it is not done within `timeout`.
  ProcessResult wait(std::chrono::milliseconds timeout = kDefaultTimeout);

  pid_t pid() const { return pid_; }
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  // One poll() round over the open pipes. False when no pipe is left or the deadline passed.
  bool pump(Deadline deadline);
  void kill_and_reap();

  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  int in_fd_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string stdin_text_;
  std::size_t stdin_written_ = 0;
  std::string out_;
  std::string err_;
  std::size_t scanned_ = 0;  // out_ before this offset was already shown to read_until
};

// Runs the program to its end.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const ProcessOptions& options = {},
                          std::chrono::milliseconds timeout = kDefaultTimeout);

// The asyncdemo binary under test (ASYNCDEMO_BINARY).
const std::string& asyncdemo_binary();
ProcessResult run_asyncdemo(const std::vector<std::string>& args,
                            const ProcessOptions& options = {},
                            std::chrono::milliseconds timeout = kDefaultTimeout);

}  // namespace asyncdemo::e2e
