#include "core/scam/checker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "core/scam/links.hpp"
#include "core/scam/matcher.hpp"
#include "core/scam/rules.hpp"
#include "core/scam/text.hpp"

namespace mc::scam {

using text::Field;
using text::Token;

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::scam:
      return "scam";
    case Verdict::suspicious:
      return "suspicious";
    case Verdict::no_sign:
      return "no_sign";
  }
  return "no_sign";
}

std::string_view to_string(Channel c) { return c == Channel::email ? "email" : "sms"; }

bool has_text(std::string_view raw) {
  // The cleaned form: invisible characters removed, NFKC (a no-break space becomes a space).
  const text::Cleaned c = text::clean(raw, kMaxTextBytes);
  return c.display.find_first_not_of(" \t\r\n\v\f") != std::string::npos;
}

namespace {

constexpr std::uint8_t field_bit(Field f) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(f)); }

struct CompiledNear {
  int actions = -1;
  int objects = -1;
  int not_after = -1;
  bool forward_only = false;
  int window = 8;
};

struct CompiledSignal {
  const SignalDef* def = nullptr;
  int phrases = -1;
  std::vector<CompiledNear> near;
  std::uint8_t fields = 0;
};

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Fact {
  std::string code;
  double weight = 0;
  bool hidden = false;
  std::string message_template;
  Fields fields;
  std::size_t order = 0;
  std::string group;  // reasons of one group are shown once, the strongest (rules: `group`)
};

std::string fragment_of(std::string_view s, std::size_t max_bytes = 120) {
  // Collapse whitespace so that a reason stays on one line.
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= max_bytes) {
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
      if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
      out += "…";
      break;
    }
  }
  return out;
}

std::string format_message(std::string_view tmpl, const Fields& fields) {
  std::string out;
  out.reserve(tmpl.size() + 64);
  for (std::size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      std::size_t close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view name = tmpl.substr(i + 1, close - i - 1);
        for (const auto& [k, v] : fields)
          if (k == name) {
            out += v;
            break;
          }
        i = close + 1;
        continue;
      }
    }
    out += tmpl[i++];
  }
  return out;
}

struct SenderInfo {
  enum class Kind { none, email, phone, name } kind = Kind::none;
  std::string display_name;
  std::string local;
  std::string domain;
  std::string address;
  bool personal_number = false;
  std::string words;  // what the claims rules read: display name + local part
};

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  auto junk = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\''; };
  while (b < e && junk(s[b])) ++b;
  while (e > b && junk(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

SenderInfo parse_sender(std::string_view s) {
  SenderInfo info;
  std::string t = trim(s);
  if (t.empty()) return info;
  std::size_t lt = t.rfind('<'), gt = t.rfind('>');
  std::string addr;
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
    info.display_name = trim(std::string_view(t).substr(0, lt));
    addr = trim(std::string_view(t).substr(lt + 1, gt - lt - 1));
  } else if (t.find('@') != std::string::npos && t.find(' ') == std::string::npos) {
    addr = t;
  }
  if (!addr.empty() && addr.find('@') != std::string::npos) {
    std::size_t at = addr.rfind('@');
    info.kind = SenderInfo::Kind::email;
    info.address = addr;
    info.local = addr.substr(0, at);
    info.domain = addr.substr(at + 1);
    info.words = info.display_name + " " + info.local;
    return info;
  }
  std::string digits;
  bool phone_chars = true;
  for (char c : t) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != '+' && c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') {
      phone_chars = false;
    }
  }
  if (phone_chars && digits.size() >= 6) {
    info.kind = SenderInfo::Kind::phone;
    info.address = t;
    bool plus = t.front() == '+';
    if (plus && digits.starts_with("33")) digits = "0" + digits.substr(2);
    // Ordinary numbers (mobile, landline, foreign) rather than operator short codes.
    info.personal_number = (plus && !digits.starts_with("0")) || (digits.size() == 10 && digits[0] == '0') ||
                           (plus && digits.size() > 8);
    return info;
  }
  info.kind = SenderInfo::Kind::name;
  info.display_name = t;
  info.words = t;
  return info;
}

}  // namespace

struct Checker::Impl {
  Rules rules;
  PhraseIndex index;
  std::vector<CompiledSignal> signals;
  std::vector<int> brand_claims;
  std::vector<int> brand_head_claims;
  int neg_before = -1, neg_after = -1, conditional = -1, neg_scope = -1, call_context = -1;
  std::unique_ptr<HostAnalyzer> hosts;
  std::vector<std::string> official_numbers;
  std::shared_ptr<const Model> model;  // may be null: rules only

  const SignalDef& def(std::string_view code) const { return rules.signals.find(std::string(code))->second; }
};

