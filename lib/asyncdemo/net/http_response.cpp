#include "asyncdemo/net/http_response.hpp"

#include <cctype>

namespace asyncdemo {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// A decimal number of at most 18 digits (nullopt otherwise), so it cannot overflow.
std::optional<std::size_t> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

std::optional<std::size_t> parse_hex(std::string_view text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    const int digit = std::isdigit(static_cast<unsigned char>(c)) != 0 ? c - '0'
                      : c >= 'a' && c <= 'f'                           ? c - 'a' + 10
                      : c >= 'A' && c <= 'F'                           ? c - 'A' + 10
                                                                       : -1;
    if (digit < 0) return std::nullopt;
    n = n * 16 + static_cast<std::size_t>(digit);
  }
  return n;
}

}  // namespace

std::optional<std::string> HttpResponseParser::header(std::string_view name) const {
  const std::string key = lower(name) + ":";
  std::size_t at = 0;
  while (at < headers_.size()) {
    const std::size_t end = headers_.find('\n', at);
    std::string_view line = std::string_view(headers_).substr(at, end - at);
    if (line.substr(0, key.size()) == key) return std::string(trim(line.substr(key.size())));
    at = end + 1;
  }
  return std::nullopt;
}

bool HttpResponseParser::fail(std::string message) {
  state_ = State::failed;
  error_ = std::move(message);
  buffer_.clear();
  return false;
}

bool HttpResponseParser::feed(std::string_view data) {
  if (state_ == State::failed) return false;
  if (state_ == State::done) return true;
  buffer_.append(data);
  step();
  return state_ != State::failed;
}

bool HttpResponseParser::finish() {
  if (state_ == State::body_to_close) {
    state_ = State::done;
    return true;
  }
  if (state_ == State::done || state_ == State::failed) return state_ == State::done;
  if (state_ == State::head && buffer_.empty()) {
    return fail("the server closed the connection without a response");
  }
  return fail(state_ == State::head ? "the connection closed in the middle of the headers"
                                    : "the connection closed before the whole body arrived");
}

bool HttpResponseParser::single_content_length(std::optional<std::string>& length) {
  // RFC 9112, 6.3: several Content-Length values that differ leave the framing unknown (a
  // response smuggled inside another), so the response is refused; repeats of one value
  // ("42, 42", or the header twice) are that one value.
  const std::string key = "content-length:";
  std::size_t at = 0;
  while (at < headers_.size()) {
    const std::size_t end = headers_.find('\n', at);
    std::string_view line = std::string_view(headers_).substr(at, end - at);
    at = end + 1;
    if (line.substr(0, key.size()) != key) continue;
    std::string_view values = line.substr(key.size());
    while (!values.empty()) {
      const std::size_t comma = values.find(',');
      const std::string value(trim(values.substr(0, comma)));
      values = comma == std::string_view::npos ? std::string_view() : values.substr(comma + 1);
      if (!length) {
        length = value;
      } else if (*length != value) {
        return fail("two different Content-Length headers ('" + length->substr(0, 20) + "' and '" +
                    value.substr(0, 20) + "')");
      }
    }
  }
  return true;
}

bool HttpResponseParser::parse_head(std::string_view head) {
  // Status line: HTTP/1.x SP 3DIGIT SP reason
  const std::size_t line_end = head.find('\n');
  std::string_view status_line = trim(head.substr(0, line_end));
  if (status_line.substr(0, 7) != "HTTP/1." || status_line.size() < 12 || status_line[8] != ' ') {
    return fail("not an HTTP/1.x response (it starts '" + std::string(status_line.substr(0, 20)) +
                "')");
  }
  const std::string_view code = status_line.substr(9, 3);
  if (!parse_decimal(code) || (status_line.size() > 12 && status_line[12] != ' ')) {
    return fail("bad status line '" + std::string(status_line.substr(0, 40)) + "'");
  }
  status_ = static_cast<int>(*parse_decimal(code));
  if (status_ < 100 || status_ > 599) return fail("bad status code " + std::string(code));
  reason_ = status_line.size() > 13 ? std::string(status_line.substr(13)) : std::string();

  std::size_t at = line_end == std::string_view::npos ? head.size() : line_end + 1;
  while (at < head.size()) {
    const std::size_t end = head.find('\n', at);
    std::string_view line = trim(head.substr(at, end - at));
    at = end == std::string_view::npos ? head.size() : end + 1;
    if (line.empty()) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return fail("bad header line '" + std::string(line.substr(0, 40)) + "'");
    }
    headers_ += lower(trim(line.substr(0, colon)));
    headers_ += ':';
    headers_ += trim(line.substr(colon + 1));
    headers_ += '\n';
  }

  if (status_ < 200 && status_ != 101) {
    // An interim response (100 Continue): the real one follows.
    headers_.clear();
    return true;
  }
  const std::optional<std::string> encoding = header("transfer-encoding");
  std::optional<std::string> length;
  if (!single_content_length(length)) return false;
  if (status_ == 204 || status_ == 304) {
    state_ = State::done;
  } else if (encoding && lower(*encoding) != "identity") {
    if (lower(*encoding) != "chunked") {
      return fail("unsupported Transfer-Encoding '" + *encoding + "'");
    }
    state_ = State::chunk_size;
  } else if (length) {
    const std::optional<std::size_t> n = parse_decimal(*length);
    if (!n) return fail("bad Content-Length '" + *length + "'");
    if (*n > limits_.max_body) {
      return fail("the response is too large: Content-Length " + std::to_string(*n) +
                  " is above the limit of " + std::to_string(limits_.max_body) + " bytes");
    }
    remaining_ = *n;
    state_ = remaining_ == 0 ? State::done : State::body_length;
  } else {
    state_ = State::body_to_close;
  }
  return true;
}

