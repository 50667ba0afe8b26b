#pragma once
// What an import file holds: organismes, register rows and accounts (Store::import_batch,
// RegisterLoad::apply).
#include <optional>
#include <string>
#include <vector>

#include "core/account/account.hpp"
#include "core/lockout/lockout.hpp"
#include "core/time.hpp"

namespace mc::ports {

struct ImportedAccount {
  std::string nir13;
  account::State state = account::State::active;
  std::string password_hash;
  std::optional<Instant> last_login_at;
  bool email_verified = true;
  lockout::Record lock;  // "permanently_locked" / "temporarily_locked" in the import file
};

struct ImportBatch {
  std::vector<account::Organisme> organismes;
  std::vector<account::RegisterEntry> register_entries;
  std::vector<ImportedAccount> accounts;
};

}  // namespace mc::ports
