// Links in a message: extraction (with or without scheme, e-mail addresses,
// userinfo tricks) and analysis of a host name against the official domains
// and the brands that scams imitate.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/scam/rules.hpp"

struct USpoofChecker;
struct psl_ctx_st;

namespace mc::scam {

struct Link {
  std::string text;  // as found in the message (capped)
  std::string scheme;
  std::string userinfo;  // before '@' in the authority: "https://ameli.fr@evil.example"
  std::string host;      // as written (may be Unicode)
  std::string port;
  std::string path;      // from the first '/', '?' or '#'
  bool email = false;    // an e-mail address written in the text
  bool data = false;     // a "data:" URL (the page is inside the link)
  std::string via;       // the host of the redirector it was found in ("google.com/url?q=…")
};

struct BrandMatch {
  enum class Kind { none, brand, homoglyph, typo };
  Kind kind = Kind::none;
  int brand = -1;
  std::string token;  // the brand word imitated, e.g. "ameli"
};

struct HostInfo {
  std::string ace;          // ASCII form, lower case (punycode for IDN)
  std::string unicode;      // lower-case Unicode form, for display
  std::string registrable;  // per the Public Suffix List
  std::string tld;
  bool ip = false;
  bool idn = false;
  bool invalid = false;
  bool mixed_script = false;
  bool official = false;    // under one of the insurer's / State's official domains
  bool legitimate = false;  // official, a brand's own or a known domain
  BrandMatch look;
  std::string trick;        // an official domain written at the start of a foreign host
};

class HostAnalyzer {
 public:
  explicit HostAnalyzer(const Rules& rules);
  ~HostAnalyzer();
  HostAnalyzer(const HostAnalyzer&) = delete;
  HostAnalyzer& operator=(const HostAnalyzer&) = delete;

  HostInfo analyse(std::string_view host) const;
  // Looks for a brand inside one word (labels, path segments).
  BrandMatch match_word(std::string_view word) const;
  // A word of the text written with look-alike letters of another script
  // ("Аmeli" with a Cyrillic А): a homoglyph match only, never plain text.
  BrandMatch match_text_word(std::string_view word) const;
  // An ASCII word of the text whose UTS #39 skeleton is a brand's but that is
  // not the brand ("arneli": "rn" for "m"). Skeleton equality only (cheap).
  BrandMatch match_ascii_lookalike(std::string_view word) const;
  // Links in `display`, at most `max_links`; `total` counts every candidate.
  std::vector<Link> extract(std::string_view display, std::size_t max_links, std::size_t max_link_bytes,
                            std::size_t& total) const;
  bool is_shortener(std::string_view registrable) const;
  bool is_unusual_tld(std::string_view tld) const;
  bool is_download(std::string_view path) const;
  const std::string& primary_domain(int brand) const;

 private:
  struct BrandData {
    std::unordered_set<std::string> tokens;  // hyphen-free, lower case
    std::vector<std::string> contains;
    std::vector<std::pair<std::string, std::string>> lookalikes;  // token, skeleton
    std::string primary;
  };
  std::string skeleton(std::string_view s) const;
  bool known_tld(std::string_view tld) const;
  bool under_any(std::string_view host, const std::vector<std::string>& domains) const;
  bool bare_domain_ok(std::string_view host) const;

  std::vector<std::string> official_;
  std::vector<std::string> legitimate_;  // official + brands' + known
  std::vector<std::string> trick_domains_;
  std::unordered_set<std::string> shorteners_, unusual_tlds_, reserved_tlds_, downloads_;
  std::vector<std::string> glued_;
  std::vector<BrandData> brands_;
  std::string ascii_skeleton_[128];
  std::shared_ptr<USpoofChecker> skeletons_;   // for skeletons
  std::shared_ptr<USpoofChecker> restriction_; // mixed-script check
  const psl_ctx_st* psl_ = nullptr;
};

// Levenshtein distance on bytes, giving up (returning limit + 1) past `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

}  // namespace mc::scam
