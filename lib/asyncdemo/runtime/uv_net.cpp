// The second file that includes <uv.h>, beside uv_loop.cpp: sockets and DNS are libuv handles
// and requests on the same loop, and keeping them here keeps every other file free of libuv.
// It reaches the loop only through UvLoop's narrow hook (native_loop) and the parking core.
#include "asyncdemo/runtime/uv_net.hpp"

#include <sys/resource.h>
#include <uv.h>

#include <cstring>
#include <memory>
#include <optional>

#include "asyncdemo/core/cancelled.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"

namespace asyncdemo {
namespace {

std::string address_text(const sockaddr* address) {
  char text[64] = "";
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    uv_ip6_name(in6, text, sizeof text);
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  const auto* in4 = reinterpret_cast<const sockaddr_in*>(address);
  uv_ip4_name(in4, text, sizeof text);
  return std::string(text) + ":" + std::to_string(ntohs(in4->sin_port));
}

// Where every stream of this thread reads into. libuv asks for a buffer just before each read
// and hands the bytes to the read callback at once, which copies them out; nothing else runs in
// between, so one buffer serves every connection, and an idle one costs no read buffer (3,000
// idle connections held 203 MB when each had its own 64 KiB).
// Allocated on first use, so that threads that never read (libuv's pool) do not carry it.
char* shared_read_buffer() {
  thread_local const std::unique_ptr<char[]> buffer(new char[kReadBufferSize]);
  return buffer.get();
}

}  // namespace

struct TcpStream::State final : WaitSource {
  enum class Op { none, resolve, connect, write, read, shutdown };
  struct Lookup {
    uv_getaddrinfo_t request{};
    State* state = nullptr;  // null once the stream is gone: the callback then only frees this
  };

  UvLoop* loop = nullptr;
  uv_tcp_t tcp{};
  uv_timer_t limit{};  // the time limit, armed while an operation waits
  uv_connect_t connecting{};
  uv_write_t writing{};
  uv_shutdown_t shutting{};
  Lookup* lookup = nullptr;
  sockaddr_storage address{};
  std::string host;
  std::string address_text;
  std::string out;           // the bytes being written
  Parked* waiter = nullptr;  // the owner's parking slot, while an operation waits
  Op op = Op::none;
  bool waiting = false;  // a coroutine is parked on this stream
  bool done = false;     // the current operation has finished (status, result, error)
  bool timed_out = false;
  bool owner_gone = false;
  int open_handles = 2;
  int status = 0;
  std::string result;
  std::string error;
  std::optional<Duration> deadline;
  Duration limit_length{};

  void begin(Op next) {
    op = next;
    timed_out = false;
  }

  void complete(int code, std::string value = {}) {
    if (owner_gone || op == Op::none) return;
    status = code;
    result = std::move(value);
    if (code < 0) error = describe(code);
    done = true;
    op = Op::none;
    if (waiting) {
      waiting = false;
      uv_timer_stop(&limit);
      loop->core().fire(*waiter);
    }
  }

  // WaitSource: the coroutine was cancelled while an operation waited; the operation stays in
  // flight until the stream is destroyed as the coroutine unwinds.
  void withdraw(Parked&) override {
    waiting = false;
    uv_timer_stop(&limit);
  }
  std::string waits_for(const Parked&) const override {
    switch (op) {
      case Op::resolve:
        return "the network: looking up " + host;
      case Op::connect:
        return "the network: connecting to " + address_text;
      case Op::write:
        return "the network: sending to " + address_text;
      case Op::read:
        return "the network: data from " + address_text;
      case Op::shutdown:
        return "the network: closing the connection to " + address_text;
      case Op::none:
        break;
    }
    return "the network";
  }
  bool external() const override { return true; }

  std::string describe(int code) const {
    const std::string why = uv_strerror(code);
    switch (op) {
      case Op::resolve:
        return "lookup of '" + host + "' failed: " + why;
      case Op::connect:
        if (code == UV_ECONNREFUSED) return "connection refused: " + address_text;
        return "cannot connect to " + address_text + ": " + why;
      case Op::write:
        return "sending the request to " + address_text + " failed: " + why;
      case Op::read:
        if (code == UV_ECONNRESET) return "connection reset by " + address_text;
        return "reading from " + address_text + " failed: " + why;
      case Op::shutdown:
        return "closing the connection to " + address_text + " failed: " + why;
      case Op::none:
        break;
    }
    return why;
  }

