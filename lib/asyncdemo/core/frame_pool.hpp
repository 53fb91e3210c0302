#pragma once

#include <cstddef>

namespace asyncdemo {

// Memory for coroutine frames. A million sleeping tasks are a million frames of one size, so
// frames come from per-size free lists carved out of large blocks: no per-frame allocator
// header, no search, and a frame freed by one task is reused by the next. Blocks are kept until
// the program ends. One pool per thread: coroutines are made and freed on the loop's thread.
void* allocate_frame(std::size_t size);
void free_frame(void* frame, std::size_t size) noexcept;

}  // namespace asyncdemo
