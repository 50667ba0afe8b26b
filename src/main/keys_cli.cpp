#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "adapters/crypto/key_file.hpp"
#include "adapters/crypto/sodium.hpp"
#include "main/backoffice_cli.hpp"  // KeysCommands
#include "main/composition.hpp"
#include "main/exit_codes.hpp"

namespace mc::cli {

namespace {

namespace fs = std::filesystem;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string utc(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  ::gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The key files named by --which (every one when empty, but `skip_totp` leaves totp-secrets out).
std::vector<wiring::KeyFile> selected(const KeysCommands& c, bool skip_totp) {
  std::vector<wiring::KeyFile> out;
  for (const auto& f : wiring::key_files()) {
    const bool named = std::find(c.which.begin(), c.which.end(), f.name) != c.which.end();
    if (c.which.empty() ? !(skip_totp && std::string_view(f.name) == "totp-secrets") : named) out.push_back(f);
  }
  return out;
}

std::string path_of(const KeysCommands& c, const wiring::KeyFile& f) { return (fs::path(c.dir) / f.file).string(); }

int rotate(const KeysCommands& c) {
  const auto now = unix_now();
  for (const auto& f : selected(c, false)) {
    const auto path = path_of(c, f);
    if (!fs::exists(path)) {
      std::cerr << f.file << ": no such key in " << c.dir << " (the service creates it on first start)\n";
      return exit_code::failure;
    }
    const auto ring = crypto::read_key_ring(path, f.what);  // with a legacy NAME.previous.key
    crypto::Key32 fresh{};
    randombytes_buf(fresh.data(), fresh.size());
    const auto next = crypto::rotated(ring, fresh, now);
    crypto::write_key_ring(path, next);
    // Its key now is in the ring: the legacy file would only bring it back after a retire.
    std::error_code ec;
    fs::remove(crypto::legacy_previous_path(path), ec);
    std::cout << f.file << ": new current key " << crypto::key_fingerprint(next.current) << ", " << next.previous.size()
              << " previous key(s) kept\n";
  }
  std::cout << "Reload every moncompte process (systemctl reload moncompte, or SIGHUP) to use the new keys.\n";
  return exit_code::ok;
}

int retire(const KeysCommands& c) {
  const auto now = unix_now();
  const auto older_than = static_cast<std::int64_t>(std::llround(c.older_than_days * 86400.0));
  for (const auto& f : selected(c, true)) {
    const auto path = path_of(c, f);
    if (!fs::exists(path)) continue;
    auto ring = crypto::read_key_ring(path, f.what);
    const auto dropped = crypto::retire_old_keys(ring, now, older_than);
    if (dropped > 0) {
      crypto::write_key_ring(path, ring);
      std::error_code ec;
      fs::remove(crypto::legacy_previous_path(path), ec);
    }
    std::cout << f.file << ": " << dropped << " previous key(s) dropped, " << ring.previous.size() << " kept\n";
  }
  if (c.which.empty())
    std::cout << "totp-secrets.key left alone (name it with --which totp-secrets, docs/operations.md)\n";
  return exit_code::ok;
}

int list(const KeysCommands& c) {
  for (const auto& f : selected(c, false)) {
    const auto path = path_of(c, f);
    if (!fs::exists(path)) {
      std::cout << f.file << ": missing\n";
      continue;
    }
    const auto ring = crypto::read_key_ring(path, f.what);
    std::cout << f.file << ": current " << crypto::key_fingerprint(ring.current);
    for (const auto& p : ring.previous)
      std::cout << "; previous " << crypto::key_fingerprint(p.key) << " retired " << utc(p.retired_at);
    std::cout << "\n";
  }
  return exit_code::ok;
}

}  // namespace

void add_keys_commands(CLI::App& cli, KeysCommands& c) {
  c.keys = cli.add_subcommand("keys", "Rotate the keys of keys/ while the service runs (then reload it: SIGHUP)");
  c.keys->require_subcommand(1);
  std::vector<std::string> names;
  for (const auto& f : wiring::key_files()) names.emplace_back(f.name);
  auto common = [&](CLI::App* sub) {
    sub->add_option("--keys-dir", c.dir, "The keys folder (attestation.keys_dir, e.g. /var/lib/moncompte/keys)")
        ->required()
        ->check(CLI::ExistingDirectory);
    sub->add_option("--which", c.which, "Only this key (repeatable)")->check(CLI::IsMember(names));
  };
  c.rotate = c.keys->add_subcommand("rotate", "Write a new current key; the old ones keep verifying");
  common(c.rotate);
  c.retire = c.keys->add_subcommand(
      "retire", "Drop the previous keys retired for at least --older-than-days (totp-secrets only with --which)");
  common(c.retire);
  c.retire->add_option("--older-than-days", c.older_than_days, "Age of the previous keys to drop (docs/operations.md)")
      ->required()
      ->check(CLI::NonNegativeNumber);
  c.list = c.keys->add_subcommand("list", "Show each key ring: fingerprints and retirement dates (never the keys)");
  common(c.list);
}

std::optional<int> run_keys_commands(const KeysCommands& c) {
  if (!c.keys || !*c.keys) return std::nullopt;
  crypto::init_sodium();
  if (c.rotate && *c.rotate) return rotate(c);
  if (c.retire && *c.retire) return retire(c);
  if (c.list && *c.list) return list(c);
  return exit_code::usage;
}

}  // namespace mc::cli
