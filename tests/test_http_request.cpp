#include <doctest/doctest.h>

#include <string>

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
