#pragma once
// A deterministic stand-in for the ECDSA keyring, so core tests need no OpenSSL.
// NOT a signature scheme: anyone can compute it. Tests only.
#include <cstdint>
#include <string>
#include <vector>

#include "core/attestation/attestation.hpp"

namespace mc::attestation::testing {

inline std::vector<std::uint8_t> fake_signature(std::string_view key_id, std::string_view message) {
  std::vector<std::uint8_t> out(64);
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : key_id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  for (char c : message) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  for (auto& b : out) {
    h = (h ^ 0x9E) * 1099511628211ULL;
    b = static_cast<std::uint8_t>(h >> 56);
  }
  return out;
}

class FakeSigner : public Signer {
 public:
  explicit FakeSigner(std::string id = "TST2") : id_(std::move(id)) {}
  std::string key_id() const override { return id_; }
  std::vector<std::uint8_t> sign(std::string_view m) const override { return fake_signature(id_, m); }

 private:
  std::string id_;
};

class FakeVerifier : public Verifier {
 public:
  bool verify(std::string_view key_id, std::string_view m,
              std::span<const std::uint8_t> sig) const override {
    if (key_id != "TST2" && key_id != "OLD3") return false;
    const auto want = fake_signature(key_id, m);
    return sig.size() == want.size() && std::equal(sig.begin(), sig.end(), want.begin());
  }
};

}  // namespace mc::attestation::testing
