#include "core/attestation/attestation.hpp"

#include <algorithm>
#include <array>

#include "core/attestation/base32.hpp"
#include "core/attestation/dates.hpp"
#include "core/attestation/twoddoc.hpp"
#include "core/utf8.hpp"

namespace mc::attestation {
namespace {

// Message fields of document type "AM". Identifiers are ours (2D-Doc has no attestation de
// droits type); lengths are bytes of UTF-8.
constexpr std::string_view kNir = "10", kFamily = "11", kGiven = "12", kBirth = "13",
                           kOrgCode = "14", kOrgName = "15", kFrom = "16", kTo = "17",
                           kCss = "18", kAld = "19";
constexpr std::array<twoddoc::FieldSpec, 10> kSpecs{{
    {kNir, 15, 15},
    {kFamily, 1, 60},
    {kGiven, 1, 60},
    {kBirth, 8, 8},
    {kOrgCode, 1, 20},
    {kOrgName, 1, 80},
    {kFrom, 8, 8},
    {kTo, 8, 8},
    {kCss, 1, 1},
    {kAld, 1, 1},
}};

constexpr std::size_t kShortCodeChars = 10;  // 50 bits

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool valid_nir15(std::string_view n) {
  if (n.size() != 15) return false;
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (is_digit(n[i])) continue;
    // Corsica: département "2A"/"2B" in positions 6-7.
    if (i == 6 && n[5] == '2' && (n[6] == 'A' || n[6] == 'B')) continue;
    return false;
  }
  return true;
}

bool is_base32_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); }

bool valid_key_id(std::string_view id) {
  return id.size() == 4 && std::ranges::all_of(id, is_base32_char);
}

bool valid_utf8(std::string_view s) {
  while (!s.empty()) {
    const auto [cp, len] = utf8::well_formed_sequence(s);
    if (len == 0) return false;
    s.remove_prefix(len);
  }
  return true;
}

std::string encode_utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// Upper case for the letters French names use (ASCII, Latin-1, œ, ÿ); others unchanged.
char32_t to_upper(char32_t c) {
  if (c >= U'a' && c <= U'z') return c - 0x20;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c == 0xFF) return 0x178;   // ÿ -> Ÿ
  if (c == 0x153) return 0x152;  // œ -> Œ
  return c;
}

bool is_letter_start(char32_t c) {
  // Skips apostrophes, spaces and punctuation in front of a name part ("'Aïcha").
  return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z') || c >= 0xC0;
}

// "É." from "élodie"; empty when the part has no letter.
std::string initial_of(std::string_view part) {
  while (!part.empty()) {
    const auto [cp, len] = utf8::well_formed_sequence(part);
    if (len == 0) return {};
    if (is_letter_start(cp) && cp != 0xD7 && cp != 0xF7) return encode_utf8(to_upper(cp)) + ".";
    part.remove_prefix(len);
  }
  return {};
}

std::string_view first_token(std::string_view s) {
  const auto start = s.find_first_not_of(" ,");
  if (start == std::string_view::npos) return {};
  s.remove_prefix(start);
  return s.substr(0, s.find_first_of(" ,"));
}

std::expected<std::string, std::string> ddmmyyyy_of(std::string_view iso, std::string_view what) {
  const auto d = parse_iso_date(iso);
  if (!d) return std::unexpected{std::string{what} + " is not a YYYY-MM-DD date"};
  return to_ddmmyyyy(*d);
}

}  // namespace

std::expected<std::string, std::string> build_payload(const Rights& r, const Signer& signer) {
  if (!valid_nir15(r.nir15)) return std::unexpected{"nir15 must be 15 characters (13 + key)"};
  for (auto [value, what] : {std::pair{&r.family_name, "family_name"}, {&r.given_names, "given_names"},
                             {&r.organisme_code, "organisme_code"}, {&r.organisme_name, "organisme_name"}}) {
    if (!valid_utf8(*value)) return std::unexpected{std::string{what} + " is not UTF-8"};
  }
  const auto issued = parse_iso_date(r.issue_date);
  if (!issued) return std::unexpected{"issue_date is not a YYYY-MM-DD date"};
  const auto birth = ddmmyyyy_of(r.birth_date, "birth_date");
  const auto from = ddmmyyyy_of(r.rights_from, "rights_from");
  const auto to = ddmmyyyy_of(r.rights_to, "rights_to");
  for (const auto* d : {&birth, &from, &to})
    if (!*d) return std::unexpected{d->error()};

  const std::string key_id = signer.key_id();
  if (!valid_key_id(key_id)) return std::unexpected{"signer key id must be 4 Base32 characters"};
  twoddoc::Header header{std::string{kCaId}, key_id, *issued, *issued,
                         std::string{kDocType}, std::string{kPerimeter}, std::string{kCountry}};
  auto head = twoddoc::encode_header(header);
  if (!head) return std::unexpected{head.error()};

  const std::array<twoddoc::Field, 10> fields{{
      {std::string{kNir}, r.nir15},
      {std::string{kFamily}, r.family_name},
      {std::string{kGiven}, r.given_names},
      {std::string{kBirth}, *birth},
      {std::string{kOrgCode}, r.organisme_code},
      {std::string{kOrgName}, r.organisme_name},
      {std::string{kFrom}, *from},
      {std::string{kTo}, *to},
      {std::string{kCss}, r.css ? "1" : "0"},
      {std::string{kAld}, r.ald ? "1" : "0"},
  }};
  auto message = twoddoc::encode_message(fields, kSpecs);
  if (!message) return std::unexpected{message.error()};

  const std::string signed_part = *head + *message;
  const auto signature = signer.sign(signed_part);
  if (signature.empty()) return std::unexpected{"signing failed"};
  return twoddoc::append_signature(signed_part, signature);
}

