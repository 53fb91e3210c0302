#include "asyncdemo/pictures/svg_sink.hpp"

#include "asyncdemo/pictures/svg_timeline.hpp"

namespace asyncdemo {

void SvgSink::finish() {
  if (std::optional<Error> error = file_.commit(draw_svg(recorder_.runs()))) {
    failure_ = error->message();
  }
}

}  // namespace asyncdemo
