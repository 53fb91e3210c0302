#pragma once

#include <string>

namespace asyncdemo::testing {

// A fresh path in a private temporary folder, removed (with the folder) when this goes away.
class TempPath {
 public:
  explicit TempPath(const std::string& name = "file");
  ~TempPath();
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const std::string& path() const { return path_; }
  std::string read() const;

 private:
  std::string folder_;
  std::string path_;
};

}  // namespace asyncdemo::testing
