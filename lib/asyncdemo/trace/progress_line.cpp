#include "asyncdemo/trace/progress_line.hpp"

#include <pthread.h>

#include <csignal>

#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/pictures/text_fit.hpp"

namespace asyncdemo {
namespace {

constexpr std::chrono::milliseconds kRedraw{100};

}  // namespace

std::string progress_text(const Progress& progress, std::size_t columns) {
  std::string text = std::string(to_string(progress.mode)) + ": " +
                     std::to_string(progress.finished) + " of " + std::to_string(progress.tasks) +
                     (progress.tasks == 1 ? " task" : " tasks") + " finished, " +
                     format_time(progress.elapsed) + " elapsed, theory expects " +
                     (progress.theory_known ? "" : "at least ") + format_time(progress.theory);
  // One column short of the width: a line that reaches the last column wraps on some terminals.
  return fit_text(text, columns > 1 ? columns - 1 : 1);
}

std::optional<Duration> progress_delay(ClockKind clock, bool stderr_terminal, bool quiet,
                                       bool trace_to_file, bool explain) {
  if (clock != ClockKind::real || !stderr_terminal || explain) return std::nullopt;
  if (quiet) return Duration::zero();
  if (trace_to_file) return std::chrono::seconds(1);
  return std::nullopt;
}

ProgressLine::ProgressLine(Duration delay, std::size_t columns) : delay_(delay), columns_(columns) {
  // Ctrl-C and SIGTERM must reach the run's own thread, whose waits they interrupt.
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  drawer_ = std::thread([this] { draw_until_stopped(); });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

ProgressLine::~ProgressLine() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  drawer_.join();
  clear_status();
}

void ProgressLine::write(const TraceEvent& event) {
  switch (event.kind) {
    case EventKind::end:
    case EventKind::cancel:
    case EventKind::fail:
      finished_.fetch_add(1, std::memory_order_relaxed);
      return;
    case EventKind::run_start: {
      const std::lock_guard lock(mutex_);
      running_ = true;
      finished_.store(0, std::memory_order_relaxed);
      run_ = Progress{};
      run_.mode = event.mode;
      if (event.run != nullptr) {
        run_.tasks = event.run->tasks;
        run_.theory = event.run->theory;
        run_.theory_known = event.run->theory_known();
      }
      started_ = std::chrono::steady_clock::now();
      return;
    }
    case EventKind::run_end: {
      const std::lock_guard lock(mutex_);
      running_ = false;
      // Erased under the lock, so the drawer cannot draw it again over the summary that follows.
      clear_status();
      return;
    }
    default:
      return;
  }
}

void ProgressLine::draw_until_stopped() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kRedraw);
    if (stopping_ || !running_) continue;
    Progress now = run_;
    now.elapsed = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - started_);
    if (now.elapsed < delay_) continue;
    now.finished = finished_.load(std::memory_order_relaxed);
    show_status(progress_text(now, columns_));
  }
}

}  // namespace asyncdemo
