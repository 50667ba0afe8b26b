#include "core/token/token.hpp"

#include "core/enum_names.hpp"

namespace mc::token {

std::string make_code(std::span<const std::uint8_t, 5> r) {
  std::uint64_t bits = 0;
  for (auto b : r) bits = (bits << 8) | b;
  std::string out(kCodeLength, 'A');
  for (std::size_t i = 0; i < kCodeLength; ++i) out[i] = kCodeAlphabet[(bits >> (35 - 5 * i)) & 0x1F];
  return out;
}

std::optional<std::string> normalize_code(std::string_view input) {
  std::string out;
  for (char c : input) {
    if (c == ' ' || c == '-' || c == '.' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kCodeAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    out.push_back(c);
    if (out.size() > kCodeLength) return std::nullopt;
  }
  if (out.size() != kCodeLength) return std::nullopt;
  return out;
}

std::string display_code(std::string_view code) {
  if (code.size() != kCodeLength) return std::string(code);
  return std::string(code.substr(0, 4)) + "-" + std::string(code.substr(4));
}

std::string make_link_token(std::span<const std::uint8_t, 16> r) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (auto b : r) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xF]);
  }
  return out;
}

std::optional<std::string> normalize_link_token(std::string_view input) {
  if (input.size() != 32) return std::nullopt;
  std::string out(input);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  return out;
}

namespace {
constexpr EnumName<Purpose> kPurposeNames[] = {{Purpose::password_reset, "password_reset"},
                                               {Purpose::activation, "activation"},
                                               {Purpose::email_verification, "email_verification"}};
constexpr EnumName<Channel> kChannelNames[] = {
    {Channel::email, "email"}, {Channel::postal, "postal"}, {Channel::counter, "counter"}};
}  // namespace

std::string_view to_string(Purpose p) { return name_of(kPurposeNames, p, "password_reset"); }

std::optional<Purpose> parse_purpose(std::string_view s) { return value_named(kPurposeNames, s); }

std::string_view to_string(Channel c) { return name_of(kChannelNames, c, "email"); }

std::optional<Channel> parse_channel(std::string_view s) { return value_named(kChannelNames, s); }

Usability check(const CodeRecord& r, Instant now) {
  if (r.used_at) return Usability::used;
  if (r.voided_at) return Usability::voided;
  if (r.failed_tries >= kMaxCodeTries) return Usability::exhausted;
  if (now >= r.expires_at) return Usability::expired;
  return Usability::usable;
}

}  // namespace mc::token
