#include <doctest/doctest.h>

#include "asyncdemo/server/cat_api.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

Reply get(const std::string& target, const std::string& method = "GET") {
  RequestParse parse = parse_request(method + " " + target + " HTTP/1.1\r\n\r\n");
  REQUIRE(parse.status == RequestParse::complete);
  return route(parse.request);
}

}  // namespace

TEST_CASE("route answers a cat after 500ms by default") {
  const Reply reply = get("/cats/1");
  CHECK(reply.status == 200);
  CHECK(reply.delay == 500ms);
  CHECK(reply.body == "{\"id\":1,\"name\":\"Tom\",\"breed\":\"Siamese\",\"age\":8}\n");
}

TEST_CASE("route waits as long as ?delay= says") {
  CHECK(get("/cats/2?delay=200ms").delay == 200ms);
  CHECK(get("/cats/2?delay=0").delay == 0ms);
  CHECK(get("/cats/2?delay=soon").status == 400);
  CHECK(get("/cats/2?delay=11m").status == 400);
}

TEST_CASE("route answers /delay/DURATION after that long") {
  const Reply reply = get("/delay/1.5s");
  CHECK(reply.status == 200);
  CHECK(reply.delay == 1500ms);
  CHECK(reply.body == "{\"delayed\":1.500}\n");
  CHECK(get("/delay/x").status == 400);
}

TEST_CASE("route answers anything else with a JSON 404 at once") {
  const Reply reply = get("/dogs/1");
  CHECK(reply.status == 404);
  CHECK(reply.delay == 0ms);
  CHECK(reply.body == "{\"error\":\"no such page: /dogs/1\",\"status\":404}\n");
  CHECK(get("/cats/0").status == 404);
  CHECK(get("/cats/abc").status == 404);
  CHECK(get("/cats/").status == 404);
  CHECK(get("/cats/1", "DELETE").status == 405);
}

TEST_CASE("status_text names the statuses the server uses") {
  CHECK(std::string(status_text(200)) == "OK");
  CHECK(std::string(status_text(404)) == "Not Found");
  CHECK(std::string(status_text(431)) == "Request Header Fields Too Large");
  CHECK(std::string(status_text(408)) == "Request Timeout");
  CHECK(std::string(status_text(503)) == "Service Unavailable");
}