namespace {

std::expected<std::shared_ptr<Checker::Impl>, std::string> build(Rules rules) {
  // Brand and intent matching rely on folding look-alike letters (ADR 0106):
  // refuse to start if ICU's confusables data does not give what it should.
  if (std::string failed = text::confusables_self_test(); !failed.empty())
    return std::unexpected("auto-test des caractères trompeurs (ICU) en échec : " + failed);
  auto impl = std::make_shared<Checker::Impl>();
  impl->rules = std::move(rules);
  Checker::Impl& I = *impl;
  auto add = [&](const std::vector<std::string>& list, const std::string& what) -> std::expected<int, std::string> {
    auto id = I.index.add_list(list);
    if (!id) return std::unexpected("règles : " + what + " : " + id.error());
    return *id;
  };
  const std::vector<std::string_view>& computed = computed_signal_codes();
  for (const auto& [code, def] : I.rules.signals) {
    if (std::find(computed.begin(), computed.end(), code) != computed.end()) continue;
    CompiledSignal cs;
    cs.def = &def;
    for (const std::string& f : def.fields)
      cs.fields |= field_bit(f == "text" ? Field::text : f == "subject" ? Field::subject : Field::sender);
    if (!def.phrases.empty()) {
      auto id = add(def.phrases, "signals." + code);
      if (!id) return std::unexpected(id.error());
      cs.phrases = *id;
    }
    for (const NearRule& n : def.near) {
      auto a = add(n.actions, "signals." + code + ".near.actions");
      if (!a) return std::unexpected(a.error());
      auto o = add(n.objects, "signals." + code + ".near.objects");
      if (!o) return std::unexpected(o.error());
      int not_after = -1;
      if (!n.not_after.empty()) {
        auto na = add(n.not_after, "signals." + code + ".near.not_after");
        if (!na) return std::unexpected(na.error());
        not_after = *na;
      }
      cs.near.push_back({*a, *o, not_after, n.forward_only, n.window});
    }
    if (cs.phrases < 0 && cs.near.empty())
      return std::unexpected("règles : signals." + code + " : ni phrases ni near");
    I.signals.push_back(std::move(cs));
  }
  if (!I.rules.signals.contains("call_context"))
    return std::unexpected("règles : le signal « call_context » (verbes d'appel) est obligatoire");
  for (const BrandDef& b : I.rules.brands) {
    auto id = add(b.claims, "brand(" + b.name + ").claims");
    if (!id) return std::unexpected(id.error());
    I.brand_claims.push_back(*id);
    auto head = add(b.head_claims, "brand(" + b.name + ").head_claims");
    if (!head) return std::unexpected(head.error());
    I.brand_head_claims.push_back(*head);
  }
  auto nb = add(I.rules.negation_before, "negation.before");
  auto na = add(I.rules.negation_after, "negation.after");
  auto nc = add(I.rules.conditional, "negation.conditional");
  auto ns = add(I.rules.negation_scope, "negation.scope");
  if (!nb || !na || !nc || !ns)
    return std::unexpected(!nb ? nb.error() : !na ? na.error() : !nc ? nc.error() : ns.error());
  I.neg_scope = *ns;
  I.neg_before = *nb;
  I.neg_after = *na;
  I.conditional = *nc;
  for (const CompiledSignal& cs : I.signals)
    if (cs.def->code == "call_context") I.call_context = cs.phrases;
  if (I.call_context < 0) return std::unexpected("règles : « call_context » doit avoir des phrases");
  for (const std::string& n : I.rules.official_numbers) {
    std::string digits;
    for (char c : n)
      if (c >= '0' && c <= '9') digits += c;
    I.official_numbers.push_back(digits);
  }
  for (const ComboDef& c : I.rules.combos) {
    for (const std::string& code : c.all) {
      bool known = I.rules.signals.contains(code) ||
                   std::any_of(I.rules.combos.begin(), I.rules.combos.end(),
                               [&](const ComboDef& o) { return o.code == code; });
      if (!known) return std::unexpected("règles : combo(" + c.code + ") : signal inconnu « " + code + " »");
    }
  }
  I.hosts = std::make_unique<HostAnalyzer>(I.rules);
  return impl;
}

// Everything about one message while it is being checked.
class Run {
 public:
  Run(const Checker::Impl& impl, const Message& msg) : I_(impl), msg_(msg) {}

  Result run();
  Features features();

 private:
  void analyse();
  double points() const;
  Features features_of(double points) const;
  void prepare();
  bool in_scope(const CompiledSignal& cs, const Token& t) const;
  bool negated(std::uint32_t first, std::uint32_t last) const;
  std::string fragment(std::uint32_t first, std::uint32_t last) const;
  void add(std::string_view code, Fields fields);
  void add_fact(Fact f);
  bool has(std::string_view code) const;
  void phrase_signals();
  void claims();
  void homoglyph_claims();
  void mixed_scripts();
  void sender();
  void links();
  void phones();
  void combos();

