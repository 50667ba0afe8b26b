#pragma once
// `moncompte staff …` and `moncompte audit …`: the operator's back-office commands (docs/backoffice.md).
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mc::cli {

struct BackOfficeCommands {
  CLI::App* staff_add = nullptr;
  CLI::App* staff_list = nullptr;
  CLI::App* staff_unlock = nullptr;
  CLI::App* audit_verify = nullptr;
  CLI::App* audit_export = nullptr;
  CLI::App* scam_corpus_export = nullptr;  // labelled members' reports in the corpus format (issue 16)
  std::string db = "sqlite:var/moncompte.sqlite";
  std::string config_file;
  std::vector<std::string> sets;
  std::string login, role, reason, format = "jsonl", out;
};

void add_backoffice_commands(CLI::App& cli, BackOfficeCommands& c);
// The exit code of the selected back-office command; nullopt when none was selected.
std::optional<int> run_backoffice_commands(const BackOfficeCommands& c);

// `moncompte keys rotate|retire|list` (issue 19, docs/operations.md §7; src/main/keys_cli.cpp): live
// rotation of the 32-byte keys of keys/ (secrets, outbox, device-cookie, log-pseudonym,
// totp-secrets). A rotation writes a new current key and keeps the old ones for verification; the
// running service picks it up on SIGHUP. The attestation signing keys have their own rotation.
struct KeysCommands {
  CLI::App* keys = nullptr;
  CLI::App* rotate = nullptr;
  CLI::App* retire = nullptr;
  CLI::App* list = nullptr;
  std::string dir;
  std::vector<std::string> which;  // empty: every key (retire: every key but totp-secrets)
  double older_than_days = -1;
};

void add_keys_commands(CLI::App& cli, KeysCommands& c);
// The exit code of the selected command; nullopt when none was selected.
std::optional<int> run_keys_commands(const KeysCommands& c);

}  // namespace mc::cli
