// The scam checker's rules as data (data/scam/rules.toml): weights,
// thresholds, caps, phrase lists, domains, brands and combinations.
#pragma once

#include <cstddef>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mc::scam {

// "actions" near "objects": e.g. "confirmez" within 8 words of "votre RIB".
struct NearRule {
  std::vector<std::string> actions;
  std::vector<std::string> objects;
  std::vector<std::string> not_after;  // an object right after one of these does not count ("mon RIB")
  bool forward_only = false;            // the object must follow the action
  int window = 8;
};

struct SignalDef {
  std::string code;
  double weight = 0;
  std::string message;  // French, with {placeholders}
  bool hidden = false;  // context only: counted, never shown as a reason
  std::string group;    // shown once per group: only the strongest reason of a group is listed
  bool negatable = false;  // "ne … jamais", "ne … pas" before/after the action cancels it
  bool skip_quoted = true;
  std::vector<std::string> fields{"text", "subject"};
  int head = 0;  // only the first N words of each field (0 = all)
  std::vector<std::string> phrases;
  std::vector<NearRule> near;
};

struct ComboDef {
  std::string code;
  double weight = 0;
  std::string message;
  bool hidden = false;
  std::string group;              // as SignalDef::group
  std::vector<std::string> all;   // every one of these signals present
  std::vector<std::string> none;  // and none of these
};

struct BrandDef {
  std::string name;  // as used in sentences: "l'Assurance Maladie", "la CAF"
  bool insurer = false;
  std::vector<std::string> claims;            // phrases that mean "this message is from us"
  std::vector<std::string> head_claims;       // the same, but only in sender, subject and first words
  std::vector<std::string> domain_tokens;     // a domain label part equal to one = brand inside a domain
  std::vector<std::string> lookalike_tokens;  // compared by confusable skeleton + edit distance
  std::vector<std::string> contains_tokens;   // long names: found anywhere inside a label
  std::vector<std::string> domains;           // the brand's own domains (legitimate)
};

struct Limits {
  std::size_t max_text_bytes = 65536;
  std::size_t max_field_bytes = 1024;  // sender, subject
  std::size_t max_links = 20;
  std::size_t max_link_bytes = 2048;
  std::size_t max_hits_per_list = 32;
};

struct Rules {
  double scale = 1.5;
  double scam_points = 3.0;
  double suspicious_points = 1.5;
  Limits limits;
  std::string advice;
  int claims_head = 12;
  int claims_tail = 10;
  int call_window = 10;

  std::vector<std::string> official_domains;
  std::vector<std::string> known_domains;
  std::vector<std::string> shorteners;
  std::vector<std::string> unusual_tlds;
  std::vector<std::string> reserved_tlds;
  std::vector<std::string> download_extensions;
  std::vector<std::string> glued_suffixes;

  std::vector<std::string> official_numbers;
  std::vector<std::string> premium_prefixes;

  std::vector<std::string> negation_before;
  std::vector<std::string> negation_after;
  std::vector<std::string> conditional;
  std::vector<std::string> negation_scope;  // negate the rest of the sentence: "jamais"
  int negation_before_window = 3;
  int negation_after_window = 3;
  int conditional_window = 5;

  std::vector<BrandDef> brands;
  std::map<std::string, SignalDef> signals;  // by code
  std::vector<ComboDef> combos;
};

// Signals computed by code (links, sender, numbers, claims). A rules file
// must give each a weight and a message.
const std::vector<std::string_view>& computed_signal_codes();

std::expected<Rules, std::string> parse_rules(std::string_view toml_text);

}  // namespace mc::scam
