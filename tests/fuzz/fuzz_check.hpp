#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

// A property a harness checks beyond "does not crash": when it does not hold, the input is a
// finding, so the harness says which property failed and aborts, which libFuzzer records as a
// crash (and the corpus replay in scripts/test as a failed test).
#define FUZZ_CHECK(condition, ...)                                                        \
  do {                                                                                    \
    if (!(condition)) asyncdemo::fuzz::fail(#condition, __FILE__, __LINE__, __VA_ARGS__); \
  } while (false)

namespace asyncdemo::fuzz {

[[noreturn]] inline void fail(const char* condition, const char* file, int line,
                              std::string_view detail) {
  std::fprintf(stderr, "%s:%d: property does not hold: %s\n  %.*s\n", file, line, condition,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace asyncdemo::fuzz
