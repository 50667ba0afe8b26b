#pragma once
// `moncompte import`: the register, organismes and accounts files (formats of fixtures/) turned
// into one batch, every row checked first. A bad row is refused with its file and line number,
// and nothing at all is imported.
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/import_batch.hpp"
#include "core/ports/password_hasher.hpp"
#include "core/ports/register_loader.hpp"
#include "core/ports/store.hpp"
#include "core/table.hpp"

namespace mc::app {

struct ImportFiles {
  Table register_entries;
  Table organismes;
  std::optional<Table> accounts;
};

struct ImportSummary {
  std::size_t organismes = 0, register_entries = 0, accounts = 0;
};

// Validates everything, hashes account passwords (Argon2id, in parallel), then stores it all in
// one transaction. The error names the file, the line and the problem.
[[nodiscard]] std::expected<ImportSummary, std::string> import_files(const ImportFiles& files, ports::Store& store,
                                                                     ports::PasswordHasher& hasher,
                                                                     const lockout::Policy& policy, Instant now);

// The same checks without hashing or storing (used by the fuzz target and tests).
[[nodiscard]] std::expected<ports::ImportBatch, std::string> validate(const ImportFiles& files, Instant now,
                                                                      const lockout::Policy& policy);

// `moncompte import` on a register of any size (issue 15): the register is read one record at a
// time and staged in the database (constant memory); then the accounts file (if any) the same
// way, a chunk at a time: checked against the staged register, passwords hashed in parallel,
// staged in the database. The organismes file is small and read whole. Every line is checked; the
// first `max_errors` bad lines of a file are reported with their numbers, and duplicate NIRs are
// found by the database. Any bad line: nothing is applied. Otherwise the register is merged (new
// NIRs added, changed rows updated, the rest left alone) and the accounts created or updated,
// set-based (see ports::RegisterLoad::apply for the transactions).
struct StreamImportOptions {
  std::size_t max_errors = 20;
  std::size_t batch_rows = 5000;  // rows per write transaction when syncing a live register
  // Called every few thousand rows with the count read so far (the command's progress line).
  std::function<void(std::int64_t rows)> on_progress;
  // The same for the accounts file, with the count of accounts checked and hashed so far.
  std::function<void(std::int64_t accounts)> on_account_progress;
};
struct StreamImportSummary {
  std::size_t organismes = 0, accounts = 0;
  std::int64_t register_rows = 0;
  ports::SyncCounts register_changes;
};
[[nodiscard]] std::expected<StreamImportSummary, std::vector<std::string>> import_stream(
    RowStream& register_rows, const Table& organismes, RowStream* accounts, ports::RegisterLoader& loader,
    ports::PasswordHasher& hasher, const lockout::Policy& policy, Instant now, const StreamImportOptions& options = {});

}  // namespace mc::app
