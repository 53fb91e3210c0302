#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/parking.hpp"

namespace asyncdemo {

class UvLoop;

// The most bytes one read returns.
inline constexpr std::size_t kReadBufferSize = 64 * 1024;

// A network failure, worded for the user: "connection refused: 127.0.0.1:9".
class NetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One TCP connection on a UvLoop, driven by a coroutine: each operation is started by a call
// and finished by co_await-ing what it returns, which resumes with its result, throws NetError
// when it failed or the time limit passed, and throws Cancelled when the coroutine was
// cancelled meanwhile. One operation at a time. The coroutine parks in its owner's parking slot
// (a task's, a connection's), so that the owner's cancel reaches it like any other wait.
//
// The libuv handles live on the heap, not in the coroutine frame: the destructor closes them
// (and cancels a pending lookup) and libuv's close callbacks free them later, so a frame
// destroyed in the middle of an operation never leaves libuv pointing at freed memory.
class TcpStream {
 public:
  struct State;

  // co_await stream.resolve(...) etc.
  class Operation {
   public:
    explicit Operation(State& state) : state_(state) {}
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<> waiter);
    // The result: the address ("127.0.0.1:8080") for resolve, the bytes for read (empty at the
    // end of the stream), nothing for connect and write.
    std::string await_resume();

   private:
    State& state_;
  };

  // `waiter`: the parking slot of the coroutine that drives the stream; set_waiter() sets it
  // later for a stream that a listener accepted.
  TcpStream(UvLoop& loop, Parked* waiter);
  ~TcpStream();
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;

  void set_waiter(Parked& waiter);
  // Every later operation fails with "no answer ... within LIMIT" once the clock reads
  // `deadline`. After a read timed out the stream can go on (with a later deadline); after a
  // connect or a write timed out it can only be closed.
  void set_time_limit(Duration deadline, Duration limit);
  // The last operation failed because the time limit passed.
  bool timed_out() const;

  // Looks `host` up with uv_getaddrinfo (an IPv4 address first, if it has one).
  Operation resolve(const std::string& host, std::uint16_t port);
  // Connects to the address resolve found; "what" names it in errors ("127.0.0.1:8080").
  Operation connect();
  Operation write(std::string data);
  // At most kReadBufferSize bytes, copied out of one buffer that every stream of the thread
  // shares, so a waiting stream holds no read buffer.
  Operation read();
  // Sends FIN after what is written (a half-close): the peer reads the end of the stream while
  // this side can still read what it sends.
  Operation shutdown();

 private:
  friend class TcpListener;
  State* state_;
};

// A listening TCP socket; accept() waits for the next client, parked in `waiter`.
class TcpListener {
 public:
  // Binds host:port (port 0: any free port) and listens. Throws NetError.
  TcpListener(UvLoop& loop, const std::string& host, std::uint16_t port, Parked& waiter);
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  std::uint16_t port() const;

  struct State;
  class Accept {
   public:
    explicit Accept(State& state) : state_(state) {}
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<> waiter);
    // The next client, connected.
    std::unique_ptr<TcpStream> await_resume();

   private:
    State& state_;
  };
  Accept accept();

 private:
  State* state_;
};

// Raises this process's soft limit on open files to its hard limit: 1,000 concurrent fetches
// (or clients of the server) need about 1,000 sockets each side, and the soft limit is often
// 1024. Returns the limit now in force.
std::uint64_t raise_open_file_limit();

}  // namespace asyncdemo
