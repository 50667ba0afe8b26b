#include "core/scam/links.hpp"

#include <idn2.h>
#include <libpsl.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdlib>

#include "core/scam/text.hpp"

namespace mc::scam {
namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) pos = s.size();
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
  return out;
}

std::string normalise_domain(std::string_view d) {
  std::string s = text::ascii_lower(d);
  // Accept "host:port" and URLs' hosts as configured (public.base_url).
  if (std::size_t scheme = s.find("://"); scheme != std::string::npos) s.erase(0, scheme + 3);
  if (std::size_t slash = s.find('/'); slash != std::string::npos) s.erase(slash);
  if (std::size_t colon = s.rfind(':'); colon != std::string::npos && s.find(']') == std::string::npos)
    s.erase(colon);
  while (!s.empty() && s.front() == '.') s.erase(s.begin());
  while (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string unicode_lower(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Dotted, decimal, octal or hexadecimal IPv4, or a bracketed IPv6 literal.
bool looks_like_ip(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') return true;
  auto parts = split(host, '.');
  if (parts.size() > 4) return false;
  for (std::string_view p : parts) {
    if (p.empty()) return false;
    if (p.size() > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
      if (!std::all_of(p.begin() + 2, p.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
        return false;
    } else if (!std::all_of(p.begin(), p.end(), is_digit)) {
      return false;
    }
  }
  // A single decimal number is an IP only when long enough to be one.
  return parts.size() > 1 || host.size() >= 7;
}

struct SpoofCloser {
  void operator()(USpoofChecker* sc) const { uspoof_close(sc); }
};

bool trailing_trim_char(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == ']' ||
         c == '}' || c == '\'' || c == '"' || c == '>';
}

bool chunk_separator(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' ||
         c == '[' || c == ']' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`' || c == '\\';
}

// The URL carried in a path or query string, percent-decoded once; empty when none.
std::string redirect_target(std::string_view path) {
  std::string lower = text::ascii_lower(path.substr(0, std::min<std::size_t>(path.size(), 2048)));
  std::size_t at = std::string::npos;
  for (std::string_view m : {"=http://", "=https://", "=http%3a%2f%2f", "=https%3a%2f%2f", "=http%3a//", "=https%3a//",
                             "/http://", "/https://"}) {
    std::size_t p = lower.find(m);
    if (p != std::string::npos && p < at) at = p;
  }
  if (at == std::string::npos) return {};
  std::string_view rest = path.substr(at + 1, std::min<std::size_t>(path.size() - at - 1, 2048));
  std::string out;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '&') break;  // the next query parameter
    if (rest[i] == '%' && i + 2 < rest.size() && hex(rest[i + 1]) >= 0 && hex(rest[i + 2]) >= 0) {
      out += static_cast<char>(hex(rest[i + 1]) * 16 + hex(rest[i + 2]));
      i += 2;
    } else {
      out += rest[i];
    }
  }
  return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > limit) return limit + 1;
  if (b.size() > 64) return limit + 1;
  std::size_t prev[65], cur[65];
  for (std::size_t j = 0; j <= a.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= b.size(); ++i) {
    cur[0] = i;
    std::size_t best = cur[0];
    for (std::size_t j = 1; j <= a.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[j - 1] == b[i - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      best = std::min(best, cur[j]);
    }
    if (best > limit) return limit + 1;
    std::copy(cur, cur + a.size() + 1, prev);
  }
  return prev[a.size()];
}

HostAnalyzer::HostAnalyzer(const Rules& rules) {
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker* sc = uspoof_open(&status);
  if (U_SUCCESS(status)) skeletons_.reset(sc, SpoofCloser{});
  status = U_ZERO_ERROR;
  USpoofChecker* rc = uspoof_open(&status);
  if (U_SUCCESS(status)) {
    uspoof_setChecks(rc, USPOOF_RESTRICTION_LEVEL | USPOOF_INVISIBLE | USPOOF_MIXED_NUMBERS, &status);
    uspoof_setRestrictionLevel(rc, USPOOF_HIGHLY_RESTRICTIVE);
    restriction_.reset(rc, SpoofCloser{});
  }
  // The list compiled into libpsl: no file I/O, deterministic results.
  psl_ = psl_builtin();

  // ASCII skeletons are per-character (TR39 maps one code point at a time),
  // so a table avoids an ICU call per label for ordinary domains.
  for (int c = 0; c < 128; ++c) {
    char in[2] = {static_cast<char>(c), 0};
    char out[16] = {0};
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = skeletons_ ? uspoof_getSkeletonUTF8(skeletons_.get(), 0, in, 1, out, sizeof out, &st) : 0;
    ascii_skeleton_[c] = U_SUCCESS(st) && n > 0 ? text::ascii_lower(std::string_view(out, static_cast<std::size_t>(n)))
                                                : std::string(1, static_cast<char>(c));
  }

  for (const std::string& d : rules.official_domains) official_.push_back(normalise_domain(d));
  legitimate_ = official_;
  for (const std::string& d : rules.known_domains) legitimate_.push_back(normalise_domain(d));
  for (const std::string& s : rules.shorteners) shorteners_.insert(normalise_domain(s));
  for (const std::string& s : rules.unusual_tlds) unusual_tlds_.insert(normalise_domain(s));
  for (const std::string& s : rules.reserved_tlds) reserved_tlds_.insert(normalise_domain(s));
  for (const std::string& s : rules.download_extensions) downloads_.insert(text::ascii_lower(s));
  for (const std::string& s : rules.glued_suffixes) glued_.push_back(text::ascii_lower(s));

  auto strip_hyphens = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return text::ascii_lower(s);
  };
  for (const BrandDef& b : rules.brands) {
    BrandData data;
    for (const std::string& t : b.domain_tokens) data.tokens.insert(strip_hyphens(t));
    for (const std::string& t : b.lookalike_tokens) {
      std::string token = strip_hyphens(t);
      data.tokens.insert(token);
      data.lookalikes.emplace_back(token, skeleton(token));
    }
    for (const std::string& t : b.contains_tokens) data.contains.push_back(strip_hyphens(t));
    for (const std::string& d : b.domains) legitimate_.push_back(normalise_domain(d));
    data.primary = b.domains.empty() ? (official_.empty() ? std::string() : official_.front())
                                     : normalise_domain(b.domains.front());
    brands_.push_back(std::move(data));
  }
  for (const std::string& d : legitimate_)
    if (d.find('.') != std::string::npos) trick_domains_.push_back(d);
}

HostAnalyzer::~HostAnalyzer() = default;

const std::string& HostAnalyzer::primary_domain(int brand) const {
  static const std::string none;
  if (brand < 0 || static_cast<std::size_t>(brand) >= brands_.size()) return none;
  return brands_[static_cast<std::size_t>(brand)].primary;
}

std::string HostAnalyzer::skeleton(std::string_view s) const {
  if (is_ascii(s)) {
    std::string out;
    for (char c : s) out += ascii_skeleton_[static_cast<unsigned char>(c)];
    return out;
  }
  if (!skeletons_) return std::string(s);
  char buf[512];
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = uspoof_getSkeletonUTF8(skeletons_.get(), 0, s.data(), static_cast<int32_t>(s.size()), buf,
                                     sizeof buf, &st);
  if (U_FAILURE(st) || n <= 0 || n >= static_cast<int32_t>(sizeof buf)) return std::string(s);
  return text::ascii_lower(std::string_view(buf, static_cast<std::size_t>(n)));
}

bool HostAnalyzer::under_any(std::string_view host, const std::vector<std::string>& domains) const {
  for (const std::string& d : domains) {
    if (host == d) return true;
    if (host.size() > d.size() && host.ends_with(d) && host[host.size() - d.size() - 1] == '.') return true;
  }
  return false;
}

bool HostAnalyzer::known_tld(std::string_view tld) const {
  if (tld.size() < 2 || tld.size() > 24) return false;
  std::string t = text::ascii_lower(tld);
  if (reserved_tlds_.contains(t)) return true;
  if (!std::all_of(t.begin(), t.end(), is_alpha) && !t.starts_with("xn--")) return false;
  return psl_ && psl_is_public_suffix2(psl_, t.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

bool HostAnalyzer::is_shortener(std::string_view registrable) const {
  return shorteners_.contains(std::string(registrable));
}
bool HostAnalyzer::is_unusual_tld(std::string_view tld) const { return unusual_tlds_.contains(std::string(tld)); }

bool HostAnalyzer::is_download(std::string_view path) const {
  std::size_t end = path.find_first_of("?#");
  std::string_view p = path.substr(0, end);
  std::size_t dot = p.rfind('.');
  if (dot == std::string_view::npos || p.find('/', dot) != std::string_view::npos) return false;
  return downloads_.contains(text::ascii_lower(p.substr(dot + 1)));
}

BrandMatch HostAnalyzer::match_word(std::string_view word) const {
  BrandMatch best;
  if (word.empty() || word.size() > 63) return best;
  std::string w(word);
  if (is_ascii(w)) w = text::ascii_lower(w);
  // Candidates: the word, without trailing digits ("cpam34"), and without a
  // glued country or State suffix ("amelifr").
  std::vector<std::string> candidates{w};
  std::size_t k = w.size();
  while (k > 0 && is_digit(w[k - 1])) --k;
  if (k > 0 && k < w.size()) candidates.push_back(w.substr(0, k));
  for (const std::string& g : glued_)
    if (w.size() > g.size() + 2 && w.ends_with(g)) candidates.push_back(w.substr(0, w.size() - g.size()));

  for (const std::string& c : candidates) {
    for (std::size_t b = 0; b < brands_.size(); ++b) {
      const BrandData& data = brands_[b];
      if (data.tokens.contains(c)) return {BrandMatch::Kind::brand, static_cast<int>(b), c};
      for (const std::string& t : data.contains)
        if (c.find(t) != std::string::npos) return {BrandMatch::Kind::brand, static_cast<int>(b), t};
    }
  }
  for (const std::string& c : candidates) {
    std::string skel = skeleton(c);
    for (std::size_t b = 0; b < brands_.size(); ++b) {
      for (const auto& [token, token_skel] : brands_[b].lookalikes) {
        if (skel == token_skel) return {BrandMatch::Kind::homoglyph, static_cast<int>(b), token};
        std::size_t max_d = token.size() >= 9 ? 2 : token.size() >= 5 ? 1 : 0;
        if (max_d > 0 && best.kind == BrandMatch::Kind::none && edit_distance(skel, token_skel, max_d) <= max_d)
          best = {BrandMatch::Kind::typo, static_cast<int>(b), token};
      }
    }
  }
  return best;
}

BrandMatch HostAnalyzer::match_text_word(std::string_view word) const {
  if (word.empty() || word.size() > 63 || is_ascii(word)) return {};
  BrandMatch m = match_word(unicode_lower(word));
  if (m.kind == BrandMatch::Kind::homoglyph) return m;
  return {};
}

BrandMatch HostAnalyzer::match_ascii_lookalike(std::string_view word) const {
  if (word.size() < 3 || word.size() > 63 || !is_ascii(word)) return {};
  const std::string lower = text::ascii_lower(word);
  const std::string skel = skeleton(lower);
  for (std::size_t b = 0; b < brands_.size(); ++b)
    for (const auto& [token, token_skel] : brands_[b].lookalikes)
      if (skel == token_skel && lower != token) return {BrandMatch::Kind::homoglyph, static_cast<int>(b), token};
  return {};
}

HostInfo HostAnalyzer::analyse(std::string_view host_in) const {
  HostInfo info;
  std::string_view host = host_in;
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) {
    info.invalid = true;
    return info;
  }
  if (is_ascii(host)) {
    info.ace = text::ascii_lower(host);
    if (looks_like_ip(info.ace)) {
      info.ip = true;
      info.unicode = info.registrable = info.ace;
      info.official = under_any(info.ace, official_);
      info.legitimate = info.official || under_any(info.ace, legitimate_);
      return info;
    }
    info.unicode = info.ace;
    if (info.ace.find("xn--") != std::string::npos) {
      info.idn = true;
      char* out = nullptr;
      if (idn2_to_unicode_8z8z(info.ace.c_str(), &out, 0) == IDN2_OK && out != nullptr) {
        info.unicode = unicode_lower(out);
      } else {
        info.invalid = true;
      }
      idn2_free(out);
    }
  } else {
    info.idn = true;
    info.unicode = unicode_lower(host);
    std::string h(host);
    char* out = nullptr;
    int rc = idn2_to_ascii_8z(h.c_str(), &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    if (rc != IDN2_OK) {
      idn2_free(out);
      out = nullptr;
      rc = idn2_to_ascii_8z(h.c_str(), &out, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
    }
    if (rc == IDN2_OK && out != nullptr) {
      info.ace = text::ascii_lower(out);
    } else {
      info.invalid = true;
      info.ace = info.unicode;
    }
    idn2_free(out);
  }

  info.official = under_any(info.ace, official_);
  info.legitimate = info.official || under_any(info.ace, legitimate_);
  const char* reg = psl_ && is_ascii(info.ace) ? psl_registrable_domain(psl_, info.ace.c_str()) : nullptr;
  info.registrable = reg != nullptr ? std::string(reg) : info.ace;
  std::size_t dot = info.ace.rfind('.');
  info.tld = dot == std::string::npos ? info.ace : info.ace.substr(dot + 1);
  if (info.legitimate) return info;

  for (const std::string& d : trick_domains_) {
    std::size_t at = info.ace.find(d);
    while (at != std::string::npos) {
      bool starts = at == 0 || info.ace[at - 1] == '.';
      std::size_t after = at + d.size();
      bool continues = after < info.ace.size() && (info.ace[after] == '.' || info.ace[after] == '-');
      if (starts && continues) {
        info.trick = d;
        break;
      }
      at = info.ace.find(d, at + 1);
    }
    if (!info.trick.empty()) break;
  }

  // Owner labels: the host minus its public suffix ("securite.amelli" in securite.amelli.com).
  auto reg_labels = split(info.registrable, '.').size();
  auto labels = split(info.unicode, '.');
  std::size_t owner = labels.size() >= reg_labels ? labels.size() - (reg_labels - 1) : labels.size();
  for (std::size_t i = 0; i < owner && i < 16; ++i) {
    std::string_view label = labels[i];
    if (info.idn && restriction_ && !is_ascii(label)) {
      UErrorCode st = U_ZERO_ERROR;
      int32_t r = uspoof_checkUTF8(restriction_.get(), label.data(), static_cast<int32_t>(label.size()), nullptr, &st);
      if (U_SUCCESS(st) && r != 0) info.mixed_script = true;
    }
    auto parts = split(label, '-');
    parts.erase(std::remove(parts.begin(), parts.end(), std::string_view()), parts.end());
    for (std::size_t p = 0; p < parts.size() && p < 16; ++p) {
      std::string joined;
      for (std::size_t n = 0; n < 3 && p + n < parts.size(); ++n) {
        joined += parts[p + n];
        BrandMatch m = match_word(joined);
        bool better = m.kind != BrandMatch::Kind::none &&
                      (info.look.kind == BrandMatch::Kind::none ||
                       (info.look.kind == BrandMatch::Kind::typo && m.kind != BrandMatch::Kind::typo));
        if (better) info.look = m;
      }
    }
  }
  return info;
}

bool HostAnalyzer::bare_domain_ok(std::string_view host) const {
  auto labels = split(host, '.');
  if (labels.size() < 2) return false;
  for (std::string_view l : labels) {
    if (l.empty() || l.size() > 63 || l.front() == '-' || l.back() == '-') return false;
    for (char c : l)
      if (!(is_alnum(c) || c == '-' || static_cast<unsigned char>(c) >= 0x80)) return false;
  }
  std::string_view tld = labels.back();
  // "demain.Je" is a missing space after a full stop, not a link to Jersey.
  bool tld_lower = std::none_of(tld.begin(), tld.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  bool all_upper = std::none_of(host.begin(), host.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (!tld_lower && !all_upper) return false;
  return known_tld(tld);
}

std::vector<Link> HostAnalyzer::extract(std::string_view s, std::size_t max_links, std::size_t max_link_bytes,
                                        std::size_t& total) const {
  std::vector<Link> links;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && chunk_separator(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t start = i;
    while (i < s.size()) {
      // A bracketed IPv6 host right after "://" (including IPv4-mapped "[::ffff:c633:6412]" and
      // IPv4-compatible "[::198.51.100.23]") belongs to the link.
      if (s[i] == '[' && i >= start + 3 && s.substr(i - 3, 3) == "://") {
        std::size_t close = s.find(']', i);
        if (close != std::string_view::npos && close - i <= 64) {
          i = close + 1;
          continue;
        }
      }
      if (chunk_separator(static_cast<unsigned char>(s[i]))) break;
      ++i;
    }
    std::string_view chunk = s.substr(start, i - start);
    if (chunk.size() < 4) continue;
    // "data:text/html;base64,…": a whole page inside the link.
    if (std::size_t d = text::ascii_lower(chunk.substr(0, std::min<std::size_t>(chunk.size(), 64))).find("data:");
        d != std::string::npos && chunk.find('/', d) != std::string_view::npos &&
        (d == 0 || !is_alnum(chunk[d - 1]))) {
      ++total;
      if (links.size() >= max_links) continue;
      Link link;
      link.scheme = "data";
      link.data = true;
      link.text = std::string(chunk.substr(d, std::min(chunk.size() - d, std::min<std::size_t>(max_link_bytes, 60))));
      links.push_back(std::move(link));
      continue;
    }
    if (chunk.find('.') == std::string_view::npos && chunk.find("://") == std::string_view::npos) continue;
    while (!chunk.empty() && trailing_trim_char(chunk.back())) chunk.remove_suffix(1);
    if (chunk.ends_with("\xE2\x80\xA6")) chunk.remove_suffix(3);  // "…"

    Link link;
    std::string_view url;
    std::size_t scheme_at = chunk.find("://");
    if (scheme_at != std::string_view::npos) {
      std::size_t b = scheme_at;
      while (b > 0 && is_alpha(chunk[b - 1])) --b;
      link.scheme = text::ascii_lower(chunk.substr(b, scheme_at - b));
      url = chunk.substr(b);
      chunk = chunk.substr(scheme_at + 3);
    } else {
      // Skip leading punctuation or emoji glued to the address ("👉www.…").
      std::size_t b = 0;
      while (b < chunk.size()) {
        UChar32 c;
        std::size_t at = b;
        int32_t idx = static_cast<int32_t>(b);
        U8_NEXT(reinterpret_cast<const uint8_t*>(chunk.data()), idx, static_cast<int32_t>(chunk.size()), c);
        if (c >= 0 && u_isalnum(c)) break;
        b = static_cast<std::size_t>(idx);
        if (b == at) break;
      }
      chunk = chunk.substr(b);
      url = chunk;
    }
    if (chunk.empty()) continue;

    std::size_t auth_end = chunk.find_first_of("/?#\\");
    std::string_view authority = chunk.substr(0, auth_end);
    link.path = auth_end == std::string_view::npos ? "" : std::string(chunk.substr(auth_end));
    std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      link.userinfo = std::string(authority.substr(0, at));
      authority = authority.substr(at + 1);
      // "name@domain" with no scheme and no path is an e-mail address.
      link.email = link.scheme.empty() && link.path.empty();
    }
    std::string_view host = authority;
    if (!host.empty() && host.front() == '[') {
      std::size_t close = host.find(']');
      host = host.substr(0, close == std::string_view::npos ? host.size() : close + 1);
    } else if (std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
      std::string_view port = host.substr(colon + 1);
      if (!port.empty() && std::all_of(port.begin(), port.end(), is_digit)) link.port = std::string(port);
      host = host.substr(0, colon);
    }
    if (host.empty()) continue;
    if (link.scheme.empty()) {
      bool ip = looks_like_ip(host) && std::count(host.begin(), host.end(), '.') == 3;
      if (ip ? (link.path.empty() && link.port.empty()) : !bare_domain_ok(host)) continue;
    }
    ++total;
    if (links.size() >= max_links) continue;
    link.host = std::string(host.substr(0, std::min<std::size_t>(host.size(), 253)));
    link.text = std::string(url.substr(0, std::min(url.size(), max_link_bytes)));
    if (link.path.size() > max_link_bytes) link.path.resize(max_link_bytes);
    // An open redirector ("google.com/url?q=https://…", "…/redirect?to=https%3A%2F%2F…"): the
    // target is a link of its own, remembered as reached through this host.
    std::string target = redirect_target(link.path);
    std::string via = link.host;
    links.push_back(std::move(link));
    if (!target.empty() && links.size() < max_links) {
      std::size_t ignored = 0;
      std::vector<Link> inner = extract(target, 1, max_link_bytes, ignored);
      if (!inner.empty() && !inner.front().data) {
        inner.front().via = via;
        links.push_back(std::move(inner.front()));
      }
    }
  }
  return links;
}

}  // namespace mc::scam