  const Checker::Impl& I_;
  const Message& msg_;
  text::Cleaned text_, subject_, sender_raw_;
  SenderInfo sender_;
  std::vector<Token> tokens_;
  std::vector<std::vector<Hit>> hits_;
  std::vector<std::uint8_t> flags_;  // per token: 1 negation before, 2 after, 4 conditional, 8 scope
  std::uint32_t field_size_[3] = {0, 0, 0};
  std::vector<Fact> facts_;
  int claimed_insurer_ = -1;  // brand index
  int claimed_brand_ = -1;
};

void Run::prepare() {
  const Limits& lim = I_.rules.limits;
  text_ = text::clean(msg_.text, lim.max_text_bytes);
  subject_ = text::clean(msg_.subject, lim.max_field_bytes);
  sender_raw_ = text::clean(msg_.sender, lim.max_field_bytes);
  sender_ = parse_sender(sender_raw_.display);
  tokens_.reserve(text_.display.size() / 4 + 16);
  text::tokenize(text_.display, Field::text, tokens_);
  text::tokenize(subject_.display, Field::subject, tokens_);
  text::tokenize(sender_.words, Field::sender, tokens_);
  for (const Token& t : tokens_) ++field_size_[static_cast<int>(t.field)];
  hits_ = I_.index.match(tokens_, lim.max_hits_per_list);
  flags_.assign(tokens_.size(), 0);
  auto mark = [&](int list, std::uint8_t bit) {
    for (const Hit& h : hits_[static_cast<std::size_t>(list)]) {
      const Token& t = tokens_[h.first];
      // A one-letter marker is the elided "n'" only, not "n°".
      if (h.first == h.last && t.key.size() == 1 && !t.elided) continue;
      flags_[h.first] |= bit;
    }
  };
  mark(I_.neg_before, 1);
  mark(I_.neg_after, 2);
  mark(I_.conditional, 4);
  mark(I_.neg_scope, 8);
}

bool Run::in_scope(const CompiledSignal& cs, const Token& t) const {
  if ((cs.fields & field_bit(t.field)) == 0) return false;
  if (cs.def->skip_quoted && t.quoted) return false;
  if (cs.def->head > 0 && t.index_in_field >= static_cast<std::uint32_t>(cs.def->head)) return false;
  return true;
}

// "ne … jamais", "n'… aucun", "… à personne" around the action, unless a
// condition turns it into a threat ("si vous ne confirmez pas").
bool Run::negated(std::uint32_t first, std::uint32_t last) const {
  const Rules& r = I_.rules;
  const Token& a = tokens_[first];
  auto same = [&](std::size_t j) { return tokens_[j].field == a.field && tokens_[j].sentence == a.sentence; };
  bool neg = false;
  for (int k = 1; k <= r.negation_before_window && first >= static_cast<std::uint32_t>(k); ++k) {
    std::size_t j = first - static_cast<std::uint32_t>(k);
    if (!same(j)) break;
    if (flags_[j] & 1) neg = true;
  }
  for (int k = 1; k <= r.negation_after_window && last + static_cast<std::uint32_t>(k) < tokens_.size(); ++k) {
    std::size_t j = last + static_cast<std::uint32_t>(k);
    if (!same(j)) break;
    if (flags_[j] & 2) neg = true;
  }
  // "ne vous demandera jamais vos coordonnées bancaires, votre mot de passe
  // ou le code de votre carte": everything after "jamais" in the sentence.
  for (std::uint32_t j = first; j > 0 && !neg;) {
    --j;
    if (!same(j)) break;
    if (flags_[j] & 8) neg = true;
  }
  if (!neg) return false;
  for (int k = 1; k <= r.conditional_window && first >= static_cast<std::uint32_t>(k); ++k) {
    std::size_t j = first - static_cast<std::uint32_t>(k);
    if (!same(j)) break;
    if (flags_[j] & 4) return false;
  }
  return true;
}

std::string Run::fragment(std::uint32_t first, std::uint32_t last) const {
  const Token& a = tokens_[first];
  const Token& b = tokens_[last];
  std::string_view src = a.field == Field::text ? std::string_view(text_.display)
                         : a.field == Field::subject ? std::string_view(subject_.display)
                                                     : std::string_view(sender_.words);
  if (b.end < a.begin || b.end > src.size()) return {};
  return fragment_of(src.substr(a.begin, b.end - a.begin));
}

bool Run::has(std::string_view code) const {
  return std::any_of(facts_.begin(), facts_.end(), [&](const Fact& f) { return f.code == code; });
}

void Run::add_fact(Fact f) {
  for (Fact& existing : facts_) {
    if (existing.code != f.code) continue;
    if (f.weight > existing.weight) {
      f.order = existing.order;
      existing = std::move(f);
    }
    return;
  }
  f.order = facts_.size();
  facts_.push_back(std::move(f));
}

void Run::add(std::string_view code, Fields fields) {
  const SignalDef& d = I_.def(code);
  add_fact({std::string(code), d.weight, d.hidden, d.message, std::move(fields), 0, d.group});
}

void Run::phrase_signals() {
  for (const CompiledSignal& cs : I_.signals) {
    const SignalDef& d = *cs.def;
    if (cs.phrases >= 0) {
      bool found = false;
      for (const Hit& h : hits_[static_cast<std::size_t>(cs.phrases)]) {
        if (!in_scope(cs, tokens_[h.first])) continue;
        if (d.negatable && negated(h.first, h.last)) continue;
        add(d.code, {{"fragment", fragment(h.first, h.last)}});
        found = true;
        break;
      }
      if (found) continue;
    }
    bool found = false;
    for (const CompiledNear& n : cs.near) {
      auto excluded = [&](const Hit& o) {
        if (n.not_after < 0 || o.first == 0) return false;
        const std::vector<Hit>& ex = hits_[static_cast<std::size_t>(n.not_after)];
        return std::any_of(ex.begin(), ex.end(), [&](const Hit& e) { return e.last + 1 == o.first; });
      };
      for (const Hit& a : hits_[static_cast<std::size_t>(n.actions)]) {
        if (!in_scope(cs, tokens_[a.first])) continue;
        if (d.negatable && negated(a.first, a.last)) continue;
        for (const Hit& o : hits_[static_cast<std::size_t>(n.objects)]) {
          const Token& ot = tokens_[o.first];
          if (ot.field != tokens_[a.first].field || !in_scope(cs, ot)) continue;
          if (d.negatable && negated(o.first, o.last)) continue;
          if (excluded(o)) continue;
          if (n.forward_only && o.first <= a.last) continue;
          // Action and object share a sentence, except an object taken up by a
          // pronoun in a later one ("un code à 6 chiffres. Renvoyez-le").
          if (ot.sentence != tokens_[a.first].sentence) {
            bool pronoun = false;
            auto is_pronoun = [&](std::size_t k) {
              const std::string& w = tokens_[k].key;
              return tokens_[k].sentence == tokens_[a.first].sentence &&
                     (w == "le" || w == "la" || w == "les" || w == "l");
            };
            // "Renvoyez-le", "veuillez les mettre à jour".
            if (o.last < a.first)
              pronoun = (a.last + 1 < tokens_.size() && is_pronoun(a.last + 1)) ||
                        (a.first > 0 && is_pronoun(a.first - 1));
            if (!pronoun) continue;
          }
          long gap = o.first > a.last ? static_cast<long>(o.first) - static_cast<long>(a.last)
                     : a.first > o.last ? static_cast<long>(a.first) - static_cast<long>(o.last)
                                        : 0;
          if (gap > n.window) continue;
          add(d.code, {{"fragment", fragment(std::min(a.first, o.first), std::max(a.last, o.last))}});
          found = true;
          break;
        }
        if (found) break;
      }
      if (found) break;
    }
  }
}

// Does the message present itself as coming from a brand? Sender and subject
// count anywhere, the text only in its first and last words (header, signature).
void Run::claims() {
  const Rules& r = I_.rules;
  for (std::size_t b = 0; b < I_.brand_claims.size(); ++b) {
    for (int list : {I_.brand_claims[b], I_.brand_head_claims[b]}) {
      bool head_only = list == I_.brand_head_claims[b];
      const Hit* found = nullptr;
      for (const Hit& h : hits_[static_cast<std::size_t>(list)]) {
        const Token& t = tokens_[h.first];
        if (t.quoted) continue;
        if (t.field == Field::text) {
          bool head = t.index_in_field < static_cast<std::uint32_t>(r.claims_head);
          bool tail = t.index_in_field + static_cast<std::uint32_t>(r.claims_tail) >= field_size_[0];
          if (!head && (head_only || !tail)) continue;
        }
        found = &h;
        break;
      }
      if (found == nullptr) continue;
      const BrandDef& brand = r.brands[b];
      Fields f{{"brand", brand.name}, {"fragment", fragment(found->first, found->last)}};
      // "Assurance Mаladie" with a Cyrillic "а": the phrase matched once folded.
      for (std::uint32_t k = found->first; k <= found->last; ++k)
        if (tokens_[k].confusable) {
          add("brand_homoglyph_text", f);
          break;
        }
      if (brand.insurer && claimed_insurer_ < 0) {
        claimed_insurer_ = static_cast<int>(b);
        add("claims_insurer", f);
      } else if (!brand.insurer && claimed_brand_ < 0) {
        claimed_brand_ = static_cast<int>(b);
        add("claims_brand", f);
      }
      break;
    }
  }
}

// "Аmeli" written with a Cyrillic А (or another script's look-alikes) where a
// brand is claimed: header, signature, sender, subject. The word alone, then
// joined with the next one ("Assurance Mаladie").
void Run::homoglyph_claims() {
  const Rules& r = I_.rules;
  auto ascii = [](std::string_view w) {
    return std::all_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  auto source = [&](const Token& t) {
    return t.field == Field::text      ? std::string_view(text_.display)
           : t.field == Field::subject ? std::string_view(subject_.display)
                                       : std::string_view(sender_.words);
  };
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (t.field == Field::text) {
      bool head = t.index_in_field < static_cast<std::uint32_t>(r.claims_head);
      bool tail = t.index_in_field + static_cast<std::uint32_t>(r.claims_tail) >= field_size_[0];
      if (!head && !tail) continue;
    }
    std::string_view src = source(t);
    if (t.end > src.size() || t.end <= t.begin) continue;
    std::string_view w = src.substr(t.begin, t.end - t.begin);
    // ASCII look-alikes too: TR39 skeletons equate "rn" and "m" ("arneli").
    auto look = [&](std::string_view word) {
      return ascii(word) ? I_.hosts->match_ascii_lookalike(word) : I_.hosts->match_text_word(word);
    };
    BrandMatch m = look(w);
    std::string shown(w);
    if (m.kind == BrandMatch::Kind::none && i + 1 < tokens_.size() && tokens_[i + 1].field == t.field &&
        tokens_[i + 1].end <= src.size() && tokens_[i + 1].begin >= t.end) {
      std::string joined = std::string(w) + std::string(src.substr(tokens_[i + 1].begin, tokens_[i + 1].end - tokens_[i + 1].begin));
      m = look(joined);
      if (m.kind != BrandMatch::Kind::none) shown = std::string(src.substr(t.begin, tokens_[i + 1].end - t.begin));
    }
    if (m.kind != BrandMatch::Kind::homoglyph || m.brand < 0) continue;
    const BrandDef& brand = r.brands[static_cast<std::size_t>(m.brand)];
    Fields f{{"brand", brand.name}, {"fragment", fragment_of(shown, 60)}};
    add("brand_homoglyph_text", f);
    if (brand.insurer && claimed_insurer_ < 0) {
      claimed_insurer_ = m.brand;
      add("claims_insurer", f);
    } else if (!brand.insurer && claimed_brand_ < 0) {
      claimed_brand_ = m.brand;
      add("claims_brand", f);
    }
    return;
  }
}

// A word mixing Latin letters with look-alikes of another script ("cоde" with
// a Cyrillic "о"): no genuine French message writes that way.
void Run::mixed_scripts() {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!tokens_[i].mixed_script) continue;
    add("mixed_script_word", {{"fragment", fragment(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i))}});
    return;
  }
}

