// Runs every command a Markdown document shows (see support/doc_transcripts.hpp) and fails when
// one fails or prints other than what the document says: `doc_tests FILE.md`. After a change
// meant to change the output, `doc_tests --update FILE.md` writes what the commands printed
// into the document in place of what it showed (for blocks without "..."): review the diff. Each
// document runs in a fresh folder, so commands that write files and commands that read them back
// work as a reader would type them; `asyncdemo` is the build's binary, first on PATH. When the
// document starts `asyncdemo serve`, or a command reaches 127.0.0.1:8080 as if the reader had
// the server running in another terminal, the server runs on a free port, and the commands
// reach it there instead.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "support/doc_transcripts.hpp"
#include "support/process.hpp"
#include "support/servers.hpp"

namespace {

using asyncdemo::doc::Command;
namespace fs = std::filesystem;

constexpr std::chrono::seconds kCommandTimeout{120};

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string quoted_for_shell(const std::string& text) {
  return "'" + replaced(text, "'", "'\\''") + "'";
}

}  // namespace

int main(int argc, char** argv) {
  const bool update = argc == 3 && std::string_view(argv[1]) == "--update";
  if (argc != 2 && !update) {
    std::cerr << "usage: doc_tests [--update] FILE.md\n";
    return 2;
  }
  const fs::path document = argv[update ? 2 : 1];
  std::ifstream in(document);
  if (!in) {
    std::cerr << "doc_tests: cannot read " << document << "\n";
    return 2;
  }
  std::stringstream markdown;
  markdown << in.rdbuf();
  const std::vector<Command> commands = asyncdemo::doc::commands_in(markdown.str());

  const fs::path folder =
      fs::temp_directory_path() / ("asyncdemo-doc-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  asyncdemo::e2e::ProcessOptions options;
  const std::string bin = fs::path(asyncdemo::e2e::asyncdemo_binary()).parent_path();
  options.env["PATH"] =
      bin + ":" + std::string(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin");
  options.env["LANG"] = "C.UTF-8";
  options.env["LC_ALL"] = std::nullopt;
  options.env["LC_CTYPE"] = std::nullopt;
  options.env["NO_COLOR"] = std::nullopt;
  options.env["COLUMNS"] = std::nullopt;
  options.env["UV_THREADPOOL_SIZE"] = std::nullopt;

  std::unique_ptr<asyncdemo::e2e::TestServer> server;
  std::string server_address = "127.0.0.1:8080";
  int failures = 0;
  int ran = 0;
  // --update: the document's lines, with outputs replaced from the last command up.
  std::vector<std::string> document_lines = lines_of(markdown.str());
  std::vector<std::pair<const Command*, std::vector<std::string>>> updates;
  const auto start_server = [&] {
    server = std::make_unique<asyncdemo::e2e::TestServer>(
        asyncdemo::e2e::asyncdemo_binary(), std::vector<std::string>{"serve", "--port", "0"});
    server_address = "127.0.0.1:" + std::to_string(server->port());
  };
  for (const Command& command : commands) {
    const std::string where = document.filename().string() + ":" + std::to_string(command.line);
    if (!command.skip.empty()) {
      std::cout << where << ": skipped (" << command.skip << "): " << command.text << "\n";
      continue;
    }
    ++ran;
    if (command.text.starts_with("asyncdemo serve")) {
      start_server();
      const auto said = lines_of(server->process().out());
      if (auto difference = asyncdemo::doc::difference(command.expected, said, /*exact=*/false)) {
        std::cout << where << ": $ " << command.text << "\n" << *difference;
        ++failures;
      } else {
        std::cout << where << ": ok: " << command.text << " (on port " << server->port() << ")\n";
      }
      continue;
    }
    if (!server && command.text.find("127.0.0.1:8080") != std::string::npos) start_server();
    const std::string text = replaced(command.text, "127.0.0.1:8080", server_address);
    const std::string script =
        "cd " + quoted_for_shell(folder.string()) + " || exit 99; exec 2>&1; " + text;
    const auto result =
        asyncdemo::e2e::run_process("/bin/sh", {"-c", script}, options, kCommandTimeout);
    std::string problem;
    if (result.timed_out) {
      problem = "it did not end within " + std::to_string(kCommandTimeout.count()) + " s\n";
    } else if (result.term_signal != 0 || result.exit_code >= 128) {
      problem = "it was killed (exit status " + std::to_string(result.exit_code) + ")\n";
    } else if (!command.shows_output && result.exit_code != 0) {
      problem =
          "it failed with exit status " + std::to_string(result.exit_code) + ":\n" + result.out;
    } else if (command.shows_output) {
      const std::vector<std::string> printed = lines_of(result.out);
      if (auto difference = asyncdemo::doc::difference(command.expected, printed,
                                                       asyncdemo::doc::shown_exactly(command))) {
        problem = *difference;
        const bool elided = std::find(command.expected.begin(), command.expected.end(), "...") !=
                            command.expected.end();
        if (update && !elided) {
          std::vector<std::string> shown;
          for (const std::string& line : printed) {
            shown.push_back(replaced(line, server_address, "127.0.0.1:8080"));
          }
          updates.emplace_back(&command, shown);
          problem.clear();
          std::cout << where << ": updated: " << text << "\n";
          continue;
        }
      }
    }
    if (!problem.empty()) {
      std::cout << where << ": $ " << text << "\n" << problem;
      ++failures;
    } else {
      std::cout << where << ": ok: " << text << "\n";
    }
  }
  if (!updates.empty()) {
    for (auto it = updates.rbegin(); it != updates.rend(); ++it) {
      const auto first = document_lines.begin() + static_cast<long>(it->first->line);
      document_lines.erase(first, first + static_cast<long>(it->first->expected.size()));
      document_lines.insert(document_lines.begin() + static_cast<long>(it->first->line),
                            it->second.begin(), it->second.end());
    }
    std::ofstream out(document);
    for (const std::string& line : document_lines) out << line << "\n";
  }
  if (server) server->process().send_signal(SIGINT);
  server.reset();
  fs::remove_all(folder);
  std::cout << document.filename().string() << ": " << ran << " commands ran, " << failures
            << " failed\n";
  return failures == 0 ? 0 : 1;
}