  // Arms the time limit for what is left until the deadline, by a fresh clock: libuv counts
  // from its cached loop time and in whole milliseconds, so the callback checks the clock and
  // arms again if it came early, and no limit ever ends before its deadline.
  void arm_limit() {
    const Duration remaining = *deadline - loop->clock().now();
    const auto ms = remaining <= Duration::zero()
                        ? std::uint64_t{0}
                        : static_cast<std::uint64_t>((remaining.count() + 999'999) / 1'000'000);
    uv_update_time(loop->native_loop());
    uv_timer_start(
        &limit,
        [](uv_timer_t* handle) {
          auto& state = *static_cast<State*>(handle->data);
          if (!state.waiting) return;
          if (state.loop->clock().now() < *state.deadline) return state.arm_limit();
          state.waiting = false;
          state.timed_out = true;
          state.loop->core().fire(*state.waiter);
        },
        ms, 0);
  }

  static void closed(uv_handle_t* handle) {
    auto* state = static_cast<State*>(handle->data);
    if (--state->open_handles == 0) delete state;
  }
};

bool TcpStream::Operation::await_ready() const noexcept {
  return state_.done;
}

void TcpStream::Operation::await_suspend(std::coroutine_handle<> waiter) {
  State& s = state_;
  Parked& slot = *s.waiter;
  slot.waiter = waiter;
  slot.timed = false;
  slot.source = &s;
  if (!s.loop->core().park(slot)) return;  // cancelled already: resumes with Cancelled
  s.waiting = true;
  if (s.deadline) s.arm_limit();
}

std::string TcpStream::Operation::await_resume() {
  State& s = state_;
  if (s.waiter->cancelled()) {
    s.waiting = false;
    uv_timer_stop(&s.limit);
    s.op = State::Op::none;
    throw Cancelled{};
  }
  if (s.timed_out) {
    // A read given up is stopped, so the stream can go on (the server answers 408); a connect or
    // a write stays under way in libuv, so after one of those times out the stream is only
    // closed.
    if (s.op == State::Op::read) uv_read_stop(reinterpret_cast<uv_stream_t*>(&s.tcp));
    s.op = State::Op::none;
    throw NetError("no answer" +
                   (s.address_text.empty() ? std::string() : " from " + s.address_text) +
                   " within " + format_duration(s.limit_length));
  }
  s.done = false;
  if (s.status < 0) throw NetError(s.error);
  return std::move(s.result);
}

TcpStream::TcpStream(UvLoop& loop, Parked* waiter) : state_(new State) {
  state_->loop = &loop;
  state_->waiter = waiter;
  uv_tcp_init(loop.native_loop(), &state_->tcp);
  state_->tcp.data = state_;
  uv_timer_init(loop.native_loop(), &state_->limit);
  state_->limit.data = state_;
  state_->connecting.data = state_;
  state_->writing.data = state_;
  state_->shutting.data = state_;
}

TcpStream::~TcpStream() {
  State* s = state_;
  s->owner_gone = true;
  if (s->lookup != nullptr) {
    s->lookup->state = nullptr;
    uv_cancel(reinterpret_cast<uv_req_t*>(&s->lookup->request));  // else it frees itself later
  }
  // Closing the socket cancels a pending connect or write (their callbacks see owner_gone);
  // the state goes in the last close callback, after libuv is done with every part of it.
  uv_close(reinterpret_cast<uv_handle_t*>(&s->tcp), &State::closed);
  uv_close(reinterpret_cast<uv_handle_t*>(&s->limit), &State::closed);
}

void TcpStream::set_waiter(Parked& waiter) {
  state_->waiter = &waiter;
}

void TcpStream::set_time_limit(Duration deadline, Duration limit) {
  state_->deadline = deadline;
  state_->limit_length = limit;
}

bool TcpStream::timed_out() const {
  return state_->timed_out;
}

TcpStream::Operation TcpStream::resolve(const std::string& host, std::uint16_t port) {
  State& s = *state_;
  s.begin(State::Op::resolve);
  s.host = host;
  s.loop->before_pool_use();
  auto* lookup = new State::Lookup;
  lookup->state = &s;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  const int status = uv_getaddrinfo(
      s.loop->native_loop(), &lookup->request,
      [](uv_getaddrinfo_t* request, int code, addrinfo* found) {
        auto* lookup = reinterpret_cast<State::Lookup*>(request);
        State* state = lookup->state;
        if (state != nullptr && code == 0) {
          // An IPv4 address first: a server bound to 127.0.0.1 is not on ::1.
          const addrinfo* pick = found;
          for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
            if (a->ai_family == AF_INET) {
              pick = a;
              break;
            }
          }
          if (pick == nullptr) {
            code = UV_EAI_NONAME;
          } else {
            std::memcpy(&state->address, pick->ai_addr, pick->ai_addrlen);
            state->address_text = address_text(pick->ai_addr);
          }
        }
        uv_freeaddrinfo(found);
        delete lookup;
        if (state != nullptr) {
          state->lookup = nullptr;
          state->complete(code, code == 0 ? state->address_text : std::string());
        }
      },
      host.c_str(), std::to_string(port).c_str(), &hints);
  if (status < 0) {
    delete lookup;
    s.complete(status);
  } else {
    s.lookup = lookup;
  }
  return Operation(s);
}

TcpStream::Operation TcpStream::connect() {
  State& s = *state_;
  s.begin(State::Op::connect);
  uv_tcp_nodelay(&s.tcp, 1);
  const int status = uv_tcp_connect(
      &s.connecting, &s.tcp, reinterpret_cast<const sockaddr*>(&s.address),
      [](uv_connect_t* request, int code) { static_cast<State*>(request->data)->complete(code); });
  if (status < 0) s.complete(status);
  return Operation(s);
}

TcpStream::Operation TcpStream::write(std::string data) {
  State& s = *state_;
  s.begin(State::Op::write);
  s.out = std::move(data);
  uv_buf_t buffer = uv_buf_init(s.out.data(), static_cast<unsigned>(s.out.size()));
  const int status = uv_write(&s.writing, reinterpret_cast<uv_stream_t*>(&s.tcp), &buffer, 1,
                              [](uv_write_t* request, int code) {
                                auto* state = static_cast<State*>(request->data);
                                std::string().swap(state->out);  // a kept-alive stream holds none
                                state->complete(code);
                              });
  if (status < 0) s.complete(status);
  return Operation(s);
}

TcpStream::Operation TcpStream::shutdown() {
  State& s = *state_;
  s.begin(State::Op::shutdown);
  const int status = uv_shutdown(
      &s.shutting, reinterpret_cast<uv_stream_t*>(&s.tcp),
      [](uv_shutdown_t* request, int code) { static_cast<State*>(request->data)->complete(code); });
  if (status < 0) s.complete(status);
  return Operation(s);
}

TcpStream::Operation TcpStream::read() {
  State& s = *state_;
  s.begin(State::Op::read);
  const int status = uv_read_start(
      reinterpret_cast<uv_stream_t*>(&s.tcp),
      [](uv_handle_t*, std::size_t, uv_buf_t* buffer) {
        *buffer = uv_buf_init(shared_read_buffer(), static_cast<unsigned>(kReadBufferSize));
      },
      [](uv_stream_t* stream, ssize_t n, const uv_buf_t* buffer) {
        auto* state = static_cast<State*>(stream->data);
        if (n == 0) return;  // nothing this time (EAGAIN)
        uv_read_stop(stream);
        if (n > 0) {
          state->complete(0, std::string(buffer->base, static_cast<std::size_t>(n)));
        } else if (n == UV_EOF) {
          state->complete(0);
        } else {
          state->complete(static_cast<int>(n));
        }
      });
  if (status < 0) s.complete(status);
  return Operation(s);
}

struct TcpListener::State final : WaitSource {
  UvLoop* loop = nullptr;
  uv_tcp_t tcp{};
  Parked* waiter = nullptr;
  bool waiting = false;
  int ready = 0;  // connections the kernel has queued for us to accept
  std::uint16_t port = 0;

