#pragma once
// Admission and hashing slots shared fairly between sources (SPEC §3 "Sources").
//
// Admission: below `limit` tickets anyone is admitted; at the limit, a source that holds no
// ticket is still admitted (up to `2 × limit` in all), a source that holds some is refused. So a
// busy source never makes another one's first request fail.
// Slots: when a slot frees, it goes to the oldest waiting request of the least loaded source
// (hashes running plus requests waiting); a member's one request waits behind at most the hashes
// already running, never behind a queue filled by someone else.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mc::crypto {

class FairSlots {
 public:
  FairSlots(unsigned slots, unsigned limit) : free_(slots), limit_(limit) {}

  [[nodiscard]] bool admit(std::string_view source);
  void leave(std::string_view source);
  [[nodiscard]] std::size_t admitted() const;
  [[nodiscard]] std::size_t waiting() const;  // requests waiting for a slot

  // Blocks until a slot is granted to this source's request.
  void acquire(const std::string& source);
  void release(const std::string& source);

  class Slot {
   public:
    Slot(FairSlots& owner, std::string source) : owner_(owner), source_(std::move(source)) { owner_.acquire(source_); }
    ~Slot() { owner_.release(source_); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    FairSlots& owner_;
    std::string source_;
  };

 private:
  struct Waiter {
    std::string source;
    bool granted = false;
  };
  void grant_next();  // with mutex_ held

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  unsigned free_;
  unsigned limit_;
  std::size_t admitted_ = 0;
  std::unordered_map<std::string, unsigned> held_;     // admitted tickets per source
  std::unordered_map<std::string, unsigned> running_;  // slots in use per source
  std::list<Waiter> waiting_;                           // oldest first
};

}  // namespace mc::crypto
