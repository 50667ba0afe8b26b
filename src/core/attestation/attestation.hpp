#pragma once
// Attestation de droits: the signed 2D-Doc-style payload carried by the barcode, the short
// verification code printed beside it, and the third-party view of a verification.
// Pure: no I/O, no clock; signing goes through the Signer/Verifier interfaces below
// (implemented by adapters/pdf/ecdsa_keyring).
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mc::attestation {

// Everything printed on an attestation. Dates are "YYYY-MM-DD"; strings are UTF-8.
struct Rights {
  std::string nir15;  // 13 characters + 2-digit key, no spaces ("2A"/"2B" allowed)
  std::string family_name;
  std::string given_names;
  std::string birth_date;
  std::string organisme_code;     // e.g. "CPAM-69"
  std::string organisme_name;     // e.g. "CPAM du Rhône"
  std::string organisme_address;  // printed only, not in the barcode
  std::string organisme_phone;    // printed only, not in the barcode
  std::string rights_from;
  std::string rights_to;
  bool css = false;  // Complémentaire santé solidaire
  bool ald = false;  // affection de longue durée (never named)
  std::string issue_date;
};

// Signs with one key, identified by a 4-character id ([A-Z2-7]) that goes in the header.
class Signer {
 public:
  virtual ~Signer() = default;
  virtual std::string key_id() const = 0;
  // Raw signature bytes (r||s for ECDSA); empty on failure.
  virtual std::vector<std::uint8_t> sign(std::string_view message) const = 0;
};

// Checks a signature made by any key it knows (old keys keep verifying after rotation).
class Verifier {
 public:
  virtual ~Verifier() = default;
  virtual bool verify(std::string_view key_id, std::string_view message,
                      std::span<const std::uint8_t> signature) const = 0;
};

// Header constants of our own 2D-Doc-style documents. "MC00" is our own authority: it is
// not in the ANTS trust list, so generic 2D-Doc readers will (rightly) not vouch for it.
inline constexpr std::string_view kCaId = "MC00";
inline constexpr std::string_view kDocType = "AM";
inline constexpr std::string_view kPerimeter = "01";
inline constexpr std::string_view kCountry = "FR";

// The full signed string to put in the barcode. Errors (English, for logs) name the bad
// field: a malformed NIR or date, a control character, an over-long name.
std::expected<std::string, std::string> build_payload(const Rights& rights, const Signer& signer);

struct ParsedPayload {
  Rights rights;  // organisme_address/phone are empty: they are not carried
  std::string key_id;
  std::string signed_part;  // header + message: the bytes the signature covers
  std::vector<std::uint8_t> signature;
};
// Structure only; the signature is not checked. Never throws, whatever the input.
std::expected<ParsedPayload, std::string> parse_payload(std::string_view payload);

// What a third party (optician, employer) is shown. On failure every data field is empty:
// a forged payload must not be echoed back as if it meant something.
struct Verification {
  bool genuine = false;
  std::string reason;          // French, for the public page; empty when genuine
  std::string initials;        // "J.-P. L." — never the full name or NIR
  std::string organisme_name;
  std::string rights_from;     // YYYY-MM-DD
  std::string rights_to;       // YYYY-MM-DD
  std::string issue_date;      // YYYY-MM-DD
  std::string valid_until;     // YYYY-MM-DD, see validity_end()
  std::string key_id;
};
Verification verify_payload(std::string_view payload, const Verifier& verifier);

// Short code printed under the barcode, "XXXX-XXXX-XX": the first 50 bits of the signature
// in Base32. Deterministic from the signed payload, unpredictable before signing, different
// for every issuance. The caller stores code -> payload to verify a typed code.
// Empty when the payload has no well-formed signature.
std::string short_code(std::string_view payload);
// Accepts what a person types ("abcd efgh ij", "ABCD-EFGH-IJ", 0/1/8 for O/I/B) and returns
// the canonical "XXXX-XXXX-XX", or nullopt when it cannot be a short code.
std::optional<std::string> normalize_short_code(std::string_view typed);

// "J.-P. L." from given names "Jean-Pierre Marie" and family name "LE GOFF": first given
// name (hyphenated parts kept), first letter of the family name; upper-cased (é -> É).
std::string initials(std::string_view given_names, std::string_view family_name);

// "1 97 03 99 139 092 47" (sex, year, month, place 2+3, order, key). Input returned as is
// when it is not 15 characters.
std::string format_nir(std::string_view nir15);

// Last day the attestation may be relied on: one year after issue, but never past the end
// of the rights. "YYYY-MM-DD"; empty if a date is malformed.
std::string validity_end(const Rights& rights);

}  // namespace mc::attestation
