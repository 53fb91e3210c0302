#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "asyncdemo/core/result.hpp"

namespace asyncdemo {

// A file that appears whole or not at all: created as a temporary file beside `path` before
// anything runs (so an unwritable folder is reported first), filled and renamed over `path` by
// commit(). Dropped without commit(), it leaves nothing behind.
class PendingFile {
 public:
  // `option` names the option that gave the path, for the error.
  static Result<PendingFile> create(const std::string& path, std::string_view option);
  PendingFile(PendingFile&& other) noexcept;
  PendingFile& operator=(PendingFile&&) = delete;
  PendingFile(const PendingFile&) = delete;
  ~PendingFile();

  // Writes `content` and renames the file into place; an error leaves no file.
  std::optional<Error> commit(std::string_view content);
  const std::string& path() const { return path_; }

 private:
  PendingFile(std::string path, std::string temp, int fd, std::string option)
      : path_(std::move(path)), temp_(std::move(temp)), fd_(fd), option_(std::move(option)) {}
  void discard();

  std::string path_;
  std::string temp_;
  int fd_ = -1;
  std::string option_;
};

}  // namespace asyncdemo
