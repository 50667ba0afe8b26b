#include "adapters/totp/oath_totp.hpp"

#include <fcntl.h>
#include <liboath/oath.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "adapters/crypto/key_file.hpp"
#include "core/ports/totp.hpp"

namespace mc::totp {
namespace {

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

// "sealed:v1:" + base64url(nonce ‖ secretbox(base32 secret)). The version names the scheme so a
// later one can be told apart.
constexpr std::string_view kSealedPrefix = "sealed:v1:";
constexpr int kB64 = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

}  // namespace

SealingKey load_or_create_sealing_key(const std::string& path) {
  return crypto::load_or_create_key(path, "TOTP sealing key");
}

void init_oath() {
  static std::once_flag once;
  static int rc = OATH_OK;
  std::call_once(once, [] { rc = oath_init(); });
  if (rc != OATH_OK) throw std::runtime_error(std::string("liboath: ") + oath_strerror(rc));
}

std::string OathTotp::code_at(std::string_view stored_secret, std::int64_t step, int digits) const {
  init_oath();
  if (step < 0 || digits < 6 || digits > 8) return {};
  const std::string base32 = stored_secret.starts_with(kSealedPrefix) ? open(stored_secret) : std::string(stored_secret);
  if (base32.empty()) return {};
  char* raw = nullptr;
  std::size_t len = 0;
  if (oath_base32_decode(base32.data(), base32.size(), &raw, &len) != OATH_OK) return {};
  std::unique_ptr<char, FreeDeleter> secret(raw);
  std::array<char, 16> out{};
  int rc = oath_hotp_generate(secret.get(), len, static_cast<std::uint64_t>(step), static_cast<unsigned>(digits), false,
                              OATH_HOTP_DYNAMIC_TRUNCATION, out.data());
  sodium_memzero(secret.get(), len);
  if (rc != OATH_OK) return {};
  return std::string(out.data());
}

std::string OathTotp::seal(std::string_view base32) const {
  std::vector<std::uint8_t> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + base32.size());
  crypto_.random_bytes(std::span(box.data(), crypto_secretbox_NONCEBYTES));
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(base32.data()),
                        base32.size(), box.data(), keys_().front().data());
  std::string b64(sodium_base64_ENCODED_LEN(box.size(), kB64), '\0');
  sodium_bin2base64(b64.data(), b64.size(), box.data(), box.size(), kB64);
  b64.resize(std::strlen(b64.c_str()));
  return std::string(kSealedPrefix) + b64;
}

std::string OathTotp::open(std::string_view stored) const {
  if (!stored.starts_with(kSealedPrefix)) return {};
  stored.remove_prefix(kSealedPrefix.size());
  if (stored.empty()) return {};  // (and libsodium must never be handed an empty buffer's null pointer)
  std::vector<std::uint8_t> box(stored.size());
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(box.data(), box.size(), stored.data(), stored.size(), nullptr, &len, &end, kB64) != 0 ||
      end != stored.data() + stored.size() || len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return {};
  std::string base32(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  for (const auto& key : keys_())
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(base32.data()),
                                   box.data() + crypto_secretbox_NONCEBYTES, len - crypto_secretbox_NONCEBYTES,
                                   box.data(), key.data()) == 0)
      return base32;
  return {};
}

ports::Totp::NewSecret OathTotp::new_secret() {
  init_oath();
  std::array<std::uint8_t, 20> bytes{};
  crypto_.random_bytes(bytes);
  char* raw = nullptr;
  std::size_t len = 0;
  int rc = oath_base32_encode(reinterpret_cast<const char*>(bytes.data()), bytes.size(), &raw, &len);
  sodium_memzero(bytes.data(), bytes.size());
  if (rc != OATH_OK) throw std::runtime_error(std::string("liboath: ") + oath_strerror(rc));
  std::unique_ptr<char, FreeDeleter> encoded(raw);
  std::string s(encoded.get(), len);
  while (!s.empty() && s.back() == '=') s.pop_back();  // 20 bytes encode without padding anyway
  return {s, seal(s)};
}

}  // namespace mc::totp
