#include "asyncdemo/runtime/stop_signal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <system_error>

namespace asyncdemo {
namespace {

std::atomic<StopSignal*> g_process_stop{nullptr};

extern "C" void on_stop_signal(int signo) {
  StopSignal* stop = g_process_stop.load();
  if (stop == nullptr) return;
  if (stop->requested()) {
    // The user asked twice: stop waiting for a clean shutdown and die by the signal.
    std::signal(signo, SIG_DFL);
    std::raise(signo);
    return;
  }
  stop->request(signo == SIGTERM  ? StopReason::terminate
                : signo == SIGHUP ? StopReason::hangup
                                  : StopReason::interrupt);
}

}  // namespace

int exit_code_for(StopReason reason) {
  switch (reason) {
    case StopReason::none:
      return 0;
    case StopReason::interrupt:
      return 128 + SIGINT;
    case StopReason::terminate:
      return 128 + SIGTERM;
    case StopReason::hangup:
      return 128 + SIGHUP;
    case StopReason::broken_pipe:
      return 128 + SIGPIPE;
    case StopReason::output_failed:
    case StopReason::task_failed:
    case StopReason::deadlock:
      return 1;
    case StopReason::timeout:
      return 124;
  }
  return 1;
}

std::string_view to_string(StopReason reason) {
  switch (reason) {
    case StopReason::none:
      return "none";
    case StopReason::interrupt:
      return "interrupt";
    case StopReason::terminate:
      return "terminate";
    case StopReason::hangup:
      return "hangup";
    case StopReason::broken_pipe:
      return "broken_pipe";
    case StopReason::output_failed:
      return "output_failed";
    case StopReason::timeout:
      return "timeout";
    case StopReason::task_failed:
      return "failure";
    case StopReason::deadlock:
      return "deadlock";
  }
  return "?";
}

StopSignal::StopSignal() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw std::system_error(errno, std::generic_category(), "cannot create the stop pipe");
  }
  read_fd_ = fds[0];
  write_fd_ = fds[1];
}

StopSignal::~StopSignal() {
  StopSignal* self = this;
  g_process_stop.compare_exchange_strong(self, nullptr);
  ::close(read_fd_);
  ::close(write_fd_);
}

void StopSignal::catch_process_signals() {
  g_process_stop.store(this);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking wait must return with EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // nohup starts a program with SIGHUP ignored so that it outlives the terminal: keep it so.
  struct sigaction hangup {};
  if (sigaction(SIGHUP, nullptr, &hangup) == 0 && hangup.sa_handler != SIG_IGN) {
    sigaction(SIGHUP, &action, nullptr);
  }
  std::signal(SIGPIPE, SIG_IGN);
  // A file size limit (ulimit -f) then fails the write instead of killing the program in the
  // middle of a line, so the trace still ends in whole lines.
  std::signal(SIGXFSZ, SIG_IGN);
}

void StopSignal::request(StopReason reason) noexcept {
  StopReason expected = StopReason::none;
  if (reason_.compare_exchange_strong(expected, reason, std::memory_order_acq_rel)) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t ignored = ::write(write_fd_, &byte, 1);
  }
}

}  // namespace asyncdemo
