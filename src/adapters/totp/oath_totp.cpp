#include "adapters/totp/oath_totp.hpp"

#include <liboath/oath.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace mc::totp {
namespace {

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

}  // namespace

void init_oath() {
  static std::once_flag once;
  static int rc = OATH_OK;
  std::call_once(once, [] { rc = oath_init(); });
  if (rc != OATH_OK) throw std::runtime_error(std::string("liboath: ") + oath_strerror(rc));
}

std::string OathTotp::code_at(std::string_view base32_secret, std::int64_t step, int digits) const {
  init_oath();
  if (step < 0 || digits < 6 || digits > 8) return {};
  char* raw = nullptr;
  std::size_t len = 0;
  if (oath_base32_decode(base32_secret.data(), base32_secret.size(), &raw, &len) != OATH_OK) return {};
  std::unique_ptr<char, FreeDeleter> secret(raw);
  std::array<char, 16> out{};
  int rc = oath_hotp_generate(secret.get(), len, static_cast<std::uint64_t>(step), static_cast<unsigned>(digits), false,
                              OATH_HOTP_DYNAMIC_TRUNCATION, out.data());
  if (rc != OATH_OK) return {};
  return std::string(out.data());
}

std::string OathTotp::new_secret() {
  init_oath();
  std::array<std::uint8_t, 20> bytes{};
  crypto_.random_bytes(bytes);
  char* raw = nullptr;
  std::size_t len = 0;
  int rc = oath_base32_encode(reinterpret_cast<const char*>(bytes.data()), bytes.size(), &raw, &len);
  if (rc != OATH_OK) throw std::runtime_error(std::string("liboath: ") + oath_strerror(rc));
  std::unique_ptr<char, FreeDeleter> encoded(raw);
  std::string s(encoded.get(), len);
  while (!s.empty() && s.back() == '=') s.pop_back();  // 20 bytes encode without padding anyway
  return s;
}

}  // namespace mc::totp
