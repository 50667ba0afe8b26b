#include "adapters/crypto/fair_slots.hpp"

#include <limits>

namespace mc::crypto {

bool FairSlots::admit(std::string_view source) {
  std::lock_guard lock(mutex_);
  std::string key(source);
  auto it = held_.find(key);
  const bool holds_none = it == held_.end() || it->second == 0;
  if (admitted_ >= limit_ && !(holds_none && admitted_ < 2 * static_cast<std::size_t>(limit_))) return false;
  ++admitted_;
  ++held_[key];
  return true;
}

void FairSlots::leave(std::string_view source) {
  std::lock_guard lock(mutex_);
  --admitted_;
  auto it = held_.find(std::string(source));
  if (it != held_.end() && --it->second == 0) held_.erase(it);
}

std::size_t FairSlots::admitted() const {
  std::lock_guard lock(mutex_);
  return admitted_;
}

std::size_t FairSlots::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

void FairSlots::grant_next() {
  while (free_ > 0) {
    // The load of each source: hashes it runs plus requests it has waiting. The oldest waiter of
    // the least loaded source goes next, so a source with one request never waits behind the
    // queue of one with many.
    std::unordered_map<std::string, unsigned> load = running_;
    for (const auto& w : waiting_)
      if (!w.granted) ++load[w.source];
    auto best = waiting_.end();
    unsigned best_load = std::numeric_limits<unsigned>::max();
    for (auto w = waiting_.begin(); w != waiting_.end(); ++w) {
      if (w->granted) continue;
      if (const unsigned n = load[w->source]; n < best_load) {
        best = w;
        best_load = n;
      }
    }
    if (best == waiting_.end()) return;
    best->granted = true;
    --free_;
    ++running_[best->source];
  }
}

void FairSlots::acquire(const std::string& source) {
  std::unique_lock lock(mutex_);
  if (free_ > 0 && waiting_.empty()) {
    --free_;
    ++running_[source];
    return;
  }
  auto me = waiting_.insert(waiting_.end(), Waiter{source});
  grant_next();
  cv_.wait(lock, [&] { return me->granted; });
  waiting_.erase(me);
}

void FairSlots::release(const std::string& source) {
  {
    std::lock_guard lock(mutex_);
    ++free_;
    auto it = running_.find(source);
    if (it != running_.end() && --it->second == 0) running_.erase(it);
    grant_next();
  }
  cv_.notify_all();
}

}  // namespace mc::crypto
