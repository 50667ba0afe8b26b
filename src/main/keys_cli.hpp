#pragma once
// `moncompte keys rotate|retire|list` (issue 19, docs/operations.md §7): live rotation of the
// 32-byte keys of keys/ (secrets, outbox, device-cookie, log-pseudonym, totp-secrets). A rotation
// writes a new current key and keeps the old ones for verification; the running service picks it
// up on SIGHUP. The attestation signing keys have their own rotation (ADR 0122).
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mc::cli {

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
