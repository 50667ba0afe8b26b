// Token and code parsing: any bytes give a normalised secret or nothing, never a crash, and a
// normalised value is a fixed point.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/account/account.hpp"
#include "core/token/token.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto c = mc::token::normalize_code(in)) {
    if (c->size() != mc::token::kCodeLength || mc::token::normalize_code(*c) != c) std::abort();
    if (mc::token::normalize_code(mc::token::display_code(*c)) != c) std::abort();
  }
  if (auto t = mc::token::normalize_link_token(in)) {
    if (t->size() != 32 || mc::token::normalize_link_token(*t) != t) std::abort();
  }
  if (auto d = mc::account::normalize_date(in)) {
    if (mc::account::normalize_date(*d) != d) std::abort();
  }
  return 0;
}
