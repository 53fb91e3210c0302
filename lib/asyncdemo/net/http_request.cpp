#include "asyncdemo/net/http_request.hpp"

#include <cctype>

namespace asyncdemo {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool equal_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

RequestParse invalid(int status, std::string error) {
  RequestParse parse;
  parse.status = RequestParse::invalid;
  parse.error_status = status;
  parse.error = std::move(error);
  return parse;
}

RequestParse too_large(const RequestLimits& limits) {
  return invalid(431, "the request head is above " + std::to_string(limits.max_head) + " bytes");
}

// The request line and headers of a complete head (without the empty line that ends it).
RequestParse parse_head(std::string_view head, const RequestLimits& limits) {
  RequestParse parse;
  const std::size_t line_end = head.find('\n');
  std::string_view line = trim(head.substr(0, line_end));
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return invalid(400, "bad request line");
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (method.empty() || target.empty() || target.find(' ') != std::string_view::npos) {
    return invalid(400, "bad request line");
  }
  for (char c : method) {
    if (std::isupper(static_cast<unsigned char>(c)) == 0) return invalid(400, "bad method");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    return invalid(505, "unsupported version '" + std::string(version.substr(0, 16)) + "'");
  }
  for (char c : target) {
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f) return invalid(400, "bad target");
  }
  HttpRequest& request = parse.request;
  request.method = std::string(method);
  request.target = std::string(target);
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  request.query =
      question == std::string_view::npos ? "" : std::string(target.substr(question + 1));
  request.keep_alive = version == "HTTP/1.1";

  std::size_t headers = 0;
  std::size_t at = line_end == std::string_view::npos ? head.size() : line_end + 1;
  while (at < head.size()) {
    const std::size_t next = head.find('\n', at);
    std::string_view header = trim(head.substr(at, next - at));
    at = next == std::string_view::npos ? head.size() : next + 1;
    if (header.empty()) continue;
    if (++headers > limits.max_headers) {
      return invalid(431, "more than " + std::to_string(limits.max_headers) + " headers");
    }
    const std::size_t colon = header.find(':');
    if (colon == std::string_view::npos || colon == 0) return invalid(400, "bad header line");
    std::string_view name = trim(header.substr(0, colon));
    std::string_view value = trim(header.substr(colon + 1));
    if (equal_ci(name, "connection")) {
      if (equal_ci(value, "close")) request.keep_alive = false;
      if (equal_ci(value, "keep-alive")) request.keep_alive = true;
    } else if (equal_ci(name, "transfer-encoding") ||
               (equal_ci(name, "content-length") && value != "0")) {
      return invalid(501, "request bodies are not supported");
    }
  }
  parse.status = RequestParse::complete;
  return parse;
}

}  // namespace

void RequestReader::feed(std::string_view data) {
  if (failed_.status == RequestParse::invalid)
    return;  // the connection is ending: nothing more is kept
  buffer_.append(data);
  if (!in_head_) skip_blank_lines();
}

void RequestReader::skip_blank_lines() {
  std::size_t blank = 0;
  while (blank < buffer_.size() && (buffer_[blank] == '\r' || buffer_[blank] == '\n')) ++blank;
  blank_ += blank;
  buffer_.erase(0, blank);
  in_head_ = !buffer_.empty();
}

RequestParse RequestReader::fail(RequestParse invalid) {
  failed_ = std::move(invalid);
  std::string().swap(buffer_);
  return failed_;
}

RequestParse RequestReader::next() {
  if (failed_.status == RequestParse::invalid) return failed_;
  if (blank_ > limits_.max_head) return fail(too_large(limits_));
  if (!in_head_) return {};
  // The head ends at an empty line: "\r\n\r\n", or bare "\n\n" from a lenient client.
  for (; scanned_ < buffer_.size(); ++scanned_) {
    if (blank_ + scanned_ >= limits_.max_head) return fail(too_large(limits_));
    if (buffer_[scanned_] != '\n') continue;
    const std::size_t line_length = scanned_ - line_start_;
    if (line_length == 0 || (line_length == 1 && buffer_[line_start_] == '\r')) {
      RequestParse parse = parse_head(std::string_view(buffer_).substr(0, line_start_), limits_);
      if (parse.status == RequestParse::invalid) return fail(std::move(parse));
      parse.consumed = blank_ + scanned_ + 1;
      buffer_.erase(0, scanned_ + 1);
      blank_ = 0;
      scanned_ = 0;
      line_start_ = 0;
      skip_blank_lines();
      if (buffer_.empty()) std::string().swap(buffer_);  // an idle connection holds nothing
      return parse;
    }
    line_start_ = scanned_ + 1;
  }
  return {};
}

RequestParse parse_request(std::string_view received, RequestLimits limits) {
  RequestReader reader(limits);
  reader.feed(received);
  return reader.next();
}

std::string_view query_value(std::string_view query, std::string_view name, bool* found) {
  *found = false;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      *found = true;
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
  }
  return {};
}

}  // namespace asyncdemo
