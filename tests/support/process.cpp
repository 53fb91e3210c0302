#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace asyncdemo::e2e {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

struct Pipe {
  int read = -1;
  int write = -1;
};

// Close-on-exec, so the child keeps only the ends it gets as 0, 1 and 2.
Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe2");
  return Pipe{fds[0], fds[1]};
}

// A pseudo-terminal: we read the master end, the child writes to the slave end. Raw, so that
// the line discipline neither adds carriage returns nor eats control characters.
Pipe make_terminal() {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) fail("posix_openpt");
  const char* name = ::ptsname(master);
  if (name == nullptr) fail("ptsname");
  const int slave = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) fail("open pty");
  termios settings{};
  if (::tcgetattr(slave, &settings) != 0) fail("tcgetattr");
  ::cfmakeraw(&settings);
  if (::tcsetattr(slave, TCSANOW, &settings) != 0) fail("tcsetattr");
  winsize size{};
  size.ws_col = 80;
  size.ws_row = 24;
  ::ioctl(master, TIOCSWINSZ, &size);
  return Pipe{master, slave};
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) fail("fcntl");
}

std::vector<std::string> child_environment(
    const std::map<std::string, std::optional<std::string>>& changes) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    if (changes.count(std::string(text.substr(0, text.find('=')))) == 0) env.emplace_back(text);
  }
  for (const auto& [name, value] : changes) {
    if (value) env.push_back(name + "=" + *value);
  }
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// A child that exits without reading its standard input must not kill us with SIGPIPE, and the
// test binary's signal dispositions are not ours to change: block SIGPIPE around the write and
// consume the one it raised.
ssize_t write_without_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_only;
  sigset_t previous;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
  const ssize_t n = ::write(fd, data, size);
  const int saved = errno;
  if (n < 0 && saved == EPIPE) {
    const timespec no_wait{};
    while (::sigtimedwait(&pipe_only, nullptr, &no_wait) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  errno = saved;
  return n;
}

// Appends what is ready on `fd`; closes it at end of file or on an error.
void drain(int& fd, std::string& into) {
  char buffer[16 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      into.append(buffer, static_cast<std::size_t>(n));
      // Hand each chunk back to the caller, so a reader that stops early reads only a little.
      return;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    close_fd(fd);
    return;
  }
}

std::string shortened(const std::string& text) {
  constexpr std::size_t kKeep = 3000;
  if (text.size() <= kKeep) return text;
  return text.substr(0, kKeep / 2) + "\n[... " + std::to_string(text.size() - kKeep) +
         " bytes left out ...]\n" + text.substr(text.size() - kKeep / 2);
}

}  // namespace

std::string ProcessResult::describe() const {
  std::string text = "exit code " + std::to_string(exit_code);
  if (term_signal != 0) text += " (killed by signal " + std::to_string(term_signal) + ")";
  if (timed_out) text += " (timed out and killed)";
  text += "\n--- stdout ---\n" + shortened(out) + "\n--- stderr ---\n" + shortened(err);
  return text;
}