void Run::sender() {
  const Rules& r = I_.rules;
  if (sender_.kind == SenderInfo::Kind::phone && sender_.personal_number) {
    add("sender_phone", {{"number", sender_.address}});
    return;
  }
  if (sender_.kind != SenderInfo::Kind::email) return;
  HostInfo info = I_.hosts->analyse(sender_.domain);
  if (info.legitimate) return;
  int brand = -1;
  for (std::size_t b = 0; b < I_.brand_claims.size() && brand < 0; ++b)
    for (int list : {I_.brand_claims[b], I_.brand_head_claims[b]})
      for (const Hit& h : hits_[static_cast<std::size_t>(list)])
        if (tokens_[h.first].field == Field::sender && brand < 0) brand = static_cast<int>(b);
  if (brand < 0 && info.look.kind != BrandMatch::Kind::none) brand = info.look.brand;
  // A subject that starts with the brand ("Assurance Maladie : versement
  // annulé") claims it too; a brand later in the subject may be a topic.
  for (std::size_t b = 0; b < I_.brand_claims.size() && brand < 0; ++b)
    for (int list : {I_.brand_claims[b], I_.brand_head_claims[b]})
      for (const Hit& h : hits_[static_cast<std::size_t>(list)])
        if (tokens_[h.first].field == Field::subject && tokens_[h.first].index_in_field == 0 && brand < 0)
          brand = static_cast<int>(b);
  if (brand < 0 && !info.trick.empty() && !r.brands.empty()) brand = 0;
  if (brand < 0) return;
  std::string domain = info.idn ? info.unicode : info.ace;
  add("sender_not_official",
      {{"brand", r.brands[static_cast<std::size_t>(brand)].name}, {"domain", domain}, {"fragment", sender_.address}});
  if (r.brands[static_cast<std::size_t>(brand)].insurer) {
    if (claimed_insurer_ < 0) {
      claimed_insurer_ = brand;
      add("claims_insurer", {{"brand", r.brands[static_cast<std::size_t>(brand)].name}, {"fragment", sender_.address}});
    }
  } else if (claimed_brand_ < 0) {
    claimed_brand_ = brand;
    add("claims_brand", {{"brand", r.brands[static_cast<std::size_t>(brand)].name}, {"fragment", sender_.address}});
  }
}

