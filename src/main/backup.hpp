#pragma once
// `moncompte backup` and `moncompte restore` (docs/operations.md): a consistent copy of a live
// SQLite database through SQLite's online backup API, pg_dump for PostgreSQL.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace mc::cli {

struct BackupCommands {
  CLI::App* backup = nullptr;
  CLI::App* restore = nullptr;
  std::string db = "sqlite:var/moncompte.sqlite";
  std::string out;
  std::string from;
};

void add_backup_commands(CLI::App& cli, BackupCommands& c);
// The exit code of the selected command; nullopt when neither was selected.
std::optional<int> run_backup_commands(const BackupCommands& c);

}  // namespace mc::cli
