#pragma once
// Single-use secrets (SPEC §4): e-mail links (128-bit random, 32 hex characters) and codes
// ("code provisoire": 8 characters from an alphabet without look-alikes). Only their hash is
// stored; a code is consumed by a conditional update, so two concurrent uses succeed once.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace mc::token {

// No I/O/1/0: a code read from a letter or over the phone cannot be misread.
inline constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
inline constexpr std::size_t kCodeLength = 8;
inline constexpr int kMaxCodeTries = 5;

// 5 random bytes → 8 characters (5 bits each).
[[nodiscard]] std::string make_code(std::span<const std::uint8_t, 5> random);
// "abcd-efgh", "ABCD EFGH" → "ABCDEFGH"; nullopt when it cannot be a code.
[[nodiscard]] std::optional<std::string> normalize_code(std::string_view input);
// "ABCDEFGH" → "ABCD-EFGH" (as printed on letters).
[[nodiscard]] std::string display_code(std::string_view code);

// 16 random bytes → 32 lower-case hex characters.
[[nodiscard]] std::string make_link_token(std::span<const std::uint8_t, 16> random);
[[nodiscard]] std::optional<std::string> normalize_link_token(std::string_view input);

// What a code is for. Issuing one voids the unused older ones with the same purpose.
enum class Purpose { password_reset, activation, email_verification };
[[nodiscard]] std::string_view to_string(Purpose p);
[[nodiscard]] std::optional<Purpose> parse_purpose(std::string_view s);

// How it reached the member.
enum class Channel { email, postal, counter };
[[nodiscard]] std::string_view to_string(Channel c);
[[nodiscard]] std::optional<Channel> parse_channel(std::string_view s);

struct CodeRecord {
  std::int64_t id = 0;
  std::string nir13;
  Purpose purpose = Purpose::password_reset;
  Channel channel = Channel::email;
  std::string secret_hash;  // SHA-256 (hex) of the secret
  Instant created_at{};
  Instant expires_at{};
  std::optional<Instant> used_at;
  std::optional<Instant> voided_at;
  int failed_tries = 0;
  std::string detail;  // e.g. the new e-mail address being verified
};

enum class Usability { usable, expired, used, voided, exhausted };
[[nodiscard]] Usability check(const CodeRecord& r, Instant now);

// Validity by channel (SPEC §4 defaults: 30 min, 15 days, 24 h).
struct Validity {
  Duration email_link = minutes(30);
  Duration postal = days(15);
  Duration counter = hours(24);
  Duration activation_email = days(15);
  Duration email_verification = days(2);
};

}  // namespace mc::token