  void withdraw(Parked&) override { waiting = false; }
  std::string waits_for(const Parked&) const override {
    return "the network: a client on port " + std::to_string(port);
  }
  bool external() const override { return true; }

  // Accepts one queued connection (ready > 0).
  std::unique_ptr<TcpStream> take() {
    --ready;
    auto stream = std::make_unique<TcpStream>(*loop, nullptr);
    if (uv_accept(reinterpret_cast<uv_stream_t*>(&tcp),
                  reinterpret_cast<uv_stream_t*>(&stream->state_->tcp)) < 0) {
      return nullptr;  // the client went away already
    }
    uv_tcp_nodelay(&stream->state_->tcp, 1);
    return stream;
  }
};

TcpListener::TcpListener(UvLoop& loop, const std::string& host, std::uint16_t port, Parked& waiter)
    : state_(new State) {
  state_->loop = &loop;
  state_->waiter = &waiter;
  uv_tcp_init(loop.native_loop(), &state_->tcp);
  state_->tcp.data = state_;
  sockaddr_storage address{};
  int status = uv_ip4_addr(host.c_str(), port, reinterpret_cast<sockaddr_in*>(&address));
  if (status < 0)
    status = uv_ip6_addr(host.c_str(), port, reinterpret_cast<sockaddr_in6*>(&address));
  std::string what = "'" + host + "' is not an IP address; expected one like 127.0.0.1 or ::1";
  if (status == 0) {
    what = "cannot listen on " + address_text(reinterpret_cast<sockaddr*>(&address));
    status = uv_tcp_bind(&state_->tcp, reinterpret_cast<sockaddr*>(&address), 0);
    if (status == 0) {
      status = uv_listen(reinterpret_cast<uv_stream_t*>(&state_->tcp), 4096,
                         [](uv_stream_t* server, int code) {
                           auto* state = static_cast<State*>(server->data);
                           // At the open-file limit libuv has already done what can be done:
                           // it keeps one descriptor in reserve (opened with the first stream),
                           // and when accept fails with EMFILE it closes the reserve, accepts
                           // the waiting clients and closes them at once (they see the
                           // connection end instead of hanging in the backlog), then reopens
                           // the reserve. We are told only if that failed too; either way the
                           // next client is accepted as soon as a descriptor is free again,
                           // which is why a finished connection closes at once and every wait
                           // of the server has a time limit.
                           if (code < 0) return;
                           ++state->ready;
                           if (state->waiting) {
                             state->waiting = false;
                             state->loop->core().fire(*state->waiter);
                           }
                         });
    }
    if (status < 0) what += std::string(": ") + uv_strerror(status);
  }
  if (status < 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&state_->tcp),
             [](uv_handle_t* handle) { delete static_cast<State*>(handle->data); });
    throw NetError(what);
  }
  sockaddr_storage bound{};
  int length = sizeof bound;
  uv_tcp_getsockname(&state_->tcp, reinterpret_cast<sockaddr*>(&bound), &length);
  state_->port =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

TcpListener::~TcpListener() {
  uv_close(reinterpret_cast<uv_handle_t*>(&state_->tcp),
           [](uv_handle_t* handle) { delete static_cast<State*>(handle->data); });
}

std::uint16_t TcpListener::port() const {
  return state_->port;
}

TcpListener::Accept TcpListener::accept() {
  return Accept(*state_);
}

bool TcpListener::Accept::await_ready() const noexcept {
  return state_.ready > 0;
}

void TcpListener::Accept::await_suspend(std::coroutine_handle<> waiter) {
  Parked& slot = *state_.waiter;
  slot.waiter = waiter;
  slot.timed = false;
  slot.source = &state_;
  if (state_.loop->core().park(slot)) state_.waiting = true;
}

std::unique_ptr<TcpStream> TcpListener::Accept::await_resume() {
  if (state_.waiter->cancelled()) {
    state_.waiting = false;
    throw Cancelled{};
  }
  return state_.take();
}

std::uint64_t raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

}  // namespace asyncdemo
