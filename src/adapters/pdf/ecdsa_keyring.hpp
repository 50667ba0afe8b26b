#pragma once
// ECDSA P-256 keyring for attestation signatures (OpenSSL 3).
//
// Keys live as PEM files in one directory (mode 0700, files 0600):
//   att-<created, unix seconds, 12 digits>-<KEYID>.key.pem   private key (PKCS#8), signs and verifies
//   att-<created, unix seconds, 12 digits>-<KEYID>.pub.pem   public key, verifies only
// KEYID is 4 Base32 characters of SHA-256(SubjectPublicKeyInfo DER), so a file name always
// matches its key (checked on load). The newest private key signs; every key verifies, so a
// rotation never invalidates attestations already printed. To retire a private key, delete
// its .key.pem and keep the .pub.pem.
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/attestation/attestation.hpp"

namespace mc::signing {

class EcdsaKeyring final : public attestation::Signer, public attestation::Verifier {
 public:
  // Loads every key in `dir`; when there is no private key, creates the directory and a
  // first key (under a lock file, so processes starting together agree on one key).
  // Fails on unreadable, mismatched or group/world-readable private key files.
  static std::expected<std::unique_ptr<EcdsaKeyring>, std::string> open(
      const std::filesystem::path& dir, std::chrono::system_clock::time_point now);

  // Creates a new key that signs from now on; returns its id. Older keys keep verifying.
  std::expected<std::string, std::string> rotate(std::chrono::system_clock::time_point now);

  // Signer: the newest key.
  std::string key_id() const override;
  std::vector<std::uint8_t> sign(std::string_view message) const override;  // 64-byte r||s

  // Verifier: any known key. An unknown id triggers one re-scan of the directory when it
  // changed, so a key rotated by another process verifies without a restart.
  bool verify(std::string_view key_id, std::string_view message,
              std::span<const std::uint8_t> signature) const override;

  // Known key ids, oldest first.
  std::vector<std::string> key_ids() const;
  // The newest key's public key as PEM (to publish for offline verifiers).
  std::string public_key_pem() const;

  struct Key;  // defined in the .cpp (holds the EVP_PKEY)
  ~EcdsaKeyring() override;

 private:
  explicit EcdsaKeyring(std::filesystem::path dir);
  // Re-reads the directory. const because the key set is a cache of the directory.
  std::expected<void, std::string> load_locked() const;
  std::shared_ptr<const Key> find(std::string_view id) const;

  std::filesystem::path dir_;
  mutable std::mutex mutex_;
  mutable std::vector<std::shared_ptr<const Key>> keys_;  // sorted by creation time
  mutable std::shared_ptr<const Key> signing_;
  mutable std::filesystem::file_time_type scanned_mtime_{};
};

}  // namespace mc::signing
