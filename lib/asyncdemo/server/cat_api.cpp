#include "asyncdemo/server/cat_api.hpp"

#include <array>

#include "asyncdemo/formats/json.hpp"

namespace asyncdemo {
namespace {

constexpr std::array kNames{"Tom", "Felix", "Garfield", "Luna", "Simba", "Nala", "Oliver", "Milo"};
constexpr std::array kBreeds{"Siamese", "Persian", "Maine Coon", "Bengal", "Sphynx", "Ragdoll"};

// A number 1..1000000 written in plain digits, else 0.
unsigned long cat_number(std::string_view text) {
  if (text.empty() || text.size() > 7 || text.front() == '0') return 0;
  unsigned long n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<unsigned long>(c - '0');
  }
  return n <= 1'000'000 ? n : 0;
}

// A delay the server accepts, or an error reply.
bool parse_delay(std::string_view text, Duration* delay, Reply* error) {
  Result<Duration> parsed = parse_duration(text);
  if (!parsed) {
    *error = error_reply(
        400, "bad delay '" + std::string(text) + "'; expected " + std::string(kDurationForm));
    return false;
  }
  if (*parsed > kLongestServerDelay) {
    *error = error_reply(400, "delay '" + std::string(text) + "' is longer than 10m");
    return false;
  }
  *delay = *parsed;
  return true;
}

}  // namespace

const char* status_text(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

Reply error_reply(int status, std::string_view message) {
  Reply reply;
  reply.status = status;
  reply.body = "{\"error\":";
  append_json_string(reply.body, message);
  reply.body += ",\"status\":" + std::to_string(status) + "}\n";
  return reply;
}

Reply route(const HttpRequest& request) {
  const std::string_view path = request.path;
  const bool cats = path.rfind("/cats/", 0) == 0;
  const bool delay = path.rfind("/delay/", 0) == 0;
  if (!cats && !delay) return error_reply(404, "no such page: " + request.path);
  if (request.method != "GET") {
    return error_reply(405, "method " + request.method + " is not allowed; use GET");
  }
  Reply reply;
  if (delay) {
    if (!parse_delay(path.substr(7), &reply.delay, &reply)) return reply;
    reply.body = "{\"delayed\":" + format_seconds(reply.delay, 3) + "}\n";
    return reply;
  }
  const unsigned long n = cat_number(path.substr(6));
  if (n == 0) {
    return error_reply(
        404, "no cat '" + std::string(path.substr(6)) + "'; cats are numbered from 1 to 1000000");
  }
  bool found = false;
  const std::string_view delay_text = query_value(request.query, "delay", &found);
  reply.delay = kDefaultCatDelay;
  if (found && !parse_delay(delay_text, &reply.delay, &reply)) return reply;
  reply.body = "{\"id\":" + std::to_string(n) + ",\"name\":\"" + kNames[(n - 1) % kNames.size()] +
               "\",\"breed\":\"" + kBreeds[(n - 1) % kBreeds.size()] +
               "\",\"age\":" + std::to_string(1 + (n * 7) % 15) + "}\n";
  return reply;
}

}  // namespace asyncdemo
