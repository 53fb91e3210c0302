#include "asyncdemo/runtime/real_clock.hpp"

#include <poll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace asyncdemo {

RealClock::RealClock(const StopSignal& stop)
    : stop_(stop), origin_(std::chrono::steady_clock::now()) {
  timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (timer_fd_ < 0) throw std::system_error(errno, std::generic_category(), "timerfd_create");
}

RealClock::~RealClock() {
  ::close(timer_fd_);
}

Duration RealClock::now() const {
  return std::chrono::steady_clock::now() - origin_;
}

bool RealClock::block_until(Duration deadline) {
  // Wait for whichever comes first, the deadline or a stop request. A timerfd keeps the
  // kernel's precise timer (a poll timeout would be allowed 0.1% of slack: 1 ms late per
  // second), and the stop pipe stays readable, so a signal that lands just before the wait
  // is not lost.
  if (deadline <= now()) return !stop_.requested();
  itimerspec when{};
  when.it_value = monotonic(deadline);
  if (::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &when, nullptr) != 0) {
    throw std::system_error(errno, std::generic_category(), "timerfd_settime");
  }
  pollfd watch[2] = {{stop_.fd(), POLLIN, 0}, {timer_fd_, POLLIN, 0}};
  for (;;) {
    const int ready = ::ppoll(watch, 2, nullptr, nullptr);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw std::system_error(errno, std::generic_category(), "ppoll");
    if (watch[0].revents != 0) return false;
    std::uint64_t expirations = 0;
    [[maybe_unused]] const ssize_t n = ::read(timer_fd_, &expirations, sizeof expirations);
    return true;
  }
}

timespec RealClock::monotonic(Duration t) const {
  const auto absolute = (origin_ + t).time_since_epoch();  // steady_clock is CLOCK_MONOTONIC
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(absolute);
  return timespec{static_cast<time_t>(seconds.count()),
                  static_cast<long>((absolute - seconds).count())};
}

bool RealClock::block_this_thread_until(Duration deadline) const {
  for (;;) {
    const Duration remaining = deadline - now();
    if (remaining <= Duration::zero()) return !stop_.requested();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(remaining);
    const timespec timeout{static_cast<time_t>(seconds.count()),
                           static_cast<long>((remaining - seconds).count())};
    pollfd watch{stop_.fd(), POLLIN, 0};
    const int ready = ::ppoll(&watch, 1, &timeout, nullptr);
    if (ready > 0) return false;
    if (ready < 0 && errno != EINTR) {
      throw std::system_error(errno, std::generic_category(), "ppoll");
    }
  }
}

}  // namespace asyncdemo
