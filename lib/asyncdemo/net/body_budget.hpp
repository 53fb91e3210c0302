#pragma once

#include <cstddef>
#include <string>

namespace asyncdemo {

// The most response-body bytes all the fetches of a process hold at once. Each response is
// capped too (ResponseLimits::max_body, 8 MiB), but a thousand fetches of endless bodies would
// hold 8 GB within the caps; with this budget they hold at most 256 MiB, and a fetch that would
// need more fails alone, with a message naming the budget, while the others go on.
inline constexpr std::size_t kFetchBodyBudget = 256 * 1024 * 1024;

// A budget of bytes shared by fetches under way. Used from one thread at a time: the loop's.
class BodyBudget {
 public:
  explicit BodyBudget(std::size_t limit) : limit_(limit) {}
  BodyBudget(const BodyBudget&) = delete;
  BodyBudget& operator=(const BodyBudget&) = delete;

  std::size_t limit() const { return limit_; }
  std::size_t in_use() const { return in_use_; }
  // For tests that need a budget small enough to reach; what is in use stays in use.
  void set_limit(std::size_t limit) { limit_ = limit; }

  // One fetch's part of the budget, handed back whole when it goes.
  class Share {
   public:
    explicit Share(BodyBudget& budget) : budget_(budget) {}
    ~Share() { budget_.in_use_ -= held_; }
    Share(const Share&) = delete;
    Share& operator=(const Share&) = delete;

    // Makes this fetch's part `bytes` (more or less than before). False, and nothing changed,
    // if the budget has not that much left; then refusal() says why.
    bool resize(std::size_t bytes);
    std::size_t held() const { return held_; }
    // "the fetches under way hold ... of response bodies, their budget is 256 MiB in all ...".
    std::string refusal(std::size_t bytes) const;

   private:
    BodyBudget& budget_;
    std::size_t held_ = 0;
  };

 private:
  std::size_t limit_;
  std::size_t in_use_ = 0;
};

// The budget every fetch of this process draws on (kFetchBodyBudget).
BodyBudget& fetch_body_budget();

}  // namespace asyncdemo
