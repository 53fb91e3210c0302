#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/scenario/declarations.hpp"

using namespace asyncdemo;
using Texts = std::vector<std::string>;

namespace {

std::string error_of(const Texts& limits, const Texts& queues = {}, const Texts& events = {}) {
  const Result<Declarations> parsed = parse_declarations(limits, queues, events);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error().message();
}

const std::string kLimitForm =
    "expected NAME=N, a name and how many tasks may hold it at once (1 to 1000000000), like "
    "--limit db=2; or N alone, for at most N tasks at a time, like --limit 10";
const std::string kQueueForm =
    "expected NAME=MAXSIZE, a name and how many items the queue holds at most (0: no limit), "
    "like --queue jobs=5";

}  // namespace

TEST_CASE("--limit NAME=N declares a limit of N slots, and the limits keep the order given") {
  const Result<Declarations> parsed = parse_declarations({"db=1", "pool=10"}, {}, {});
  REQUIRE(parsed.ok());
  REQUIRE(parsed->limits.size() == 2);
  CHECK(parsed->limits[0].name == "db");
  CHECK(parsed->limits[0].size == 1);
  CHECK(parsed->limits[1].name == "pool");
  CHECK(parsed->limits[1].size == 10);
  REQUIRE(parsed->limit("pool") != nullptr);
  CHECK(parsed->limit("pool")->size == 10);
  CHECK(parsed->limit("cache") == nullptr);
  CHECK_FALSE(parsed->every_task.has_value());
}

TEST_CASE("--limit N without a name bounds every task, beside the named limits") {
  const Result<Declarations> parsed = parse_declarations({"db=2", "3"}, {}, {});
  REQUIRE(parsed.ok());
  CHECK(parsed->every_task == std::optional<std::size_t>(3));
  CHECK(parsed->limits.size() == 1);
  const Result<Declarations> most = parse_declarations({"1000000000"}, {}, {});
  REQUIRE(most.ok());
  CHECK(most->every_task == std::optional<std::size_t>(1'000'000'000));
}

TEST_CASE("--queue NAME=MAXSIZE declares a queue, 0 being unbounded") {
  const Result<Declarations> parsed = parse_declarations({}, {"jobs=0", "results=5"}, {});
  REQUIRE(parsed.ok());
  REQUIRE(parsed->queue("jobs") != nullptr);
  CHECK(parsed->queue("jobs")->maxsize == 0);
  REQUIRE(parsed->queue("results") != nullptr);
  CHECK(parsed->queue("results")->maxsize == 5);
  CHECK(parsed->queue("db") == nullptr);
}

TEST_CASE("--event NAME declares an event") {
  const Result<Declarations> parsed = parse_declarations({}, {}, {"go", "done_2"});
  REQUIRE(parsed.ok());
  CHECK(parsed->has_event("go"));
  CHECK(parsed->has_event("done_2"));
  CHECK_FALSE(parsed->has_event("stop"));
}

TEST_CASE("one name may be a limit, a queue and an event at once, each its own kind") {
  const Result<Declarations> parsed = parse_declarations({"x=1"}, {"x=1"}, {"x"});
  REQUIRE(parsed.ok());
  CHECK(parsed->limit("x") != nullptr);
  CHECK(parsed->queue("x") != nullptr);
  CHECK(parsed->has_event("x"));
}

TEST_CASE("a bad --limit is refused naming the token and the form expected") {
  CHECK(error_of({"db=0"}) == "--limit: 'db=0' does not end in a number from 1; " + kLimitForm);
  CHECK(error_of({"db=x"}) == "--limit: 'db=x' does not end in a number from 1; " + kLimitForm);
  CHECK(error_of({"db="}) == "--limit: 'db=' does not end in a number from 1; " + kLimitForm);
  CHECK(error_of({"db=1000000001"}) ==
        "--limit: 'db=1000000001' does not end in a number from 1; " + kLimitForm);
  CHECK(error_of({"db=99999999999999999999"}) ==
        "--limit: 'db=99999999999999999999' does not end in a number from 1; " + kLimitForm);
  CHECK(error_of({"db=-1"}) == "--limit: 'db=-1' does not end in a number from 1; " + kLimitForm);
  CHECK(error_of({"=2"}) == "--limit: '=2' does not start with a name; " + kLimitForm);
  CHECK(error_of({"d b=2"}) == "--limit: 'd b=2' does not start with a name; " + kLimitForm);
  CHECK(error_of({"0"}) == "--limit: '0' is not a number of tasks; " + kLimitForm);
  CHECK(error_of({"db"}) == "--limit: 'db' is not a number of tasks; " + kLimitForm);
  CHECK(error_of({""}) == "--limit: '' is not a number of tasks; " + kLimitForm);
  CHECK(error_of({"2", "3"}) == "--limit: '3' is a second limit on every task; " + kLimitForm);
  CHECK(error_of({"db=1", "db=2"}) ==
        "--limit: 'db=2' declares 'db' a second time; expected one --limit per name");
}

TEST_CASE("a bad --queue is refused naming the token and the form expected") {
  CHECK(error_of({}, {"jobs"}) == "--queue: 'jobs' is not NAME=MAXSIZE; " + kQueueForm);
  CHECK(error_of({}, {"=3"}) == "--queue: '=3' is not NAME=MAXSIZE; " + kQueueForm);
  CHECK(error_of({}, {"jobs=-1"}) ==
        "--queue: 'jobs=-1' does not end in a number from 0; " + kQueueForm);
  CHECK(error_of({}, {"jobs=lots"}) ==
        "--queue: 'jobs=lots' does not end in a number from 0; " + kQueueForm);
  CHECK(error_of({}, {"jobs=1", "jobs=2"}) ==
        "--queue: 'jobs=2' declares 'jobs' a second time; expected one --queue per name");
}

TEST_CASE("a bad --event is refused naming the token") {
  CHECK(error_of({}, {}, {"a b"}) ==
        "--event: 'a b' is not a name; expected a name of letters, digits, '_' and '-', like "
        "--event go");
  CHECK(error_of({}, {}, {""}) ==
        "--event: '' is not a name; expected a name of letters, digits, '_' and '-', like "
        "--event go");
  CHECK(error_of({}, {}, {"go", "go"}) ==
        "--event: 'go' is declared a second time; expected one --event per name");
}

TEST_CASE("a name is letters, digits, '_' and '-', and not empty") {
  CHECK(is_name("db"));
  CHECK(is_name("Jobs_2-b"));
  CHECK(is_name("7"));
  CHECK_FALSE(is_name(""));
  CHECK_FALSE(is_name("a.b"));
  CHECK_FALSE(is_name("a=b"));
  CHECK_FALSE(is_name("a,b"));
  CHECK_FALSE(is_name("é"));
}
