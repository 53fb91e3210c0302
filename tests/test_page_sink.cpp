#include <doctest/doctest.h>

#include <sys/stat.h>

#include "asyncdemo/page/page_sink.hpp"
#include "support/storing_sink.hpp"
#include "support/temp_file.hpp"

using namespace asyncdemo;

TEST_CASE("the page appears whole once the last run is done, and not before") {
  testing::TempPath file("run.html");
  PageSink sink(PendingFile::create(file.path(), "--html").value(), PageRecorder::Source::trace,
                ClockKind::virtual_, 3);
  for (const StoredEvent& event :
       testing::virtual_events(testing::scenario_of({"one=1s", "two=2s"}))) {
    sink.write(event.view());
  }
  struct stat status {};
  CHECK(::stat(file.path().c_str(), &status) != 0);
  sink.finish();
  CHECK(sink.failure().empty());
  const std::string page = file.read();
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find(R"("tasks":["one","two"])") != std::string::npos);
  CHECK(page.rfind("</html>\n") == page.size() - 8);
}