void Run::links() {
  const Rules& r = I_.rules;
  const HostAnalyzer& H = *I_.hosts;
  if (!text_.obfuscations.empty() || !subject_.obfuscations.empty())
    add("obfuscated_link",
        {{"fragment", fragment_of(!text_.obfuscations.empty() ? text_.obfuscations.front()
                                                               : subject_.obfuscations.front(), 40)}});
  if (!text_.hidden.empty() || !subject_.hidden.empty())
    add("hidden_characters", {{"fragment", !text_.hidden.empty() ? text_.hidden.front() : subject_.hidden.front()}});

  std::size_t total = 0;
  std::vector<Link> links = H.extract(text_.display, r.limits.max_links, r.limits.max_link_bytes, total);
  if (links.size() < r.limits.max_links) {
    std::vector<Link> more =
        H.extract(subject_.display, r.limits.max_links - links.size(), r.limits.max_link_bytes, total);
    links.insert(links.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  auto brand_name = [&](int b) { return b >= 0 ? r.brands[static_cast<std::size_t>(b)].name : std::string(); };

  for (const Link& link : links) {
    if (link.data) {
      add("data_url", {{"link", fragment_of(link.text, 40)}});
      continue;
    }
    HostInfo info = H.analyse(link.host);
    std::string shown = fragment_of(link.text, 80);
    std::string domain = info.idn && !info.invalid ? info.unicode : info.registrable;
    if (info.legitimate) {
      if (info.official) add("official_link", {{"link", shown}, {"domain", info.registrable}});
      continue;
    }
    Fields base{{"link", shown}, {"domain", info.ip ? info.ace : info.registrable}, {"host", info.unicode}};
    auto with = [&](std::initializer_list<std::pair<std::string, std::string>> extra) {
      Fields f = base;
      f.insert(f.end(), extra.begin(), extra.end());
      return f;
    };
    // Brand imitation applies to written e-mail addresses as well as links.
    if (!info.trick.empty()) add("subdomain_trick", with({{"official", info.trick}}));
    const BrandMatch& look = info.look;
    if (look.kind == BrandMatch::Kind::homoglyph && info.idn) {
      add("idn_homograph", with({{"official", H.primary_domain(look.brand)}, {"brand", brand_name(look.brand)}}));
    } else if (look.kind == BrandMatch::Kind::brand || look.kind == BrandMatch::Kind::homoglyph) {
      add("lookalike_domain", with({{"official", H.primary_domain(look.brand)}, {"brand", brand_name(look.brand)},
                                    {"fragment", look.token}}));
    } else if (look.kind == BrandMatch::Kind::typo) {
      add("typosquat_domain", with({{"official", H.primary_domain(look.brand)}, {"brand", brand_name(look.brand)},
                                    {"fragment", look.token}}));
    }
    if (info.idn && info.mixed_script && look.kind == BrandMatch::Kind::none) add("idn_homograph", with({}));
    if (info.idn && look.kind == BrandMatch::Kind::none) add("idn_domain", with({{"fragment", info.ace}}));
    if (info.invalid) add("invalid_domain", with({}));
    if (link.email) continue;

    add("unofficial_link", base);
    if (!link.via.empty()) add("open_redirect", with({{"via", link.via}}));
    if (!link.userinfo.empty()) add("userinfo_trick", with({{"fragment", fragment_of(link.userinfo, 60)}}));
    if (info.ip) add("ip_link", with({}));
    if (H.is_shortener(info.registrable)) {
      add("shortener", base);
    } else {
      // A single random-looking path segment on a short host: a short link.
      std::string_view p = link.path;
      if (!p.empty() && p.front() == '/') p.remove_prefix(1);
      if (!p.empty() && p.back() == '/') p.remove_suffix(1);
      bool alnum = !p.empty() && std::all_of(p.begin(), p.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      });
      if (alnum && p.size() >= 4 && p.size() <= 12) {
        bool digit = std::any_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
        bool lower = std::any_of(p.begin(), p.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        bool upper = std::any_of(p.begin(), p.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        std::size_t name_len = info.registrable.find('.');
        if (digit && (lower || upper) && ((lower && upper) || name_len <= 6)) add("short_link", base);
      }
    }
    // The insurer's name or domain in the path of a foreign site.
    if (!link.path.empty()) {
      std::string path = text::ascii_lower(link.path);
      std::string found;
      int brand = -1;
      for (const std::string& d : r.official_domains)
        if (d.find('.') != std::string::npos && path.find(d) != std::string::npos) {
          found = d;
          brand = 0;
          break;
        }
      if (found.empty()) {
        std::size_t i = 0;
        int words = 0;
        while (i < path.size() && words < 32 && found.empty()) {
          while (i < path.size() && !std::isalnum(static_cast<unsigned char>(path[i]))) ++i;
          std::size_t s = i;
          while (i < path.size() && std::isalnum(static_cast<unsigned char>(path[i]))) ++i;
          if (i > s) {
            ++words;
            BrandMatch m = H.match_word(std::string_view(path).substr(s, i - s));
            if (m.kind == BrandMatch::Kind::brand || m.kind == BrandMatch::Kind::homoglyph) {
              found = std::string(path.substr(s, i - s));
              brand = m.brand;
            }
          }
        }
      }
      if (!found.empty()) add("brand_in_path", with({{"fragment", found}, {"brand", brand_name(brand)}}));
      if (H.is_download(link.path)) {
        std::size_t slash = link.path.find_last_of('/');
        add("download_link", with({{"fragment", fragment_of(link.path.substr(slash == std::string::npos ? 0 : slash + 1), 60)}}));
      }
    }
    if (H.is_unusual_tld(info.tld)) add("unusual_tld", with({{"fragment", info.tld}}));
    if (!link.port.empty() && link.port != "80" && link.port != "443")
      add("unusual_port", with({{"fragment", link.port}}));
  }
}

void Run::phones() {
  const Rules& r = I_.rules;
  const std::vector<Hit>& calls = hits_[static_cast<std::size_t>(I_.call_context)];
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (!t.number || t.field == Field::sender) continue;
    std::string digits = t.key;
    std::size_t j = i;
    while (j + 1 < tokens_.size() && digits.size() < 16) {
      const Token& n = tokens_[j + 1];
      if (!n.number || n.field != t.field || !(n.gap == ' ' || n.gap == '.' || n.gap == '-')) break;
      digits += n.key;
      ++j;
    }
    std::size_t first = i;
    i = j;
    if (t.plus) {
      if (!digits.starts_with("33")) continue;  // foreign numbers: not classified
      digits = "0" + digits.substr(2);
    }
    bool premium = false, callable = false;
    if (digits.size() == 10 && digits[0] == '0') {
      for (const std::string& p : r.premium_prefixes) premium = premium || digits.starts_with(p);
      callable = true;
    } else if (digits.size() == 6 && digits.starts_with("118")) {
      premium = true;
    } else if ((digits.size() == 4 || digits.size() == 5) && (digits[0] == '3' || digits[0] == '1')) {
      // "1 250 €" is an amount, not a short number.
      bool amount = j + 1 < tokens_.size() && (tokens_[j + 1].key == "€" || tokens_[j + 1].key.starts_with("euro"));
      callable = !amount;
    }
    if (!premium && !callable) continue;
    if (std::find(I_.official_numbers.begin(), I_.official_numbers.end(), digits) != I_.official_numbers.end())
      continue;
    std::string shown = fragment(static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(j));
    if (premium) {
      add("premium_number", {{"number", shown}});
      continue;
    }
    for (const Hit& h : calls) {
      if (tokens_[h.first].field != t.field || h.first >= first) continue;
      if (first - h.last <= static_cast<std::size_t>(r.call_window)) {
        add("phone_number", {{"number", shown}, {"fragment", fragment(h.first, static_cast<std::uint32_t>(j))}});
        break;
      }
    }
  }
}

void Run::combos() {
  // Combos may build on other combos: a few passes reach the fixed point.
  for (int pass = 0; pass < 4; ++pass) {
    bool changed = false;
    for (const ComboDef& c : I_.rules.combos) {
      bool ok = std::all_of(c.all.begin(), c.all.end(), [&](const std::string& code) { return has(code); }) &&
                std::none_of(c.none.begin(), c.none.end(), [&](const std::string& code) { return has(code); });
      if (!ok) continue;
      bool stronger = true;
      for (const Fact& f : facts_)
        if (f.code == c.code && f.weight >= c.weight) stronger = false;
      if (!stronger) continue;
      Fields fields;
      for (const std::string& code : c.all)
        for (const Fact& f : facts_)
          if (f.code == code)
            for (const auto& kv : f.fields)
              if (std::none_of(fields.begin(), fields.end(), [&](const auto& e) { return e.first == kv.first; }))
                fields.push_back(kv);
      add_fact({c.code, c.weight, c.hidden, c.message, std::move(fields), 0, c.group});
      changed = true;
    }
    if (!changed) break;
  }
}

void Run::analyse() {
  prepare();
  phrase_signals();
  claims();
  homoglyph_claims();
  mixed_scripts();
  sender();
  links();
  phones();
  combos();
}

double Run::points() const {
  double points = 0;
  for (const Fact& f : facts_) points += f.weight;
  return std::max(points, 0.0);
}

Features Run::features_of(double points) const {
  std::vector<std::string_view> words, codes;
  words.reserve(tokens_.size());
  for (const Token& t : tokens_) words.push_back(t.key);
  codes.reserve(facts_.size());
  for (const Fact& f : facts_) codes.push_back(f.code);
  return make_features(words, codes, points);
}

Features Run::features() {
  analyse();
  return features_of(points());
}

std::string percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d", static_cast<int>(std::lround(p * 100)));
  return buf;
}

Result Run::run() {
  analyse();
  const Rules& r = I_.rules;
  const double points = this->points();
  Result res;
  res.score = std::round((1.0 - std::exp2(-points / r.scale)) * 1000.0) / 1000.0;
  res.verdict = points >= r.scam_points         ? Verdict::scam
                : points >= r.suspicious_points ? Verdict::suspicious
                                                : Verdict::no_sign;
  // The learned model, beside the rules: one step up when it is confident the
  // message is a scam, suspicious down to no_sign when it is confident it is
  // genuine; never out of `scam` (a rule-backed scam stays one). Each move
  // comes with its own French reason.
  std::optional<Reason> model_reason;
  if (I_.model != nullptr && res.verdict != Verdict::scam) {
    const double p = predict(*I_.model, features_of(points));
    const double suspicious_score = 1.0 - std::exp2(-r.suspicious_points / r.scale);
    const double scam_score = 1.0 - std::exp2(-r.scam_points / r.scale);
    const bool was_no_sign = res.verdict == Verdict::no_sign;
    // Over the scam line only when the rules are already halfway there: the
    // model confirms what the rules saw, it never convicts on wording alone.
    const bool halfway = points >= (r.suspicious_points + r.scam_points) / 2;
    if (was_no_sign ? p >= I_.model->raise : (halfway && p >= I_.model->raise_scam)) {
      res.verdict = was_no_sign ? Verdict::suspicious : Verdict::scam;
      res.score = std::max(res.score, std::round((was_no_sign ? suspicious_score : scam_score) * 1000.0) / 1000.0);
      model_reason = Reason{
          "model_scam_like",
          was_no_sign ? "Aucun signe précis n'a été reconnu, mais la tournure de ce message ressemble fortement à "
                        "celle d'arnaques connues (ressemblance : " + percent(p) + " %). Ne cliquez sur aucun lien "
                        "et ne répondez pas sans avoir vérifié auprès de l'organisme."
                      : "En plus des signes relevés, la tournure de ce message ressemble fortement à celle "
                        "d'arnaques connues (ressemblance : " + percent(p) + " %)."};
    } else if (res.verdict == Verdict::suspicious && p <= I_.model->lower) {
      res.verdict = Verdict::no_sign;
      res.score = std::min(res.score, std::round((suspicious_score - 0.01) * 1000.0) / 1000.0);
      model_reason = Reason{"model_genuine_like",
                            "Les signes relevés ci-dessous se retrouvent surtout dans des messages authentiques "
                            "(ressemblance avec une arnaque : " + percent(p) + " %) : pas de signe d'arnaque "
                            "suffisant, restez tout de même prudent."};
    }
  }
  std::vector<const Fact*> shown;
  for (const Fact& f : facts_)
    if (!f.hidden && f.weight > 0) shown.push_back(&f);
  std::stable_sort(shown.begin(), shown.end(), [](const Fact* a, const Fact* b) {
    return a->weight != b->weight ? a->weight > b->weight : a->order < b->order;
  });
  // Several signals may say one thing ("the link is not an official site"): each still counts,
  // but only the strongest of a group is shown.
  std::vector<std::string_view> groups_shown;
  for (const Fact* f : shown) {
    if (!f->group.empty()) {
      if (std::find(groups_shown.begin(), groups_shown.end(), f->group) != groups_shown.end()) continue;
      groups_shown.push_back(f->group);
    }
    res.reasons.push_back({f->code, format_message(f->message_template, f->fields)});
  }
  if (model_reason) {
    if (model_reason->code == "model_genuine_like")
      res.reasons.insert(res.reasons.begin(), std::move(*model_reason));
    else
      res.reasons.push_back(std::move(*model_reason));
  }
  res.advice = r.advice;
  res.truncated = text_.truncated;
  return res;
}

}  // namespace

