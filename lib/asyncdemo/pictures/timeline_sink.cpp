#include "asyncdemo/pictures/timeline_sink.hpp"

namespace asyncdemo {

void TimelineSink::finish() {
  if (recorder_.runs().empty()) return;
  if (blank_line_first_) out_.write_line("");
  for (const std::string& line : draw_timeline(recorder_.runs(), style_)) out_.write_line(line);
  out_.flush();
}

}  // namespace asyncdemo
