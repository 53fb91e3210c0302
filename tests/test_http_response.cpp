#include <doctest/doctest.h>

#include <string>

#include "asyncdemo/net/http_response.hpp"

using namespace asyncdemo;

namespace {

// Feeds `text` one byte at a time, as the slowest network would deliver it.
bool feed_bytewise(HttpResponseParser& parser, const std::string& text) {
  for (char c : text) {
    if (!parser.feed(std::string_view(&c, 1))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a response with Content-Length is done after that many bytes") {
  HttpResponseParser parser;
  CHECK(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhel"));
  CHECK(parser.head_complete());
  CHECK_FALSE(parser.done());
  CHECK(parser.feed("lo"));
  CHECK(parser.done());
  CHECK(parser.status() == 200);
  CHECK(parser.reason() == "OK");
  CHECK(parser.body() == "hello");
  CHECK(parser.header("x-a") == "b");
  CHECK(parser.header("CONTENT-LENGTH") == "5");
}

TEST_CASE("a chunked response is decoded, whatever the bytes are split into") {
  const std::string text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
  HttpResponseParser whole;
  CHECK(whole.feed(text));
  CHECK(whole.done());
  CHECK(whole.body() == "hello world");
  HttpResponseParser bytewise;
  CHECK(feed_bytewise(bytewise, text));
  CHECK(bytewise.done());
  CHECK(bytewise.body() == "hello world");
}

TEST_CASE("a response without a length ends with the connection") {
  HttpResponseParser parser;
  CHECK(parser.feed("HTTP/1.0 200 OK\r\n\r\nsome"));
  CHECK(parser.feed(" body"));
  CHECK_FALSE(parser.done());
  CHECK(parser.finish());
  CHECK(parser.done());
  CHECK(parser.body() == "some body");
}

TEST_CASE("a 204 has no body and an interim 100 Continue is skipped") {
  HttpResponseParser no_content;
  CHECK(no_content.feed("HTTP/1.1 204 No Content\r\n\r\n"));
  CHECK(no_content.done());
  HttpResponseParser interim;
  CHECK(interim.feed(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}"));
  CHECK(interim.done());
  CHECK(interim.status() == 404);
  CHECK(interim.body() == "{}");
}

TEST_CASE("a response that is not HTTP is refused") {
  HttpResponseParser parser;
  CHECK_FALSE(parser.feed("SPAM SPAM\r\n\r\n"));
  CHECK(parser.failed());
  CHECK(parser.error().find("not an HTTP/1.x response") != std::string::npos);
  HttpResponseParser bad_status;
  CHECK_FALSE(bad_status.feed("HTTP/1.1 2x0 OK\r\n\r\n"));
  HttpResponseParser bad_header;
  CHECK_FALSE(bad_header.feed("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"));
  HttpResponseParser bad_length;
  CHECK_FALSE(bad_length.feed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"));
  HttpResponseParser bad_chunk;
  CHECK_FALSE(bad_chunk.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
  HttpResponseParser long_chunk;
  CHECK_FALSE(long_chunk.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n"));
  HttpResponseParser gzip;
  CHECK_FALSE(gzip.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"));
}

TEST_CASE("a response cut short by the end of the connection is an error") {
  HttpResponseParser nothing;
  CHECK_FALSE(nothing.finish());
  CHECK(nothing.error().find("without a response") != std::string::npos);
  HttpResponseParser headers;
  CHECK(headers.feed("HTTP/1.1 200 OK\r\nContent-"));
  CHECK_FALSE(headers.finish());
  HttpResponseParser body;
  CHECK(body.feed("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello"));
  CHECK_FALSE(body.finish());
  CHECK(body.error().find("before the whole body") != std::string::npos);
}

TEST_CASE("a body above the cap is refused, whether announced or sent") {
  ResponseLimits limits;
  limits.max_body = 10;
  HttpResponseParser announced(limits);
  CHECK_FALSE(announced.feed("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n"));
  CHECK(announced.error().find("too large") != std::string::npos);
  HttpResponseParser streamed(limits);
  CHECK(streamed.feed("HTTP/1.1 200 OK\r\n\r\n0123456789"));
  CHECK_FALSE(streamed.feed("x"));
  HttpResponseParser chunked(limits);
  CHECK_FALSE(chunked.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n"));
  CHECK(ResponseLimits{}.max_body == 8u * 1024 * 1024);
}

TEST_CASE("headers above the cap are refused before they end") {
  ResponseLimits limits;
  limits.max_head = 64;
  HttpResponseParser parser(limits);
  CHECK_FALSE(parser.feed("HTTP/1.1 200 OK\r\nX: " + std::string(100, 'a')));
  CHECK(parser.error().find("headers are above") != std::string::npos);
}

TEST_CASE("two different Content-Length headers are refused, repeats of one value are that value") {
  HttpResponseParser differ;
  CHECK_FALSE(
      differ.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello"));
  CHECK(differ.error() == "two different Content-Length headers ('5' and '7')");
  HttpResponseParser listed;
  CHECK_FALSE(listed.feed("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello"));
  CHECK(listed.error() == "two different Content-Length headers ('5' and '6')");
  HttpResponseParser repeated;
  CHECK(repeated.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 5, 5\r\n\r\nhello"));
  CHECK(repeated.done());
  CHECK(repeated.body() == "hello");
}

TEST_CASE("a reply with no status line is not an HTTP/1.x response, known at its first bytes") {
  HttpResponseParser body_only;
  CHECK_FALSE(body_only.feed("{\"id\": 1}"));  // no blank line ever comes: refused at once
  CHECK(body_only.error() == "not an HTTP/1.x response (it starts '{\"id\": 1}')");
  HttpResponseParser headers_only;
  CHECK_FALSE(headers_only.feed("Content-Length: 2\r\n\r\n{}"));
  CHECK(headers_only.error() == "not an HTTP/1.x response (it starts 'Content-Length: 2')");
  HttpResponseParser blank;
  CHECK_FALSE(blank.feed("\r\n\r\n"));
  CHECK(blank.error() == "not an HTTP/1.x response (it starts '')");
  HttpResponseParser http2;
  CHECK_FALSE(feed_bytewise(http2, "HTTP/2 200\r\n\r\n"));
  CHECK(http2.error().find("not an HTTP/1.x response") == 0);
  HttpResponseParser partial;  // a prefix of a status line waits for more
  CHECK(feed_bytewise(partial, "HTTP/1"));
  CHECK_FALSE(partial.finish());
  CHECK(partial.error() == "the connection closed in the middle of the headers");
}

TEST_CASE("a head that trickles in byte by byte is parsed once it ends") {
  const std::string head =
      "HTTP/1.1 200 OK\r\nX-Long: " + std::string(30000, 'a') + "\r\nContent-Length: 2\r\n\r\nok";
  HttpResponseParser parser;
  CHECK(feed_bytewise(parser, head));
  CHECK(parser.done());
  CHECK(parser.body() == "ok");
  CHECK(parser.header("x-long")->size() == 30000);
}
