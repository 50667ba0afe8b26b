#pragma once
// `moncompte import`: the register, organismes and accounts files (formats of fixtures/) turned
// into one batch, every row checked first. A bad row is refused with its file and line number,
// and nothing at all is imported.
#include <expected>
#include <optional>
#include <string>

#include "core/ports.hpp"
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

}  // namespace mc::app
