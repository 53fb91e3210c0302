#include <doctest/doctest.h>

#include "asyncdemo/scenario/task_names.hpp"
#include "asyncdemo/scenario/task_spec.hpp"

using namespace asyncdemo;

namespace {

std::optional<std::string> shared(std::initializer_list<const char*> specs) {
  std::vector<TaskSpec> tasks;
  for (const char* spec : specs) tasks.push_back(parse_task_spec(spec).value());
  return first_shared_name(tasks);
}

}  // namespace

TEST_CASE("first_shared_name finds a name given twice") {
  CHECK(shared({"a=1s", "b=1s"}) == std::nullopt);
  CHECK(shared({"a=1s", "b=1s", "a=2s"}) == "a");
  CHECK(shared({"w*3=1s", "w*5=1s"}) == "w1");
}

TEST_CASE("first_shared_name finds a single task named like a numbered copy") {
  CHECK(shared({"w*30=1s", "w12=1s"}) == "w12");
  CHECK(shared({"w*30=1s", "w30=1s"}) == "w30");
  CHECK(shared({"w*30=1s", "w31=1s"}) == std::nullopt);
  CHECK(shared({"w*30=1s", "w0=1s"}) == std::nullopt);
  CHECK(shared({"w*30=1s", "w01=1s"}) == std::nullopt);
  CHECK(shared({"w1*5=1s", "w12=1s"}) == "w12");
  CHECK(shared({"w*9=1s", "w1*5=1s", "w=1s", "w1=1s"}) == "w1");
}

TEST_CASE("first_shared_name finds numbered groups whose copies meet") {
  CHECK(shared({"w*30=1s", "w1*3=1s"}) == "w11");
  CHECK(shared({"w*10=1s", "w1*3=1s"}) == std::nullopt);
  CHECK(shared({"w*1000000=1s", "w99*5=1s"}) == "w991");
  CHECK(shared({"a*1000000=1s", "b*1000000=1s"}) == std::nullopt);
}
