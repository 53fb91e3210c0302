#include "support/process.hpp"

namespace asyncdemo::e2e {

const std::string& asyncdemo_binary() {
  static const std::string path = ASYNCDEMO_BINARY;
  return path;
}

ProcessResult run_asyncdemo(const std::vector<std::string>& args, const ProcessOptions& options,
                            std::chrono::milliseconds timeout) {
  return run_process(asyncdemo_binary(), args, options, timeout);
}

}  // namespace asyncdemo::e2e
