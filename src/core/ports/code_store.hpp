#pragma once
// Reset and activation codes (core/token): issued, looked up, redeemed with what they change.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/outbox.hpp"
#include "core/time.hpp"
#include "core/token/token.hpp"

namespace mc::ports {

// What a redeemed code changes, in the same transaction as its consumption.
struct CredentialChange {
  std::string nir13;
  std::optional<std::string> new_password_hash;
  bool activate = false;  // pending → active (activation)
  bool mark_email_verified = false;
  std::optional<std::string> new_email;  // written to the register's contact details
  bool lift_temporary_lock = false;  // a completed reset lifts temporary locks (every counter), never a permanent one
  // A password chosen through "forgot password" revokes every recognised device but the one
  // that completed it (its id, or empty when that device was not recognised).
  std::optional<std::string> revoke_devices_except;
  bool end_sessions = false;
  std::optional<outbox::Mail> notice;  // e.g. "password changed", queued atomically
};

enum class RedeemResult { ok, unusable, permanently_locked };

class CodeStore {
 public:
  virtual ~CodeStore() = default;
  // One transaction: void the subject's unused codes of the same purpose, store the new one
  // (creating a pending account first when `create_pending_account`), queue the mail/letter.
  virtual std::int64_t issue_code(const token::CodeRecord& code, bool create_pending_account,
                                  const std::optional<outbox::Mail>& mail,
                                  const std::optional<outbox::Letter>& letter) = 0;
  [[nodiscard]] virtual std::optional<token::CodeRecord> find_code_by_hash(std::string_view secret_hash) = 0;
  // The newest code of that purpose that was neither used nor voided (maybe expired).
  [[nodiscard]] virtual std::optional<token::CodeRecord> find_open_code(std::string_view nir13,
                                                                        token::Purpose purpose) = 0;
  // Counts a wrong code; returns the new count (the code is dead at token::kMaxCodeTries).
  virtual int record_code_failure(std::int64_t id) = 0;
  // Consumes the code if it is still usable at `now` (conditional update: of two concurrent
  // calls, one succeeds) and applies `change`; nothing happens unless both can.
  virtual RedeemResult redeem(std::int64_t code_id, Instant now, const CredentialChange& change) = 0;
};

}  // namespace mc::ports
