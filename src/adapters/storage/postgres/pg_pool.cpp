#include "adapters/storage/postgres/pg_pool.hpp"

#include <algorithm>

namespace mc::storage::pg {

Pool::Pool(ConnParams params, PoolOptions options) : params_(std::move(params)), options_(options) {}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!freed_.wait_for(lock, options_.acquire_timeout, [&] { return !idle_.empty() || open_ < options_.max_connections; }))
      throw StorageError(StorageError::Cause::locked, "postgresql", "acquire",
                         "all " + std::to_string(options_.max_connections) + " connections stayed busy");
    if (idle_.empty()) break;  // room to open a new one
    // Most recently used first: it is the least likely to have been dropped by the server.
    auto c = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    if (c->still_alive()) return Lease(*this, std::move(c));
    c.reset();  // closed by the server: open a fresh one in its place
    lock.lock();
    --open_;
    ++replaced_;
  }
  if (backoff_.count() > 0 && std::chrono::steady_clock::now() < retry_at_)
    throw StorageError(StorageError::Cause::connection_lost, "postgresql", "connect",
                       "backing off after: " + last_failure_);
  ++open_;  // reserved before connecting, so the bound holds while we wait for the server
  lock.unlock();
  try {
    auto fresh = std::make_unique<Conn>(params_);
    lock.lock();
    backoff_ = std::chrono::milliseconds(0);
    lock.unlock();
    return Lease(*this, std::move(fresh));
  } catch (const std::exception& e) {
    lock.lock();
    --open_;
    ++connect_failures_;
    backoff_ = std::clamp(backoff_ * 2, options_.backoff_min, options_.backoff_max);  // 100 ms, 200 ms, … 2 s
    retry_at_ = std::chrono::steady_clock::now() + backoff_;
    last_failure_ = e.what();
    freed_.notify_one();
    throw;
  }
}

void Pool::give_back(std::unique_ptr<Conn> c) {
  // A connection left inside a transaction or broken is closed, never reused.
  bool reusable = c->idle();
  if (!reusable) c.reset();
  std::lock_guard lock(mutex_);
  if (reusable) {
    idle_.push_back(std::move(c));
  } else {
    --open_;
    ++replaced_;
  }
  freed_.notify_one();
}

Pool::Stats Pool::stats() {
  std::lock_guard lock(mutex_);
  return {open_, idle_.size(), replaced_, connect_failures_};
}

}  // namespace mc::storage::pg
