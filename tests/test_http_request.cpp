#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/net/http_request.hpp"

using namespace asyncdemo;

TEST_CASE("parse_request reads a GET with its path and query") {
  const std::string text = "GET /cats/1?delay=200ms HTTP/1.1\r\nHost: x\r\n\r\nGET /next";
  RequestParse parse = parse_request(text);
  REQUIRE(parse.status == RequestParse::complete);
  CHECK(parse.request.method == "GET");
  CHECK(parse.request.target == "/cats/1?delay=200ms");
  CHECK(parse.request.path == "/cats/1");
  CHECK(parse.request.query == "delay=200ms");
  CHECK(parse.request.keep_alive);
  CHECK(text.substr(parse.consumed) == "GET /next");  // a pipelined request follows
}

TEST_CASE("parse_request waits for the end of the head") {
  CHECK(parse_request("GET / HTTP/1.1\r\nHost: x\r\n").status == RequestParse::incomplete);
  CHECK(parse_request("").status == RequestParse::incomplete);
}

TEST_CASE("parse_request follows Connection and the version for keep-alive") {
  CHECK_FALSE(parse_request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").request.keep_alive);
  CHECK_FALSE(parse_request("GET / HTTP/1.0\r\n\r\n").request.keep_alive);
  CHECK(parse_request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").request.keep_alive);
}

TEST_CASE("parse_request refuses oversized heads and too many headers") {
  RequestLimits limits;
  limits.max_head = 100;
  limits.max_headers = 3;
  RequestParse endless = parse_request("GET / HTTP/1.1\r\nX: " + std::string(200, 'a'), limits);
  CHECK(endless.status == RequestParse::invalid);
  CHECK(endless.error_status == 431);
  RequestParse many =
      parse_request("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits);
  CHECK(many.status == RequestParse::invalid);
  CHECK(many.error_status == 431);
}

TEST_CASE("parse_request refuses malformed requests, bodies and other versions") {
  CHECK(parse_request("GARBAGE\r\n\r\n").error_status == 400);
  CHECK(parse_request("get / HTTP/1.1\r\n\r\n").error_status == 400);
  CHECK(parse_request("GET / HTTP/2.0\r\n\r\n").error_status == 505);
  CHECK(parse_request("GET / HTTP/1.1\r\nbad header\r\n\r\n").error_status == 400);
  CHECK(parse_request("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").error_status == 501);
  CHECK(parse_request("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").status ==
        RequestParse::complete);
}

TEST_CASE("query_value finds a parameter, or says it is absent") {
  bool found = false;
  CHECK(query_value("a=1&delay=200ms", "delay", &found) == "200ms");
  CHECK(found);
  CHECK(query_value("a=1", "delay", &found).empty());
  CHECK_FALSE(found);
  CHECK(query_value("delay", "delay", &found).empty());
  CHECK(found);
}

TEST_CASE("parse_request counts every byte of the head against the limit, blank lines included") {
  RequestLimits limits;
  limits.max_head = 64;
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";  // 27 bytes
  const std::string fits = std::string(64 - head.size(), '\n') + head;
  CHECK(parse_request(fits, limits).status == RequestParse::complete);
  CHECK(parse_request(fits, limits).consumed == 64);
  const RequestParse over = parse_request("\n" + fits, limits);
  CHECK(over.status == RequestParse::invalid);
  CHECK(over.error_status == 431);
  CHECK(over.error == "the request head is above 64 bytes");
}

TEST_CASE("RequestReader refuses blank lines without end once they pass the head limit") {
  RequestReader reader;
  for (int i = 0; i < 4096; ++i) {
    reader.feed("\r\n");
    CHECK(reader.buffered() == 0);  // counted, never stored
  }
  CHECK(reader.next().status == RequestParse::incomplete);  // exactly 8 KiB so far
  reader.feed("\r\n");
  const RequestParse parse = reader.next();
  CHECK(parse.status == RequestParse::invalid);
  CHECK(parse.error_status == 431);
  reader.feed("GET / HTTP/1.1\r\n\r\n");  // nothing more is kept once it is invalid
  CHECK(reader.buffered() == 0);
  CHECK(reader.next().status == RequestParse::invalid);
}

TEST_CASE("RequestReader finds the same requests however the bytes are split") {
  const std::string text =
      "\r\nGET /cats/1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /cats/2 HTTP/1.1\nConnection: close\n\n"
      "GET /cats/3 HTTP/1.0\r\n\r\n";
  for (std::size_t piece :
       {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, text.size()}) {
    INFO("pieces of ", piece, " bytes");
    RequestReader reader;
    std::vector<std::string> paths;
    std::vector<bool> keep_alive;
    std::size_t consumed = 0;
    for (std::size_t at = 0; at < text.size(); at += piece) {
      reader.feed(std::string_view(text).substr(at, piece));
      for (RequestParse parse = reader.next(); parse.status == RequestParse::complete;
           parse = reader.next()) {
        paths.push_back(parse.request.path);
        keep_alive.push_back(parse.request.keep_alive);
        consumed += parse.consumed;
      }
    }
    CHECK(paths == std::vector<std::string>{"/cats/1", "/cats/2", "/cats/3"});
    CHECK(keep_alive == std::vector<bool>{true, false, false});
    CHECK(consumed == text.size());
    CHECK(reader.buffered() == 0);  // an idle connection holds no bytes
    CHECK_FALSE(reader.started());
  }
}

TEST_CASE("RequestReader says when a request has begun, blank lines aside") {
  RequestReader reader;
  reader.feed("\r\n\r\n");
  CHECK_FALSE(reader.started());
  reader.feed("GE");
  CHECK(reader.started());
  CHECK(reader.next().status == RequestParse::incomplete);
  CHECK(reader.buffered() == 2);
}

TEST_CASE("RequestReader keeps only the head under way within the limit") {
  RequestLimits limits;
  limits.max_head = 100;
  RequestReader reader(limits);
  reader.feed("GET / HTTP/1.1\r\nX: ");
  for (int i = 0; i < 80; ++i) reader.feed("a");
  CHECK(reader.next().status == RequestParse::incomplete);  // 99 bytes
  reader.feed("aa");
  const RequestParse parse = reader.next();
  CHECK(parse.status == RequestParse::invalid);
  CHECK(parse.error_status == 431);
  CHECK(reader.buffered() == 0);  // what it held goes once the head is refused
}
