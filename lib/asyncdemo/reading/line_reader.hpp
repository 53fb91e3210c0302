#pragma once

#include <cstddef>
#include <istream>
#include <string_view>
#include <vector>

namespace asyncdemo {

// Splits a stream into lines, reading it in large blocks. A line is capped at `max_bytes`: a
// longer one is reported as soon as that many bytes are read, so that an endless line
// (/dev/zero) costs bounded memory and time instead of growing until the machine gives out.
class LineReader {
 public:
  enum class Status { line, end, too_long, read_error };

  LineReader(std::istream& in, std::size_t max_bytes);

  // The next line, without its '\n', in `line`, valid until the next call. After too_long and
  // read_error, the stream is left where it stopped.
  Status next(std::string_view& line);
  // The number of the line last returned or refused, from 1.
  std::size_t number() const { return number_; }
  // Whether the line last returned ends the stream with no '\n' after it: a file cut short, or
  // written by a tool that omits the last newline.
  bool unterminated() const { return unterminated_; }

 private:
  // Reads more after what is buffered; false at the end of the stream or on a read error.
  bool fill();

  std::istream& in_;
  std::size_t max_bytes_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;    // the next line starts here
  std::size_t scanned_ = 0;  // no '\n' in buffer_ from begin_ to here
  std::size_t end_ = 0;      // buffered bytes end here
  std::size_t number_ = 0;
  bool unterminated_ = false;
  bool at_end_ = false;
};

}  // namespace asyncdemo