std::expected<Checker, std::string> Checker::from_rules(std::string_view rules_toml) {
  auto rules = parse_rules(rules_toml);
  if (!rules) return std::unexpected(rules.error());
  auto impl = build(std::move(*rules));
  if (!impl) return std::unexpected(impl.error());
  return Checker(std::move(*impl));
}

Checker Checker::with_official_domains(const std::vector<std::string>& domains) const {
  Rules rules = impl_->rules;
  rules.official_domains.insert(rules.official_domains.end(), domains.begin(), domains.end());
  auto impl = build(std::move(rules));
  if (!impl) return *this;  // cannot happen: the rules were valid already
  (*impl)->model = impl_->model;
  return Checker(std::move(*impl));
}

Checker Checker::with_model(std::shared_ptr<const Model> model) const {
  auto impl = build(impl_->rules);
  if (!impl) return *this;  // cannot happen: the rules were valid already
  if (model != nullptr && model->weights.size() != kModelSize) model = nullptr;
  (*impl)->model = std::move(model);
  return Checker(std::move(*impl));
}

Features Checker::features(const Message& message) const { return Run(*impl_, message).features(); }

std::string Checker::self_test() { return text::confusables_self_test(); }

Result Checker::check(const Message& message) const { return Run(*impl_, message).run(); }

}  // namespace mc::scam
