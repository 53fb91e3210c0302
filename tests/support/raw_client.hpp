#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

// A plain blocking TCP client on 127.0.0.1, for tests that need what curl hides: when the end
// of the stream arrives, partial requests sent slowly, and many connections held open at once.
namespace asyncdemo::e2e {

class RawClient {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error if it cannot.
  explicit RawClient(std::uint16_t port);
  ~RawClient();
  RawClient(RawClient&& other) noexcept;
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // Sends all of `data`; false if the connection is gone.
  bool send(std::string_view data);

  struct Received {
    std::string bytes;
    bool eof = false;                   // the server closed its side (FIN)
    bool reset = false;                 // the connection was reset (RST)
    std::chrono::milliseconds after{};  // from the call until the end, or until `within` passed
  };
  // Reads until the server closes its side, the connection is reset, or `within` passes.
  Received read_to_end(std::chrono::milliseconds within);
  // Reads until `bytes` ends with `suffix` or the stream ends, within `within`.
  Received read_until(std::string_view suffix, std::chrono::milliseconds within);

 private:
  Received read(std::string_view suffix, std::chrono::milliseconds within);
  int fd_ = -1;
};

// The resident memory of process `pid` in KiB (VmRSS in /proc), or 0 if it cannot be read.
std::size_t resident_kib(int pid);

}  // namespace asyncdemo::e2e
