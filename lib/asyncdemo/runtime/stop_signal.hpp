#pragma once

#include <atomic>
#include <string_view>

namespace asyncdemo {

// Why a run was cut short. The first six stop the whole program (signals, the output); the
// last three stop one run: its --timeout passed, a task failed under --on-error cancel, or
// every task left waited for another (a deadlock).
enum class StopReason {
  none,
  interrupt,
  terminate,
  hangup,
  broken_pipe,
  output_failed,
  timeout,
  task_failed,
  deadlock
};

// The process exit code that reports a stop, as a shell reports death by that signal
// (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP, 141 for SIGPIPE), 124 for a timeout (as
// timeout(1) uses), 1 for a failed output or task, and 0 when nothing stopped the run.
int exit_code_for(StopReason reason);

// The name the JSON-lines trace uses: "interrupt", "timeout", "failure", ...
std::string_view to_string(StopReason reason);

// A request to stop the run, from a signal or from a closed output pipe. Waiting code watches
// fd(): it becomes readable once a stop is requested, so a blocking wait and the event loop
// both wake at once, with no race between checking a flag and going to sleep.
class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  // For the command-line program: SIGINT, SIGTERM and SIGHUP (the terminal closed) request a
  // stop (a second one kills the process at once, for a user who insists), and SIGPIPE is
  // ignored so that a closed pipe shows up as a write error that the trace output turns into a
  // quiet stop; SIGXFSZ too, so that a file size limit is a write error like a full disk. A
  // SIGHUP ignored already (nohup) stays ignored.
  void catch_process_signals();

  // Async-signal-safe. The first reason wins.
  void request(StopReason reason) noexcept;
  bool requested() const noexcept { return reason() != StopReason::none; }
  StopReason reason() const noexcept { return reason_.load(std::memory_order_acquire); }
  int fd() const noexcept { return read_fd_; }

 private:
  std::atomic<StopReason> reason_{StopReason::none};
  int read_fd_ = -1;
  int write_fd_ = -1;
};

}  // namespace asyncdemo
