#pragma once
// NIRs never reach logs or metrics in clear (issue 17): wherever one would appear, a keyed
// pseudonym stands in ("p:" + the first 12 hex of an HMAC-SHA-256 of the 13 canonical characters
// under a server key). The same NIR always gives the same pseudonym under one key, so that an
// operator can follow one member's requests without reading their number; without the key, the
// pseudonym cannot be reversed by trying the ~10^13 numbers.
#include <functional>
#include <string>
#include <string_view>

namespace mc::nir {

// HMAC-SHA-256 in hex of its argument under the pseudonym key (supplied by the wiring).
using Mac = std::function<std::string(std::string_view)>;

// "p:" + 12 hex characters for the NIR whose 13 canonical characters are `digits13`.
[[nodiscard]] std::string pseudonym(std::string_view digits13, const Mac& mac);

// The path with every segment that reads as a NIR (13 or 15 characters, spaces, dots and dashes
// allowed, 2A/2B) replaced by its pseudonym, then any other run of 13 or more digits as well
// (a mistyped NIR is still personal data). "/conseiller/assures/1850775123456/debloquer" →
// "/conseiller/assures/p:0a1b2c3d4e5f/debloquer".
[[nodiscard]] std::string redact_path(std::string_view path, const Mac& mac);

// The same rule on free text (a log message): runs of 13+ digits and 2A/2B NIRs become pseudonyms.
[[nodiscard]] std::string redact_text(std::string_view text, const Mac& mac);

}  // namespace mc::nir
