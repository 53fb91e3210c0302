#include "asyncdemo/reading/line_reader.hpp"

#include <algorithm>
#include <cstring>

namespace asyncdemo {
namespace {

// Large enough that a file is read in few calls, small enough to stay in cache.
constexpr std::size_t kBlock = 256 * 1024;

}  // namespace

LineReader::LineReader(std::istream& in, std::size_t max_bytes)
    : in_(in), max_bytes_(max_bytes), buffer_(std::min(kBlock, max_bytes + 1)) {}

LineReader::Status LineReader::next(std::string_view& line) {
  while (true) {
    const char* from = buffer_.data() + scanned_;
    const auto* newline = static_cast<const char*>(std::memchr(from, '\n', end_ - scanned_));
    if (newline != nullptr) {
      const auto at = static_cast<std::size_t>(newline - buffer_.data());
      ++number_;
      if (at - begin_ > max_bytes_) return Status::too_long;
      line = std::string_view(buffer_.data() + begin_, at - begin_);
      begin_ = scanned_ = at + 1;
      return Status::line;
    }
    scanned_ = end_;
    if (end_ - begin_ > max_bytes_) {
      ++number_;
      return Status::too_long;
    }
    if (at_end_) {
      if (begin_ == end_) return in_.bad() ? Status::read_error : Status::end;
      ++number_;
      unterminated_ = true;
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);
      begin_ = scanned_ = end_;
      return Status::line;
    }
    if (!fill()) {
      at_end_ = true;
      if (in_.bad()) return Status::read_error;
    }
  }
}

bool LineReader::fill() {
  // Keep only the line begun, at the front; grow when it fills the buffer, up to the cap.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scanned_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(std::min(buffer_.size() * 2, max_bytes_ + 1));
  in_.read(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
  const auto got = static_cast<std::size_t>(in_.gcount());
  end_ += got;
  return got > 0;
}

}  // namespace asyncdemo