bool HttpResponseParser::append_body(std::string_view data) {
  if (body_.size() + data.size() > limits_.max_body) {
    return fail("the response is too large: the body is above the limit of " +
                std::to_string(limits_.max_body) + " bytes");
  }
  body_.append(data);
  return true;
}

void HttpResponseParser::step() {
  std::size_t used = 0;
  const auto take_line = [&](std::string_view& line) {
    const std::size_t end = buffer_.find('\n', used);
    if (end == std::string::npos) return false;
    line = trim(std::string_view(buffer_).substr(used, end - used));
    used = end + 1;
    return true;
  };
  for (;;) {
    std::string_view rest = std::string_view(buffer_).substr(used);
    if (state_ == State::head) {
      // Known at the first bytes, not after 64 KiB of something else or at the close.
      constexpr std::string_view kVersion = "HTTP/1.";
      if (rest.substr(0, kVersion.size()) != kVersion.substr(0, rest.size())) {
        std::string start(rest.substr(0, std::min<std::size_t>(rest.find('\n'), 20)));
        while (!start.empty() && start.back() == '\r') start.pop_back();
        fail("not an HTTP/1.x response (it starts '" + start + "')");
        return;
      }
      // The head ends at its first blank line, however its lines end ("\r\n\r\n", "\n\n",
      // "\n\r\n"), so the verdict does not depend on how the bytes were split into reads. The
      // search starts where the last one stopped (less the 2 bytes that may begin the blank
      // line), so a head that trickles in is not scanned again on every read.
      std::size_t end = std::string_view::npos;
      std::size_t skip = 0;
      for (std::size_t at = rest.find('\n', head_scanned_); at != std::string_view::npos;
           at = rest.find('\n', at + 1)) {
        if (at + 1 < rest.size() && rest[at + 1] == '\n') {
          skip = 2;
        } else if (at + 2 < rest.size() && rest[at + 1] == '\r' && rest[at + 2] == '\n') {
          skip = 3;
        } else {
          continue;
        }
        end = at > 0 && rest[at - 1] == '\r' ? at - 1 : at;
        skip += at - end;
        break;
      }
      if (end == std::string_view::npos || end > limits_.max_head) {
        // Without its blank line yet, a head fails only once no blank line (4 bytes at most)
        // could still end it within the limit, as it would with all the bytes at once.
        if (rest.size() > limits_.max_head + 3 || end != std::string_view::npos) {
          fail("the response headers are above the limit of " + std::to_string(limits_.max_head) +
               " bytes");
          return;
        }
        head_scanned_ = rest.size() > 2 ? rest.size() - 2 : 0;
        break;
      }
      used += end + skip;
      head_scanned_ = 0;
      if (!parse_head(rest.substr(0, end))) return;
    } else if (state_ == State::body_length) {
      const std::size_t n = std::min(remaining_, rest.size());
      if (!append_body(rest.substr(0, n))) return;
      used += n;
      remaining_ -= n;
      if (remaining_ > 0) break;
      state_ = State::done;
    } else if (state_ == State::body_to_close) {
      if (!append_body(rest)) return;
      used += rest.size();
      break;
    } else if (state_ == State::chunk_size) {
      std::string_view line;
      if (!take_line(line)) {
        if (rest.size() > 1024) {
          fail("a chunk size line is too long");
          return;
        }
        break;
      }
      const std::string_view size_text = trim(line.substr(0, line.find(';')));
      const std::optional<std::size_t> size = parse_hex(size_text);
      if (!size) {
        fail("bad chunk size '" + std::string(size_text.substr(0, 20)) + "'");
        return;
      }
      if (body_.size() + *size > limits_.max_body) {
        fail("the response is too large: the body is above the limit of " +
             std::to_string(limits_.max_body) + " bytes");
        return;
      }
      remaining_ = *size;
      state_ = remaining_ == 0 ? State::trailers : State::chunk_data;
    } else if (state_ == State::chunk_data) {
      const std::size_t n = std::min(remaining_, rest.size());
      if (!append_body(rest.substr(0, n))) return;
      used += n;
      remaining_ -= n;
      if (remaining_ > 0) break;
      state_ = State::chunk_end;
    } else if (state_ == State::chunk_end) {
      // Byte by byte, so the verdict does not depend on how the bytes were split into reads.
      const std::size_t crlf = rest.substr(0, 1) == "\r" ? 1 : 0;
      if (rest.size() <= crlf) break;
      if (rest[crlf] != '\n') {
        fail("a chunk is longer than its size says (no CRLF after its data)");
        return;
      }
      used += crlf + 1;
      state_ = State::chunk_size;
    } else if (state_ == State::trailers) {
      // All trailer lines together count against the limit, each byte as it arrives, so the
      // verdict does not depend on how the bytes were split into reads.
      const std::size_t end = rest.find('\n');
      if (trailer_bytes_ + std::min(end, rest.size()) > limits_.max_head) {
        fail("the trailers are above the limit of " + std::to_string(limits_.max_head) + " bytes");
        return;
      }
      if (end == std::string_view::npos) break;
      trailer_bytes_ += end + 1;
      std::string_view line;
      take_line(line);
      if (line.empty()) state_ = State::done;
    } else {
      break;  // done or failed
    }
  }
  if (state_ == State::done) {
    buffer_.clear();
  } else if (state_ != State::failed) {
    buffer_.erase(0, used);
  }
}

}  // namespace asyncdemo
