// libFuzzer target for what the public verification page accepts from anyone: a barcode
// payload or a typed short code. Checks that nothing crashes and a few invariants:
//  - canonical Base32: decode(x) succeeds only if encode(decode(x)) == x;
//  - a payload is parsed again identically, and the short code of any input is either empty
//    or in canonical form;
//  - with a verifier that accepts every signature, the third-party view is computed on
//    attacker-controlled fields (initials, dates) without crashing and never shows the NIR.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/attestation/attestation.hpp"
#include "core/attestation/base32.hpp"

namespace {

using namespace mc::attestation;

class AcceptAll final : public Verifier {
 public:
  bool verify(std::string_view, std::string_view, std::span<const std::uint8_t>) const override { return true; }
};

class RejectAll final : public Verifier {
 public:
  bool verify(std::string_view, std::string_view, std::span<const std::uint8_t>) const override { return false; }
};

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in{reinterpret_cast<const char*>(data), size};

  if (const auto bytes = base32_decode(in)) check(base32_encode(*bytes) == in);

  const std::string code = short_code(in);
  check(code.empty() || normalize_short_code(code) == code);
  if (const auto typed = normalize_short_code(in)) check(typed->size() == 12);

  const auto parsed = parse_payload(in);
  if (parsed) check(parse_payload(in).has_value());

  check(!verify_payload(in, RejectAll{}).genuine);
  const auto v = verify_payload(in, AcceptAll{});
  check(v.genuine == parsed.has_value());
  if (v.genuine) {
    check(v.initials.find(parsed->rights.nir15) == std::string::npos);
    check(v.valid_until.empty() || v.valid_until.size() == 10);
  }
  (void)initials(in, in);
  (void)format_nir(in);
  return 0;
}
