#include <doctest/doctest.h>

#include "asyncdemo/net/url.hpp"

using namespace asyncdemo;

TEST_CASE("parse_url takes host, port and target apart") {
  Result<Url> url = parse_url("http://127.0.0.1:8080/cats/1?delay=200ms");
  REQUIRE(url.ok());
  CHECK(url->host == "127.0.0.1");
  CHECK(url->port == 8080);
  CHECK(url->target == "/cats/1?delay=200ms");
  CHECK(url->authority() == "127.0.0.1:8080");
  CHECK(url->text == "http://127.0.0.1:8080/cats/1?delay=200ms");
}

TEST_CASE("parse_url defaults to port 80 and the target /") {
  Result<Url> url = parse_url("HTTP://localhost");
  REQUIRE(url.ok());
  CHECK(url->host == "localhost");
  CHECK(url->port == 80);
  CHECK(url->target == "/");
  CHECK(parse_url("http://example.test?x=1")->target == "/?x=1");
}

TEST_CASE("parse_url accepts an IPv6 literal in brackets") {
  Result<Url> url = parse_url("http://[::1]:9000/a");
  REQUIRE(url.ok());
  CHECK(url->host == "::1");
  CHECK(url->port == 9000);
  CHECK(url->authority() == "[::1]:9000");
}

TEST_CASE("parse_url drops a fragment, which is never sent") {
  CHECK(parse_url("http://h/a#top")->target == "/a");
}

TEST_CASE("parse_url refuses https, saying TLS is not supported") {
  Result<Url> url = parse_url("https://example.com/");
  REQUIRE_FALSE(url.ok());
  CHECK(url.error().message().find("https is not supported") != std::string::npos);
  CHECK(url.error().message().find("no TLS") != std::string::npos);
}

TEST_CASE("parse_url refuses malformed URLs with the reason") {
  const auto problem = [](const char* text) {
    Result<Url> url = parse_url(text);
    REQUIRE_FALSE(url.ok());
    return url.error().problem;
  };
  CHECK(problem("ftp://h/").find("not an http:// URL") != std::string::npos);
  CHECK(problem("http://").find("no host") != std::string::npos);
  CHECK(problem("http://h:/").find("no port") != std::string::npos);
  CHECK(problem("http://h:99999/").find("above 65535") != std::string::npos);
  CHECK(problem("http://h:0/").find("port 0") != std::string::npos);
  CHECK(problem("http://h:8x/").find("bad port") != std::string::npos);
  CHECK(problem("http://user@h/").find("user info") != std::string::npos);
  CHECK(problem("http://h/a b").find("spaces") != std::string::npos);
  CHECK(problem("http://h%41/").find("bad character") != std::string::npos);
  CHECK(problem("http://[::1/").find("unclosed") != std::string::npos);
}
