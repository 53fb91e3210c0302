#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "asyncdemo/core/result.hpp"

namespace asyncdemo {

// A file that appears whole or not at all: created as a temporary file beside `path` before
// anything runs (so an unwritable folder is reported first), filled and renamed over `path` by
// commit(). Dropped without commit(), it leaves nothing behind.
//
// Only a regular file is ever replaced. A symbolic link is followed, so that its target is
// replaced and the link stays; a device or a FIFO (or a link to one) is opened now and written
// in place at commit(), as -o writes; "-" is standard output.
class PendingFile {
 public:
  // `option` names the option that gave the path, for the error.
  static Result<PendingFile> create(const std::string& path, std::string_view option);
  PendingFile(PendingFile&& other) noexcept;
  PendingFile& operator=(PendingFile&&) = delete;
  PendingFile(const PendingFile&) = delete;
  ~PendingFile();

  // Writes `content` and, for a regular file, renames it into place; an error leaves no file
  // behind (a device or a FIFO keeps what was written).
  std::optional<Error> commit(std::string_view content);
  const std::string& path() const { return path_; }
  // True for standard output, a device or a FIFO: written where it is, never renamed over.
  bool in_place() const { return temp_.empty() && fd_ >= 0; }

 private:
  PendingFile(std::string path, std::string target, std::string temp, int fd, bool owns_fd,
              std::string option)
      : path_(std::move(path)),
        target_(std::move(target)),
        temp_(std::move(temp)),
        fd_(fd),
        owns_fd_(owns_fd),
        option_(std::move(option)) {}
  void discard();

  std::string path_;    // as given
  std::string target_;  // what the rename replaces: path_, or the file a link points to
  std::string temp_;    // empty when written in place
  int fd_ = -1;
  bool owns_fd_ = true;
  std::string option_;
};

}  // namespace asyncdemo
