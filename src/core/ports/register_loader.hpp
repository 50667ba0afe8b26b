#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/account/account.hpp"
#include "core/ports/import_batch.hpp"
#include "core/time.hpp"

namespace mc::ports {

// A register too big to hold in memory (issue 15): rows are staged as the file is read, the
// database finds the duplicates, then one set-based merge applies the extract. Rows already in the
// register are updated only where a field differs; rows absent from the extract are kept.
struct DuplicateNir {
  std::string nir13;
  std::int64_t first_line = 0, line = 0;  // first and last line it appears on
  std::int64_t times = 0;
};
struct SyncCounts {
  std::int64_t added = 0;           // NIRs new to the register
  std::int64_t changed = 0;         // existing rows with at least one field that differs
  std::int64_t unchanged = 0;       // existing rows left untouched
  std::int64_t emails_changed = 0;  // of the changed rows, those whose e-mail address differs
  std::int64_t links_voided = 0;    // open codes sent by e-mail to an address that changed
  std::int64_t batches = 0;         // write transactions used to apply the register
};
class RegisterLoad {
 public:
  virtual ~RegisterLoad() = default;
  // Staged only: nothing is visible to the service before apply().
  virtual void stage(const account::RegisterEntry& entry, std::int64_t line) = 0;
  // Once every row is staged: NIRs present more than once, by first line, at most `limit`.
  [[nodiscard]] virtual std::vector<DuplicateNir> duplicates(std::size_t limit) = 0;
  // The accounts file streams too (issue 15): once duplicates() found none, the birth dates of
  // the staged register rows with these NIRs, in the same order (nullopt: not in the file).
  [[nodiscard]] virtual std::vector<std::optional<std::string>> staged_birth_dates(
      const std::vector<std::string>& nir13s) = 0;
  // One account (password already hashed), staged beside the register rows (in the database,
  // not in memory); applied by apply(), with the register.
  virtual void stage_account(const ImportedAccount& account, std::int64_t line) = 0;
  // Once every account is staged: NIRs present more than once, by first line, at most `limit`.
  [[nodiscard]] virtual std::vector<DuplicateNir> account_duplicates(std::size_t limit) = 0;
  // Organismes, then the register, then the staged accounts (set-based). Into an empty register:
  // one transaction. A sync into a live register: write transactions of at most `batch_rows`
  // rows each (SQLite), so that sign-ins never wait longer than one batch; PostgreSQL readers
  // never wait on it; the accounts then go in one transaction of their own.
  virtual SyncCounts apply(const std::vector<account::Organisme>& organismes, Instant now) = 0;
};
class RegisterLoader {
 public:
  virtual ~RegisterLoader() = default;
  [[nodiscard]] virtual std::unique_ptr<RegisterLoad> begin_register_load(std::size_t batch_rows) = 0;
};

}  // namespace mc::ports
