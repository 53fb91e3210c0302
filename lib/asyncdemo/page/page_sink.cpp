#include "asyncdemo/page/page_sink.hpp"

#include "asyncdemo/page/page_html.hpp"

namespace asyncdemo {

void PageSink::finish() {
  if (std::optional<Error> error = file_.commit(page_html(recorder_.json()))) {
    failure_ = error->message();
  }
}

}  // namespace asyncdemo
