#include "asyncdemo/core/pending_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace asyncdemo {
namespace {

constexpr const char* kWritableFolder = "a file path in a writable folder";

Error cannot_write(std::string_view option, const std::string& path, int error) {
  return Error{std::string(option), "cannot write '" + path + "': " + std::strerror(error),
               kWritableFolder};
}

Error is_folder(std::string_view option, const std::string& path) {
  return Error{std::string(option), "cannot write '" + path + "': it is a folder",
               "a file path, like " + (path.ends_with('/') ? path : path + "/") + "picture.svg"};
}

}  // namespace

Result<PendingFile> PendingFile::create(const std::string& path, std::string_view option) {
  if (path.empty()) {
    return Error{std::string(option), "empty path", "a file name, or - for standard output"};
  }
  if (path == "-") return PendingFile(path, path, "", STDOUT_FILENO, false, std::string(option));

  // What is at the path decides: nothing or a regular file is replaced by a rename; a link is
  // followed to what it points to; anything else is written where it is.
  std::string target = path;
  struct stat status {};
  bool exists = ::lstat(path.c_str(), &status) == 0;
  if (!exists && errno != ENOENT) return cannot_write(option, path, errno);
  if (exists && S_ISLNK(status.st_mode)) {
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) != nullptr) {
      target = resolved;
      exists = ::stat(target.c_str(), &status) == 0;
      if (!exists) return cannot_write(option, path, errno);
    } else if (errno == ENOENT) {
      exists = false;  // a dangling link: written through, which creates what it points to
    } else {
      return cannot_write(option, path, errno);
    }
    if (!exists || !S_ISREG(status.st_mode)) {
      if (exists && S_ISDIR(status.st_mode)) return is_folder(option, path);
      const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
      if (fd < 0) return cannot_write(option, path, errno);
      return PendingFile(path, path, "", fd, true, std::string(option));
    }
  }
  if (exists && S_ISDIR(status.st_mode)) return is_folder(option, path);
  if (exists && !S_ISREG(status.st_mode)) {
    // A device or a FIFO (which blocks here until a reader comes, as -o does).
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return cannot_write(option, path, errno);
    return PendingFile(path, path, "", fd, true, std::string(option));
  }

  std::string temp = target + ".tmp-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return cannot_write(option, path, errno);
  // mkstemp makes the file private (0600): give it the permissions of the file it replaces, or
  // those any new file would get.
  mode_t mode = 0;
  if (exists) {
    mode = status.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
  return PendingFile(path, std::move(target), std::move(temp), fd, true, std::string(option));
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : path_(std::move(other.path_)),
      target_(std::move(other.target_)),
      temp_(std::move(other.temp_)),
      fd_(other.fd_),
      owns_fd_(other.owns_fd_),
      option_(std::move(other.option_)) {
  other.fd_ = -1;
  other.temp_.clear();
}

PendingFile::~PendingFile() {
  discard();
}

void PendingFile::discard() {
  if (fd_ >= 0 && owns_fd_) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

std::optional<Error> PendingFile::commit(std::string_view content) {
  const auto failed = [&](int error) {
    Error problem = cannot_write(option_, path_, error);
    discard();
    return problem;
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd_, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed(errno);
    written += static_cast<std::size_t>(n);
  }
  if (owns_fd_ && ::close(fd_) != 0) {
    fd_ = -1;
    return failed(errno);
  }
  fd_ = -1;
  if (!temp_.empty()) {
    if (std::rename(temp_.c_str(), target_.c_str()) != 0) return failed(errno);
    temp_.clear();
  }
  return std::nullopt;
}

}  // namespace asyncdemo