Process::Process(const std::string& program, const std::vector<std::string>& args,
                 const ProcessOptions& options) {
  Pipe in;
  if (options.stdin_text) {
    in = make_pipe();
    stdin_text_ = *options.stdin_text;
  }
  Pipe out = options.stdout_terminal ? make_terminal() : make_pipe();
  Pipe err = options.stderr_terminal ? make_terminal() : make_pipe();

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (options.stdin_text) {
    posix_spawn_file_actions_adddup2(&actions, in.read, STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, out.write, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write, STDERR_FILENO);

  // The child starts from default signal handling and an empty mask, whatever the test binary
  // (doctest, or a unit test of the signal code) did to its own.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = child_environment(options.env);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);

  const int spawned =
      ::posix_spawn(&pid_, program.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close_fd(in.read);
  close_fd(out.write);
  close_fd(err.write);
  if (spawned != 0) {
    close_fd(in.write);
    close_fd(out.read);
    close_fd(err.read);
    pid_ = -1;
    errno = spawned;
    fail(("posix_spawn " + program).c_str());
  }
  in_fd_ = in.write;
  out_fd_ = out.read;
  err_fd_ = err.read;
  for (int fd : {in_fd_, out_fd_, err_fd_}) {
    if (fd >= 0) set_nonblocking(fd);
  }
  if (in_fd_ >= 0 && stdin_text_.empty()) close_fd(in_fd_);
}

Process::~Process() {
  close_fd(in_fd_);
  close_fd(out_fd_);
  close_fd(err_fd_);
  if (pid_ > 0 && !reaped_) kill_and_reap();
}

bool Process::pump(Deadline deadline) {
  pollfd watch[3];
  nfds_t count = 0;
  if (out_fd_ >= 0) watch[count++] = {out_fd_, POLLIN, 0};
  if (err_fd_ >= 0) watch[count++] = {err_fd_, POLLIN, 0};
  if (in_fd_ >= 0) watch[count++] = {in_fd_, POLLOUT, 0};
  if (count == 0) return false;

  const auto left = deadline - Clock::now();
  if (left <= Clock::duration::zero()) return false;
  // Round up, so we never spin on a zero timeout just before the deadline.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  const int ready = ::poll(watch, count, static_cast<int>(ms));
  if (ready < 0 && errno == EINTR) return true;
  if (ready < 0) fail("poll");

  for (nfds_t i = 0; i < count; ++i) {
    if (watch[i].revents == 0) continue;
    if (watch[i].fd == out_fd_) {
      drain(out_fd_, out_);
    } else if (watch[i].fd == err_fd_) {
      drain(err_fd_, err_);
    } else if (watch[i].fd == in_fd_) {
      const ssize_t n = write_without_sigpipe(in_fd_, stdin_text_.data() + stdin_written_,
                                              stdin_text_.size() - stdin_written_);
      if (n > 0) stdin_written_ += static_cast<std::size_t>(n);
      // Done, or the child closed its end: either way it gets no more.
      const bool failed = n < 0 && errno != EAGAIN && errno != EINTR;
      if (failed || stdin_written_ == stdin_text_.size()) close_fd(in_fd_);
    }
  }
  return true;
}

bool Process::read_until(const std::function<bool(std::string_view line)>& matches,
                         std::chrono::milliseconds timeout) {
  const Deadline deadline = Clock::now() + timeout;
  for (;;) {
    for (std::size_t end; (end = out_.find('\n', scanned_)) != std::string::npos;) {
      const std::string_view line(out_.data() + scanned_, end - scanned_);
      scanned_ = end + 1;
      if (matches(line)) return true;
    }
    if (out_fd_ < 0 || !pump(deadline)) return false;
  }
}

bool Process::read_until(std::string_view text, std::chrono::milliseconds timeout) {
  return read_until([text](std::string_view line) { return line.find(text) != line.npos; },
                    timeout);
}

void Process::send_signal(int signo) {
  if (pid_ <= 0 || reaped_) throw std::logic_error("no running child to signal");
  if (::kill(pid_, signo) != 0) fail("kill");
}

void Process::close_stdout() {
  close_fd(out_fd_);
}

void Process::kill_and_reap() {
  ::kill(pid_, SIGKILL);
  while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
}

ProcessResult Process::wait(std::chrono::milliseconds timeout) {
  const Deadline deadline = Clock::now() + timeout;
  while (pump(deadline)) {
  }
  ProcessResult result;
  if (!reaped_) {
    // Both pipes are closed by now, unless the deadline passed; the child is exiting, or hangs.
    for (;;) {
      const pid_t done = ::waitpid(pid_, &status_, WNOHANG);
      if (done == pid_) {
        reaped_ = true;
        break;
      }
      if (done < 0 && errno != EINTR) fail("waitpid");
      if (Clock::now() >= deadline) {
        result.timed_out = true;
        kill_and_reap();
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  close_fd(in_fd_);
  close_fd(out_fd_);
  close_fd(err_fd_);
  if (WIFSIGNALED(status_)) {
    result.term_signal = WTERMSIG(status_);
    result.exit_code = 128 + result.term_signal;
  } else if (WIFEXITED(status_)) {
    result.exit_code = WEXITSTATUS(status_);
  }
  result.out = out_;
  result.err = err_;
  return result;
}

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const ProcessOptions& options, std::chrono::milliseconds timeout) {
  Process process(program, args, options);
  return process.wait(timeout);
}

const std::string& asyncdemo_binary() {
  static const std::string path = ASYNCDEMO_BINARY;
  return path;
}

ProcessResult run_asyncdemo(const std::vector<std::string>& args, const ProcessOptions& options,
                            std::chrono::milliseconds timeout) {
  return run_process(asyncdemo_binary(), args, options, timeout);
}

}  // namespace asyncdemo::e2e
