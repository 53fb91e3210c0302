#include "asyncdemo/core/result.hpp"

namespace asyncdemo {

std::string Error::message() const {
  std::string text;
  if (!where.empty()) text += where + ": ";
  text += problem;
  if (!expected.empty()) text += "; expected " + expected;
  return text;
}

Error Error::within(std::string_view outer) const {
  Error wrapped = *this;
  wrapped.where = where.empty() ? std::string(outer) : std::string(outer) + ": " + where;
  return wrapped;
}

}  // namespace asyncdemo
