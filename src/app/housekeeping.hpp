#pragma once
// Removes rows whose purpose is over: sessions past their idle or absolute life, rate-limit hits
// older than any window, old codes, the attempt log beyond its retention, delivered mail and
// letters (which hold links and printed codes). Every process may run it; it is idempotent.
#include "app/settings.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/retention_store.hpp"

namespace mc::app {

// The longest window any rate limit counts over (one paper attestation request per NIR per day).
inline const Duration kLongestRateWindow = days(1);

// The member's own sign-in history (issue 17 item 5): what "Historique de connexion" shows.
inline const Duration kSignInHistoryKept = days(90);

ports::RetentionCutoffs retention_cutoffs(Instant now, const Settings& settings);

class Housekeeping {
 public:
  Housekeeping(ports::RetentionStore& store, const ports::Clock& clock, const Settings& settings)
      : store_(store), clock_(clock), settings_(settings) {}
  ports::Purged run() { return store_.purge(retention_cutoffs(clock_.now(), settings_)); }

 private:
  ports::RetentionStore& store_;
  const ports::Clock& clock_;
  const Settings& settings_;
};

}  // namespace mc::app