std::expected<ParsedPayload, std::string> parse_payload(std::string_view payload) {
  auto doc = twoddoc::parse(payload, kSpecs);
  if (!doc) return std::unexpected{doc.error()};
  const auto& h = doc->header;
  if (h.ca_id != kCaId || h.doc_type != kDocType || h.perimeter != kPerimeter || h.country != kCountry)
    return std::unexpected{"not a MonCompte attestation header"};
  if (!valid_key_id(h.cert_id)) return std::unexpected{"malformed key id"};
  if (!h.issue_date || h.signature_date != h.issue_date) return std::unexpected{"missing or inconsistent dates"};
  if (doc->fields.size() != kSpecs.size()) return std::unexpected{"missing field"};

  ParsedPayload out;
  out.key_id = h.cert_id;
  out.signed_part = std::move(doc->signed_part);
  out.signature = std::move(doc->signature);
  Rights& r = out.rights;
  r.issue_date = format_iso_date(*h.issue_date);
  for (const auto& f : doc->fields) {
    const std::string_view id = f.id;
    auto date = [&](std::string& target) -> bool {
      const auto d = from_ddmmyyyy(f.value);
      if (d) target = format_iso_date(*d);
      return d.has_value();
    };
    auto flag = [&](bool& target) -> bool {
      target = f.value == "1";
      return f.value == "0" || f.value == "1";
    };
    bool ok = true;
    if (id == kNir) { r.nir15 = f.value; ok = valid_nir15(f.value); }
    else if (id == kFamily) { r.family_name = f.value; ok = valid_utf8(f.value); }
    else if (id == kGiven) { r.given_names = f.value; ok = valid_utf8(f.value); }
    else if (id == kBirth) ok = date(r.birth_date);
    else if (id == kOrgCode) { r.organisme_code = f.value; ok = valid_utf8(f.value); }
    else if (id == kOrgName) { r.organisme_name = f.value; ok = valid_utf8(f.value); }
    else if (id == kFrom) ok = date(r.rights_from);
    else if (id == kTo) ok = date(r.rights_to);
    else if (id == kCss) ok = flag(r.css);
    else if (id == kAld) ok = flag(r.ald);
    if (!ok) return std::unexpected{"field " + f.id + " has an invalid value"};
  }
  return out;
}

Verification verify_payload(std::string_view payload, const Verifier& verifier) {
  Verification v;
  const auto parsed = parse_payload(payload);
  if (!parsed) {
    v.reason = "Le contenu lu n'a pas le format d'une attestation de droits : ce document n'est pas authentique.";
    return v;
  }
  if (!verifier.verify(parsed->key_id, parsed->signed_part, parsed->signature)) {
    v.reason = "La signature électronique ne correspond pas : ce document n'est pas authentique ou a été modifié.";
    return v;
  }
  const Rights& r = parsed->rights;
  v.genuine = true;
  v.initials = initials(r.given_names, r.family_name);
  v.organisme_name = r.organisme_name;
  v.rights_from = r.rights_from;
  v.rights_to = r.rights_to;
  v.issue_date = r.issue_date;
  v.valid_until = validity_end(r);
  v.key_id = parsed->key_id;
  return v;
}

std::string short_code(std::string_view payload) {
  const auto us = payload.rfind(twoddoc::kUS);
  if (us == std::string_view::npos) return {};
  const auto sig = payload.substr(us + 1);
  if (sig.size() < kShortCodeChars) return {};
  const auto head = sig.substr(0, kShortCodeChars);
  if (!std::ranges::all_of(head, is_base32_char)) return {};
  return std::string{head.substr(0, 4)} + "-" + std::string{head.substr(4, 4)} + "-" +
         std::string{head.substr(8, 2)};
}

std::optional<std::string> normalize_short_code(std::string_view typed) {
  std::string chars;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '.' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    // Base32 has no 0, 1 or 8: people read them for O, I and B.
    if (c == '0') c = 'O';
    else if (c == '1') c = 'I';
    else if (c == '8') c = 'B';
    if (!is_base32_char(c)) return std::nullopt;
    chars += c;
    if (chars.size() > kShortCodeChars) return std::nullopt;
  }
  if (chars.size() != kShortCodeChars) return std::nullopt;
  return chars.substr(0, 4) + "-" + chars.substr(4, 4) + "-" + chars.substr(8, 2);
}

std::string initials(std::string_view given_names, std::string_view family_name) {
  std::string given;
  std::string_view first = first_token(given_names);
  while (!first.empty()) {
    const auto dash = first.find('-');
    const std::string part = initial_of(first.substr(0, dash));
    if (!part.empty()) {
      if (!given.empty()) given += '-';
      given += part;
    }
    if (dash == std::string_view::npos) break;
    first.remove_prefix(dash + 1);
  }
  std::string family = initial_of(family_name);
  if (given.empty()) return family;
  if (family.empty()) return given;
  return given + " " + family;
}

std::string format_nir(std::string_view n) {
  if (n.size() != 15) return std::string{n};
  std::string out;
  out.reserve(21);
  const std::size_t cuts[] = {1, 3, 5, 7, 10, 13, 15};
  std::size_t start = 0;
  for (std::size_t cut : cuts) {
    if (!out.empty()) out += ' ';
    out += n.substr(start, cut - start);
    start = cut;
  }
  return out;
}

std::string validity_end(const Rights& r) {
  const auto issued = parse_iso_date(r.issue_date);
  const auto until = parse_iso_date(r.rights_to);
  if (!issued || !until) return {};
  return format_iso_date(std::min(one_year_validity_end(*issued), *until));
}

}  // namespace mc::attestation
