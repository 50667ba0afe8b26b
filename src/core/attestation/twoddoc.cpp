#include "core/attestation/twoddoc.hpp"

#include <algorithm>

#include "core/attestation/base32.hpp"

namespace mc::attestation::twoddoc {
namespace {

bool is_upper_alnum(std::string_view s) {
  return std::ranges::all_of(s, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

bool is_printable(std::string_view s) {
  return std::ranges::all_of(s, [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u != 0x7F;
  });
}

const FieldSpec* find_spec(std::span<const FieldSpec> specs, std::string_view id) {
  for (const auto& s : specs)
    if (s.id == id) return &s;
  return nullptr;
}

std::expected<std::string, std::string> date_or_none(const std::optional<Date>& d) {
  if (!d) return std::string{"FFFF"};
  auto hex = to_hex_days(*d);
  if (!hex) return std::unexpected{"date outside the 2D-Doc range"};
  return *hex;
}

}  // namespace

std::expected<std::string, std::string> encode_header(const Header& h) {
  if (h.ca_id.size() != 4 || h.cert_id.size() != 4 || h.doc_type.size() != 2 ||
      h.perimeter.size() != 2 || h.country.size() != 2)
    return std::unexpected{"header field of wrong length"};
  if (!is_upper_alnum(h.ca_id) || !is_upper_alnum(h.cert_id) || !is_upper_alnum(h.doc_type) ||
      !is_upper_alnum(h.perimeter) || !is_upper_alnum(h.country))
    return std::unexpected{"header fields must be upper-case letters and digits"};
  auto issue = date_or_none(h.issue_date);
  if (!issue) return std::unexpected{issue.error()};
  auto signature = date_or_none(h.signature_date);
  if (!signature) return std::unexpected{signature.error()};
  return "DC04" + h.ca_id + h.cert_id + *issue + *signature + h.doc_type + h.perimeter + h.country;
}

std::expected<Header, std::string> parse_header(std::string_view t) {
  if (t.size() < 2 || t.substr(0, 2) != "DC") return std::unexpected{"missing DC marker"};
  if (t.size() < 4 || t.substr(2, 2) != "04") return std::unexpected{"unsupported 2D-Doc version"};
  if (t.size() < kHeaderLength) return std::unexpected{"header shorter than 26 characters"};
  t = t.substr(0, kHeaderLength);
  if (!is_upper_alnum(t)) return std::unexpected{"header has characters outside A-Z0-9"};
  Header h;
  h.ca_id = t.substr(4, 4);
  h.cert_id = t.substr(8, 4);
  const auto issue = t.substr(12, 4), signature = t.substr(16, 4);
  h.issue_date = from_hex_days(issue);
  h.signature_date = from_hex_days(signature);
  if ((!h.issue_date && issue != "FFFF") || (!h.signature_date && signature != "FFFF"))
    return std::unexpected{"header date is not 4 upper-case hex digits"};
  h.doc_type = t.substr(20, 2);
  h.perimeter = t.substr(22, 2);
  h.country = t.substr(24, 2);
  return h;
}

std::expected<std::string, std::string> encode_message(std::span<const Field> fields,
                                                       std::span<const FieldSpec> specs) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    const FieldSpec* spec = find_spec(specs, f.id);
    if (!spec) return std::unexpected{"no spec for field " + f.id};
    if (f.value.size() < spec->min_length || f.value.size() > spec->max_length)
      return std::unexpected{"field " + f.id + " has a wrong length"};
    if (!is_printable(f.value)) return std::unexpected{"field " + f.id + " has a control character"};
    out += f.id;
    out += f.value;
    const bool fixed = spec->min_length == spec->max_length;
    const bool last = i + 1 == fields.size();
    if (!fixed && !last && f.value.size() < spec->max_length) out += kGS;
  }
  return out;
}

std::string append_signature(std::string_view signed_part, std::span<const std::uint8_t> signature) {
  std::string out{signed_part};
  out += kUS;
  out += base32_encode(signature);
  return out;
}

std::expected<Document, std::string> parse(std::string_view payload,
                                           std::span<const FieldSpec> specs) {
  const auto us = payload.find(kUS);
  if (us == std::string_view::npos) return std::unexpected{"no signature separator"};
  if (payload.find(kUS, us + 1) != std::string_view::npos)
    return std::unexpected{"more than one signature separator"};

  Document doc;
  auto header = parse_header(payload.substr(0, us));
  if (!header) return std::unexpected{header.error()};
  doc.header = std::move(*header);
  doc.signed_part = std::string{payload.substr(0, us)};

  auto signature = base32_decode(payload.substr(us + 1));
  if (!signature || signature->empty()) return std::unexpected{"signature is not canonical Base32"};
  doc.signature = std::move(*signature);

  std::string_view rest = std::string_view{doc.signed_part}.substr(kHeaderLength);
  while (!rest.empty()) {
    if (rest.size() < 2) return std::unexpected{"dangling field identifier"};
    const std::string id{rest.substr(0, 2)};
    rest.remove_prefix(2);
    const FieldSpec* spec = find_spec(specs, id);
    if (!spec) return std::unexpected{"unknown field " + id};
    if (std::ranges::any_of(doc.fields, [&](const Field& f) { return f.id == id; }))
      return std::unexpected{"repeated field " + id};

    std::size_t length;
    bool consumed_gs = false;
    if (spec->min_length == spec->max_length) {
      length = spec->min_length;
      if (rest.size() < length) return std::unexpected{"field " + id + " is cut short"};
    } else {
      // Ends at <GS>, at the end of the message, or at its maximum length.
      const std::size_t window = std::min(rest.size(), spec->max_length + 1);
      const auto gs = rest.substr(0, window).find(kGS);
      if (gs != std::string_view::npos) {
        length = gs;
        consumed_gs = true;
      } else if (rest.size() <= spec->max_length) {
        length = rest.size();
      } else {
        length = spec->max_length;
      }
      if (length < spec->min_length) return std::unexpected{"field " + id + " is too short"};
    }
    const auto value = rest.substr(0, length);
    if (!is_printable(value))
      return std::unexpected{"field " + id + " has a control character (truncated or damaged)"};
    doc.fields.push_back({id, std::string{value}});
    rest.remove_prefix(length + (consumed_gs ? 1 : 0));
    // A <GS> may not end the message: the encoder never writes one there.
    if (consumed_gs && rest.empty()) return std::unexpected{"message ends with a separator"};
  }
  return doc;
}

}  // namespace mc::attestation::twoddoc
