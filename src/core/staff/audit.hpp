#pragma once
// The back-office audit log: append-only and hash-chained (SPEC §6). Each entry carries the hash
// of the previous entry and its own hash, SHA-256(prev_hash || canonical(entry)), where the
// canonical form is a JSON object with a fixed key order and escaping (below). Editing, deleting
// or reordering any entry breaks the chain from that entry on; truncating the tail is caught by
// the stored chain head. Pure: the SHA-256 function is passed in.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace mc::staff {

// The previous hash of the first entry.
inline const std::string kGenesisHash(64, '0');

// What the action says about itself; the store adds the chain fields inside its transaction.
struct AuditDraft {
  Instant at{};
  std::string actor;    // staff login ("cli:operator" for the command line)
  std::string role;     // the actor's role at the time
  std::string action;   // staff::to_string(Action) or "staff_sign_in", "audit_export"…
  std::string subject;  // nir13, staff login, or help-request reference
  std::string reason;
  std::string evidence;  // staff::describe(Evidence)
  std::string details;   // JSON object text (what changed), "{}" when nothing more
};

struct AuditEntry {
  std::int64_t seq = 0;  // 1, 2, 3… with no gap
  AuditDraft draft;
  std::string prev_hash;
  std::string hash;
};

// The newest entry's sequence number and hash (0 and kGenesisHash for an empty log).
struct ChainHead {
  std::int64_t seq = 0;
  std::string hash = kGenesisHash;
  friend bool operator==(const ChainHead&, const ChainHead&) = default;
};

using Sha256Hex = std::function<std::string(std::string_view)>;

// {"v":1,"seq":…,"at":…,"actor":"…","role":"…","action":"…","subject":"…","reason":"…",
//  "evidence":"…","details":"…"} — `at` in milliseconds since the epoch, strings JSON-escaped
// (", \, control characters as \u00XX; UTF-8 bytes kept as they are).
[[nodiscard]] std::string canonical(std::int64_t seq, const AuditDraft& d);
[[nodiscard]] std::string json_escape(std::string_view s);

// The entry that follows `head`.
[[nodiscard]] AuditEntry seal(const AuditDraft& d, const ChainHead& head, const Sha256Hex& sha256_hex);

struct ChainBreak {
  std::int64_t seq = 0;  // the first entry that does not verify (head.seq + 1 for a missing tail)
  std::string reason;    // English, for operators
};

// Streaming check, entries fed in storage order (the log may be large).
class ChainVerifier {
 public:
  explicit ChainVerifier(Sha256Hex sha256_hex) : sha_(std::move(sha256_hex)) {}
  // The first problem found stays; later entries are ignored once broken.
  void add(const AuditEntry& e);
  // Compares with the head stored beside the log (catches a truncated tail).
  void finish(const ChainHead& stored_head);
  [[nodiscard]] const std::optional<ChainBreak>& broken() const { return broken_; }
  [[nodiscard]] std::int64_t count() const { return expected_.seq; }
  [[nodiscard]] const ChainHead& head() const { return expected_; }

 private:
  Sha256Hex sha_;
  ChainHead expected_;
  std::optional<ChainBreak> broken_;
};

}  // namespace mc::staff
