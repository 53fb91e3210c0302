#include "asyncdemo/scenario/task_spec_text.hpp"

namespace asyncdemo {

std::string task_spec_text(const TaskSpec& task) {
  std::string text = task.name;
  if (task.copies != 0) text += "*" + std::to_string(task.copies);
  text += '=';
  for (std::size_t i = 0; i < task.steps->size(); ++i) {
    if (i > 0) text += ',';
    const std::string spec = (*task.steps)[i]->spec();
    // The kind never holds a comma or a backslash; only what follows its colon is escaped.
    const std::size_t colon = spec.find(':');
    text += spec.substr(0, colon == std::string::npos ? spec.size() : colon + 1);
    if (colon == std::string::npos) continue;
    for (char c : std::string_view(spec).substr(colon + 1)) {
      if (c == ',' || c == '\\') text += '\\';
      text += c;
    }
  }
  return text;
}

}  // namespace asyncdemo
