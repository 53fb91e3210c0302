#include "support/temp_file.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace asyncdemo::testing {

TempPath::TempPath(const std::string& name) {
  std::string pattern = (std::filesystem::temp_directory_path() / "asyncdemo-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  folder_ = pattern;
  path_ = folder_ + "/" + name;
}

TempPath::~TempPath() {
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

std::string TempPath::read() const {
  std::ifstream in(path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace asyncdemo::testing
