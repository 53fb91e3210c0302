#include "asyncdemo/pictures/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

namespace asyncdemo {

std::size_t terminal_columns(int fd, const char* columns_env) {
  winsize size{};
  if (::isatty(fd) == 1 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (columns_env != nullptr && *columns_env != '\0') {
    char* end = nullptr;
    const long columns = std::strtol(columns_env, &end, 10);
    if (*end == '\0' && columns > 0 && columns < 10'000) return static_cast<std::size_t>(columns);
  }
  return 80;
}

bool utf8_locale(const char* lc_all, const char* lc_ctype, const char* lang) {
  const char* name = nullptr;
  for (const char* candidate : {lc_all, lc_ctype, lang}) {
    if (candidate != nullptr && *candidate != '\0') {
      name = candidate;
      break;
    }
  }
  if (name == nullptr) return false;  // the C locale: ASCII
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
}

}  // namespace asyncdemo
