#include "asyncdemo/core/pending_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace asyncdemo {

Result<PendingFile> PendingFile::create(const std::string& path, std::string_view option) {
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode)) {
    return Error{std::string(option), "cannot write '" + path + "': it is a folder",
                 "a file path, like " + (path.ends_with('/') ? path : path + "/") + "picture.svg"};
  }
  std::string temp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    return Error{std::string(option), "cannot write '" + path + "': " + std::strerror(errno),
                 "a file path in a writable folder"};
  }
  // mkstemp makes the file private (0600); give it the permissions any new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  return PendingFile(path, std::move(temp), fd, std::string(option));
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : path_(std::move(other.path_)),
      temp_(std::move(other.temp_)),
      fd_(other.fd_),
      option_(std::move(other.option_)) {
  other.fd_ = -1;
  other.temp_.clear();
}

PendingFile::~PendingFile() {
  discard();
}

void PendingFile::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

std::optional<Error> PendingFile::commit(std::string_view content) {
  const auto failed = [&](const char* doing) {
    Error error{option_,
                std::string("cannot ") + doing + " '" + path_ + "': " + std::strerror(errno),
                "a file path in a writable folder"};
    discard();
    return error;
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd_, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed("write");
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    return failed("write");
  }
  fd_ = -1;
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) return failed("write");
  temp_.clear();
  return std::nullopt;
}

}  // namespace asyncdemo
