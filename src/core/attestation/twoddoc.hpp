#pragma once
// Generic 2D-Doc container (ANTS "Spécifications techniques des codes à barres 2D-Doc",
// header version 04, C40-style text): header(26) + message + <US> + Base32(signature).
// The signed bytes are header + message, exactly as they appear in the string.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/attestation/dates.hpp"

namespace mc::attestation::twoddoc {

inline constexpr char kGS = '\x1D';  // ends a variable-length field
inline constexpr char kRS = '\x1E';  // marks a truncated field (never produced, rejected)
inline constexpr char kUS = '\x1F';  // separates the signed part from the signature
inline constexpr std::size_t kHeaderLength = 26;

struct Header {
  std::string ca_id;    // 4 chars, the certification authority
  std::string cert_id;  // 4 chars, the signing key within that authority
  std::optional<Date> issue_date;
  std::optional<Date> signature_date;
  std::string doc_type;   // 2 chars
  std::string perimeter;  // 2 chars
  std::string country;    // 2 chars
};

// A field of the message: a 2-character identifier and a value of min..max bytes.
// min == max means fixed length (no <GS> terminator).
struct FieldSpec {
  std::string_view id;
  std::size_t min_length;
  std::size_t max_length;
};

struct Field {
  std::string id;
  std::string value;
};

struct Document {
  Header header;
  std::vector<Field> fields;       // in payload order
  std::string signed_part;         // header + message: the bytes the signature covers
  std::vector<std::uint8_t> signature;
};

// Errors are short English diagnostics for logs and tests, never shown to users.
std::expected<std::string, std::string> encode_header(const Header& h);
std::expected<Header, std::string> parse_header(std::string_view text);

// Encodes fields in the given order. Every value must be printable (no byte below 0x20,
// no 0x7F) and fit its spec; every field must have a spec.
std::expected<std::string, std::string> encode_message(std::span<const Field> fields,
                                                       std::span<const FieldSpec> specs);

// Full string: signed_part + <US> + Base32(signature).
std::string append_signature(std::string_view signed_part, std::span<const std::uint8_t> signature);

// Parses and checks the structure only (the signature is returned, not verified).
// Rejects unknown or repeated identifiers, truncated fields and non-canonical Base32.
std::expected<Document, std::string> parse(std::string_view payload,
                                           std::span<const FieldSpec> specs);

}  // namespace mc::attestation::twoddoc
