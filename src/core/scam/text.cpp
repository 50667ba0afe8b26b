#include "core/scam/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <memory>
#include <unordered_map>

namespace mc::scam::text {
namespace {

bool is_bidi_control(UChar32 c) {
  return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

bool is_zero_width(UChar32 c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD ||
         c == 0x180E || (c >= 0x2061 && c <= 0x2064);
}

// Dots that look like '.' in a link but are other code points.
bool is_odd_dot(UChar32 c) {
  return c == 0xFF0E || c == 0x3002 || c == 0xFF61 || c == 0xFE52 || c == 0x2024;
}

// Letters that display as nothing (Hangul fillers): a word split by one reads
// as two words, or two words joined by one as one.
bool is_blank_letter(UChar32 c) { return c == 0x3164 || c == 0x115F || c == 0x1160 || c == 0xFFA0; }

bool is_fullwidth_alnum(UChar32 c) {
  return (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

std::string code_point_name(UChar32 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

bool ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(std::string_view s, std::size_t at, std::string_view what) {
  if (s.size() - at < what.size()) return false;
  for (std::size_t i = 0; i < what.size(); ++i)
    if (lower(s[at + i]) != what[i]) return false;
  return true;
}

// Spaced-out scheme "h t t p s : / /": returns the length consumed, 0 when absent.
std::size_t spaced_scheme(std::string_view s, std::size_t i, bool& https) {
  static constexpr std::string_view letters = "http";
  std::size_t j = i;
  bool saw_space = false;
  auto skip_spaces = [&] {
    while (j < s.size() && s[j] == ' ') {
      ++j;
      saw_space = true;
    }
  };
  for (std::size_t k = 0; k < letters.size(); ++k) {
    if (k > 0) skip_spaces();
    if (j >= s.size() || lower(s[j]) != letters[k]) return 0;
    ++j;
  }
  skip_spaces();
  https = false;
  if (j < s.size() && lower(s[j]) == 's') {
    https = true;
    ++j;
    skip_spaces();
  }
  for (char want : std::string_view(":/")) {
    if (j >= s.size() || s[j] != want) return 0;
    ++j;
    skip_spaces();
  }
  if (j >= s.size() || s[j] != '/') return 0;
  ++j;
  if (!saw_space) return 0;
  while (j < s.size() && s[j] == ' ') ++j;  // "/ / evil.example": the host follows
  return j - i;
}

// Undoes ASCII obfuscations of links; records what it undid.
std::string deobfuscate(std::string_view s, std::vector<std::string>& found) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    bool prev_alnum = !out.empty() && ascii_alnum(out.back());
    // hxxp / hXXp / h**p / h__p followed by "://" or "s://"
    if ((c == 'h' || c == 'H') && i + 4 <= s.size()) {
      char a = lower(s[i + 1]), b = lower(s[i + 2]);
      bool masked = (a == 'x' || a == '*' || a == '_') && a == b && lower(s[i + 3]) == 'p';
      if (masked && !prev_alnum) {
        std::size_t j = i + 4;
        bool secure = j < s.size() && lower(s[j]) == 's';
        if (secure) ++j;
        if (s.substr(j, 3) == "://" || s.substr(j, 5) == "[:]//") {
          found.emplace_back(s.substr(i, j - i));
          out += secure ? "https" : "http";
          i = j;
          continue;
        }
      }
      bool https = false;
      if (!prev_alnum) {
        if (std::size_t n = spaced_scheme(s, i, https); n > 0) {
          found.emplace_back(s.substr(i, n));
          out += https ? "https://" : "http://";
          i += n;
          continue;
        }
      }
    }
    if (c == '[' || c == '(' || c == '{') {
      char close = c == '[' ? ']' : c == '(' ? ')' : '}';
      for (std::string_view inner : {std::string_view("."), std::string_view("dot"),
                                     std::string_view("point"), std::string_view(":")}) {
        std::size_t len = inner.size() + 2;
        if (i + len <= s.size() && starts_with_ci(s, i + 1, inner) && s[i + len - 1] == close) {
          bool next_alnum = i + len < s.size() && (ascii_alnum(s[i + len]) || s[i + len] == '/');
          if (prev_alnum && next_alnum) {
            found.emplace_back(s.substr(i, len));
            out += inner == ":" ? ':' : '.';
            i += len;
            goto next;
          }
        }
      }
    }
    out += c;
    ++i;
  next:;
  }
  return out;
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

Cleaned clean(std::string_view raw, std::size_t max_bytes) {
  Cleaned out;
  if (raw.size() > max_bytes) {
    raw = raw.substr(0, max_bytes);
    out.truncated = true;
  }
  // Invalid UTF-8 becomes U+FFFD here, so everything after works on valid text.
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
  icu::UnicodeString mid;
  const int32_t n = in.length();
  UChar32 prev = 0;
  for (int32_t i = 0; i < n;) {
    UChar32 c = in.char32At(i);
    int32_t next_i = in.moveIndex32(i, 1);
    UChar32 next = next_i < n ? in.char32At(next_i) : 0;
    if (c == '\r') {
      if (next != '\n') mid.append(static_cast<UChar32>('\n'));
    } else if (c == '\t' || c == '\n') {
      mid.append(c);
    } else if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
      mid.append(static_cast<UChar32>(' '));
    } else if (is_bidi_control(c)) {
      out.hidden.push_back(code_point_name(c));  // right-to-left tricks reverse what is displayed
    } else if (is_zero_width(c)) {
      bool inside_word = u_isalnum(prev) && u_isalnum(next);
      if (c == 0x200D && !inside_word) {
        mid.append(c);  // joiner inside an emoji sequence: harmless
      } else if (inside_word) {
        out.hidden.push_back(code_point_name(c));
      }
    } else if (is_blank_letter(c)) {
      if (u_isalnum(prev) && u_isalnum(next)) out.hidden.push_back(code_point_name(c));
      mid.append(static_cast<UChar32>(' '));
      c = ' ';
    } else if (is_odd_dot(c)) {
      if (u_isalnum(prev) && u_isalnum(next)) out.obfuscations.push_back(code_point_name(c));
      mid.append(static_cast<UChar32>('.'));
      c = '.';
    } else {
      if (is_fullwidth_alnum(c) && (next == 0xFF0E || next == '.' || prev == '.'))
        out.obfuscations.push_back(code_point_name(c));
      mid.append(c);
    }
    prev = c;
    i = next_i;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  std::string utf8;
  if (U_SUCCESS(status)) {
    icu::UnicodeString norm = nfkc->normalize(mid, status);
    if (U_SUCCESS(status)) norm.toUTF8String(utf8);
  }
  if (U_FAILURE(status)) {
    utf8.clear();
    mid.toUTF8String(utf8);
  }
  out.display = deobfuscate(utf8, out.obfuscations);
  return out;
}

std::string loosen(std::string_view w) {
  std::string s;
  s.reserve(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    char next = i + 1 < w.size() ? w[i + 1] : '\0';
    if (c == 'q') {
      s += 'k';
      if (next == 'u') ++i;
    } else if (c == 'c' && next == 'k') {
      s += 'k';
      ++i;
    } else if (c == 'c' && (next == 'a' || next == 'o' || next == 'u')) {
      s += 'k';
    } else if (c == 'p' && next == 'h') {
      s += 'f';
      ++i;
    } else if (c == 'a' && (next == 'n' || next == 'm')) {
      s += 'e';
    } else {
      s += c;
    }
  }
  std::string collapsed;
  collapsed.reserve(s.size());
  for (char c : s) {
    if (!collapsed.empty() && c == collapsed.back() && c >= 'a' && c <= 'z') continue;
    collapsed += c;
  }
  if (collapsed.size() > 3 && (collapsed.back() == 's' || collapsed.back() == 'x')) collapsed.pop_back();
  return collapsed;
}

namespace {

// Removes the combining marks of a string (after NFD).
icu::UnicodeString strip_marks(const icu::UnicodeString& u) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposed = U_SUCCESS(status) ? nfd->normalize(u, status) : u;
  if (U_FAILURE(status)) decomposed = u;
  icu::UnicodeString out;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i = decomposed.moveIndex32(i, 1);
    if (u_charType(c) != U_NON_SPACING_MARK) out.append(c);
  }
  return out;
}

// 1–2 ASCII letters, lower-cased, or empty.
std::string ascii_letters(const icu::UnicodeString& u) {
  if (u.length() == 0 || u.length() > 2) return {};
  std::string out;
  for (int32_t i = 0; i < u.length(); ++i) {
    char16_t c = u.charAt(i);
    if (c >= 'A' && c <= 'Z') c = static_cast<char16_t>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') return {};
    out += static_cast<char>(c);
  }
  return out;
}

struct SpoofCloser {
  void operator()(USpoofChecker* s) const { uspoof_close(s); }
};

// Code point -> the Latin letters it imitates, from ICU's TR39 confusables
// (uspoof_getSkeleton), for every letter of the BMP that is not ASCII and not
// an accented Latin letter. Built once (≈ 50 ms); NFKC has already folded
// fullwidth and mathematical letters to ASCII.
const std::unordered_map<char32_t, std::string>& confusable_table() {
  static const std::unordered_map<char32_t, std::string> table = [] {
    std::unordered_map<char32_t, std::string> t;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, SpoofCloser> sc(uspoof_open(&status));
    if (U_FAILURE(status) || !sc) return t;  // the self-test reports it
    auto skeleton_letters = [&](UChar32 c) {
      icu::UnicodeString in(c);
      UChar buf[32];
      UErrorCode st = U_ZERO_ERROR;
      int32_t n = uspoof_getSkeleton(sc.get(), 0, in.getBuffer(), in.length(), buf, 32, &st);
      if (U_FAILURE(st) || n <= 0 || n >= 32) return std::string();
      return ascii_letters(strip_marks(icu::UnicodeString(buf, n)));
    };
    for (UChar32 c = 0x80; c < 0x10000; ++c) {
      if (!u_isalpha(c)) continue;
      UErrorCode st = U_ZERO_ERROR;
      UScriptCode script = uscript_getScript(c, &st);
      if (U_FAILURE(st)) continue;
      // Latin letters with accents ("é", "ç", "œ"…) fold by accent stripping.
      if (script == USCRIPT_LATIN && !ascii_letters(strip_marks(icu::UnicodeString(c))).empty()) continue;
      if (c == 0x0153 || c == 0x00E6 || c == 0x0152 || c == 0x00C6 || c == 0x00DF) continue;  // œ æ ß
      std::string latin = skeleton_letters(u_foldCase(c, U_FOLD_CASE_DEFAULT));
      if (latin.empty()) latin = skeleton_letters(c);
      if (!latin.empty()) t.emplace(static_cast<char32_t>(c), std::move(latin));
    }
    return t;
  }();
  return table;
}

bool is_latin_letter(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  UErrorCode st = U_ZERO_ERROR;
  return u_isalpha(c) && uscript_getScript(c, &st) == USCRIPT_LATIN && U_SUCCESS(st);
}

}  // namespace

std::string_view confusable_latin(char32_t c) {
  const auto& table = confusable_table();
  auto it = table.find(c);
  return it == table.end() ? std::string_view() : std::string_view(it->second);
}

std::string confusables_self_test() {
  // Look-alikes scams use, and what they must fold to.
  static constexpr std::pair<char32_t, std::string_view> kMust[] = {
      {0x0430, "a"}, {0x0410, "a"}, {0x0435, "e"}, {0x043E, "o"}, {0x0440, "p"}, {0x0441, "c"}, {0x0445, "x"},
      {0x0456, "i"}, {0x0406, "i"}, {0x0458, "j"}, {0x0455, "s"}, {0x041C, "m"}, {0x03BF, "o"}, {0x039F, "o"},
      {0x03B1, "a"}, {0x0391, "a"}, {0x0399, "i"}, {0x03B9, "i"}, {0x0251, "a"}, {0x0131, "i"},
  };
  std::string failures;
  for (const auto& [c, latin] : kMust)
    if (confusable_latin(c) != latin)
      failures += code_point_name(static_cast<UChar32>(c)) + " -> '" + std::string(confusable_latin(c)) + "' (want '" +
                  std::string(latin) + "'); ";
  // French letters are never look-alikes: they fold by accent stripping.
  for (char32_t c : {U'é', U'è', U'ê', U'ë', U'à', U'â', U'ç', U'î', U'ï', U'ô', U'û', U'ù', U'ü', U'ÿ', U'œ', U'æ',
                     U'É', U'À', U'Ç'})
    if (!confusable_latin(c).empty()) failures += code_point_name(static_cast<UChar32>(c)) + " is not a look-alike; ";
  if (fold_word("M\u0430ladie") != fold_word("Maladie")) failures += "fold_word(M\u0430ladie); ";
  return failures;
}

std::string fold_word(std::string_view word, WordInfo* info) {
  bool ascii = true;
  for (char c : word)
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
  if (ascii) return loosen(ascii_lower(word));

  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  // Look-alikes from other scripts become the Latin letters they imitate. The
  // letter as written first (Cyrillic "М" looks like "M", its lower case "м"
  // like nothing Latin), then its case fold (Cyrillic "І" is "i", not "l").
  bool latin = false;
  bool other = false;
  bool confusable = false;
  icu::UnicodeString mapped;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i = u.moveIndex32(i, 1);
    if (c >= 0x80) {
      std::string_view l = confusable_latin(static_cast<char32_t>(c));
      if (l.empty()) l = confusable_latin(static_cast<char32_t>(u_foldCase(c, U_FOLD_CASE_DEFAULT)));
      if (!l.empty()) {
        confusable = true;
        if (!is_latin_letter(c)) other = true;
        mapped.append(icu::UnicodeString::fromUTF8(icu::StringPiece(l.data(), static_cast<int32_t>(l.size()))));
        continue;
      }
    }
    if (is_latin_letter(c)) latin = true;
    mapped.append(c);
  }
  mapped.foldCase();  // the mapped letters are lower-case ASCII already
  if (info != nullptr) {
    info->confusable = confusable;
    info->mixed_script = latin && other;
  }
  icu::UnicodeString stripped;
  icu::UnicodeString bare = strip_marks(mapped);
  for (int32_t i = 0; i < bare.length();) {
    UChar32 c = bare.char32At(i);
    i = bare.moveIndex32(i, 1);
    if (c == 0x0153) {  // œ
      stripped.append(static_cast<UChar32>('o')).append(static_cast<UChar32>('e'));
    } else if (c == 0x00E6) {  // æ
      stripped.append(static_cast<UChar32>('a')).append(static_cast<UChar32>('e'));
    } else {
      stripped.append(c);
    }
  }
  std::string out;
  stripped.toUTF8String(out);
  return loosen(out);
}

namespace {

enum class CharClass { separator, letter, digit, currency };

CharClass classify(UChar32 c) {
  if (c < 0x80) {
    if (c >= '0' && c <= '9') return CharClass::digit;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::letter;
    if (c == '$') return CharClass::currency;
    return CharClass::separator;
  }
  int8_t type = u_charType(c);
  if (type == U_DECIMAL_DIGIT_NUMBER) return CharClass::digit;
  if (type == U_CURRENCY_SYMBOL) return CharClass::currency;
  if (u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) return CharClass::letter;
  return CharClass::separator;
}

bool is_sentence_end(UChar32 c) { return c == '!' || c == '?' || c == ';' || c == '\n' || c == 0x2026; }
bool opens_quote(UChar32 c) { return c == 0x00AB || c == 0x201C || c == 0x201E; }
bool closes_quote(UChar32 c) { return c == 0x00BB || c == 0x201D; }

// A quotation longer than this is more likely an unbalanced mark than a quote.
constexpr std::size_t kMaxQuotedTokens = 40;

}  // namespace

void tokenize(std::string_view s, Field field, std::vector<Token>& out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t len = static_cast<int32_t>(s.size());
  std::uint32_t sentence = out.empty() ? 0 : out.back().sentence + 1;
  std::uint32_t index = 0;
  std::size_t quote_start = SIZE_MAX;  // index in `out` of the first token inside a quote
  bool ascii_quote_open = false;

  int32_t tok_begin = -1;
  CharClass tok_class = CharClass::separator;
  int32_t gap_begin = 0;  // where the separator run before the next token began
  bool touching = false;  // the next token touches the previous one (class change)

  auto flush = [&](int32_t end) {
    if (tok_begin < 0) return;
    Token t;
    t.begin = static_cast<std::uint32_t>(tok_begin);
    t.end = static_cast<std::uint32_t>(end);
    t.index_in_field = index++;
    t.sentence = sentence;
    t.field = field;
    t.number = tok_class == CharClass::digit;
    std::string_view word = s.substr(t.begin, t.end - t.begin);
    if (touching) {
      t.gap = '\x01';
    } else if (tok_begin - gap_begin == 1 && bytes[gap_begin] < 0x80) {
      t.gap = static_cast<char>(bytes[gap_begin]);
    }
    t.plus = tok_begin > 0 && s[static_cast<std::size_t>(tok_begin) - 1] == '+';
    std::string_view rest = s.substr(static_cast<std::size_t>(end));
    t.elided = rest.starts_with("'") || rest.starts_with("\xE2\x80\x99") || rest.starts_with("\xCA\xBC");
    if (t.number) {
      t.key = std::string(word);
    } else {
      WordInfo info;
      t.key = fold_word(word, &info);
      t.confusable = info.confusable;
      t.mixed_script = info.mixed_script;
    }
    out.push_back(std::move(t));
    tok_begin = -1;
    gap_begin = end;
    touching = false;
  };
  auto close_quote = [&] {
    if (quote_start != SIZE_MAX && out.size() - quote_start <= kMaxQuotedTokens)
      for (std::size_t k = quote_start; k < out.size(); ++k) out[k].quoted = true;
    quote_start = SIZE_MAX;
  };

  for (int32_t i = 0; i < len;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, len, c);
    if (c < 0) c = 0xFFFD;
    CharClass cls = classify(c);
    if (cls == CharClass::letter || cls == CharClass::digit) {
      if (tok_begin >= 0 && cls != tok_class) {
        flush(start);
        touching = true;
      }
      if (tok_begin < 0) {
        tok_begin = start;
        tok_class = cls;
      }
      continue;
    }
    flush(start);
    if (cls == CharClass::currency) {
      tok_begin = start;
      tok_class = CharClass::currency;
      flush(i);
      continue;
    }
    if (is_sentence_end(c)) {
      ++sentence;
    } else if (c == '.') {
      // "ameli.fr" and "1.49" are not sentence ends; ". " and a final "." are.
      if (i >= len || s[static_cast<std::size_t>(i)] == ' ' || s[static_cast<std::size_t>(i)] == '\n' ||
          s[static_cast<std::size_t>(i)] == '\t')
        ++sentence;
    } else if (opens_quote(c)) {
      quote_start = out.size();
    } else if (closes_quote(c)) {
      close_quote();
    } else if (c == '"') {
      if (ascii_quote_open) {
        close_quote();
      } else {
        quote_start = out.size();
      }
      ascii_quote_open = !ascii_quote_open;
    }
  }
  flush(len);
}

}  // namespace mc::scam::text
