#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace asyncdemo {

// What went wrong with something the user gave us, in words the user can act on.
// `where` names the input (a task spec, a file line, an option), `problem` names the bad token,
// `expected` says what would have been accepted.
struct Error {
  std::string where;
  std::string problem;
  std::string expected;

  // "where: problem; expected ..." on one line.
  std::string message() const;
  // The same error seen from an enclosing input, e.g. a file line around a task spec.
  Error within(std::string_view outer) const;
};

// A value or the Error that prevented it. Errors are values so that parsers can be tested
// without exceptions and the top level alone decides how to report them.
template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace asyncdemo
