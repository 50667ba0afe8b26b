#include "adapters/pdf/pdf_document.hpp"

#include <cstdio>

#include "core/utf8.hpp"

namespace mc::pdf::detail {
namespace {

// Windows-1252 byte for a code point, or 0 when it has none.
unsigned char cp1252_of(char32_t cp) {
  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<unsigned char>(cp);
  switch (cp) {
    case 0x20AC: return 0x80;  // €
    case 0x201A: return 0x82;
    case 0x0192: return 0x83;
    case 0x201E: return 0x84;
    case 0x2026: return 0x85;  // …
    case 0x2020: return 0x86;
    case 0x2021: return 0x87;
    case 0x02C6: return 0x88;
    case 0x2030: return 0x89;
    case 0x0160: return 0x8A;
    case 0x2039: return 0x8B;
    case 0x0152: return 0x8C;  // Œ
    case 0x017D: return 0x8E;
    case 0x2018: return 0x91;
    case 0x2019: return 0x92;  // ’
    case 0x201C: return 0x93;
    case 0x201D: return 0x94;
    case 0x2022: return 0x95;
    case 0x2013: return 0x96;  // –
    case 0x2014: return 0x97;  // —
    case 0x02DC: return 0x98;
    case 0x2122: return 0x99;
    case 0x0161: return 0x9A;
    case 0x203A: return 0x9B;
    case 0x0153: return 0x9C;  // œ
    case 0x017E: return 0x9E;
    case 0x0178: return 0x9F;  // Ÿ
    case 0x202F: return 0xA0;  // narrow no-break space (French « ») -> no-break space
    default: return 0;
  }
}

// UTF-8 -> the bytes the loaded font expects: UTF-8 itself, or Windows-1252. Control
// characters and malformed bytes are dropped rather than printed as garbage.
std::string encode_text(std::string_view s, bool unicode) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const auto [cp, len] = utf8::sequence(s);
    if (len == 0) {
      s.remove_prefix(1);
      continue;
    }
    if (cp >= 0x20 && cp != 0x7F) {
      if (unicode) {
        out.append(s.substr(0, len));
      } else {
        const unsigned char b = cp1252_of(cp);
        out += b ? static_cast<char>(b) : '?';
      }
    }
    s.remove_prefix(len);
  }
  return out;
}

// The colour and width of the next stroke on `page`.
void set_stroke(HPDF_Page page, Rgb c, float lw) {
  HPDF_Page_SetRGBStroke(page, c.r, c.g, c.b);
  HPDF_Page_SetLineWidth(page, lw);
}

}  // namespace

bool fits_cp1252(std::string_view s) {
  while (!s.empty()) {
    const auto [cp, len] = utf8::sequence(s);
    if (len == 0 || cp1252_of(cp) == 0) return false;
    s.remove_prefix(len);
  }
  return true;
}

void Document::on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* self = static_cast<Document*>(user_data);
  if (!self->error_.empty()) return;
  char buf[64];
  std::snprintf(buf, sizeof buf, "libharu error 0x%04X (detail %u)", static_cast<unsigned>(error_no),
                static_cast<unsigned>(detail_no));
  self->error_ = buf;
}

Document::Document(const std::filesystem::path& font_file, bool unicode) : unicode_(unicode) {
  doc_ = HPDF_New(&Document::on_error, this);
  if (!doc_) {
    error_ = "libharu: cannot create a document";
    return;
  }
  HPDF_SetCompressionMode(doc_, HPDF_COMP_ALL);
  HPDF_SetInfoAttr(doc_, HPDF_INFO_CREATOR, "MonCompte");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(font_file, ec)) {
    error_ = "font file not found: " + font_file.string();
    return;
  }
  if (unicode_) {
    HPDF_UseUTFEncodings(doc_);
    HPDF_SetCurrentEncoder(doc_, "UTF-8");
  }
  const char* name = HPDF_LoadTTFontFromFile(doc_, font_file.c_str(), HPDF_TRUE);
  if (name) font_ = HPDF_GetFont(doc_, name, unicode_ ? "UTF-8" : "CP1252");
  if (!font_ && error_.empty()) error_ = "cannot load font " + font_file.string();
}

Document::~Document() {
  if (doc_) HPDF_Free(doc_);
}

void Document::new_page() {
  if (!doc_) return;
  page_ = HPDF_AddPage(doc_);
  if (!page_) return;
  HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  pages_.push_back(page_);
}

void Document::select_page(int index) {
  if (index >= 0 && index < page_count()) page_ = pages_[static_cast<std::size_t>(index)];
}

std::string Document::encode(std::string_view utf8) const { return encode_text(utf8, unicode_); }

void Document::begin_text(const Style& style) {
  HPDF_Page_BeginText(page_);
  HPDF_Page_SetFontAndSize(page_, font_, style.size);
  HPDF_Page_SetRGBFill(page_, style.color.r, style.color.g, style.color.b);
  if (style.bold) {
    HPDF_Page_SetRGBStroke(page_, style.color.r, style.color.g, style.color.b);
    HPDF_Page_SetLineWidth(page_, style.size * 0.035f);
    HPDF_Page_SetTextRenderingMode(page_, HPDF_FILL_THEN_STROKE);
  }
}

void Document::end_text(const Style& style) {
  if (style.bold) HPDF_Page_SetTextRenderingMode(page_, HPDF_FILL);
  HPDF_Page_EndText(page_);
}

void Document::text(float x, float y, std::string_view utf8, const Style& style) {
  if (!page_ || !font_) return;
  begin_text(style);
  HPDF_Page_TextOut(page_, x, y, encode(utf8).c_str());
  end_text(style);
}

void Document::text_right(float right_x, float y, std::string_view utf8, const Style& style) {
  text(right_x - width(utf8, style.size), y, utf8, style);
}

void Document::text_centered(float center_x, float y, std::string_view utf8, const Style& style) {
  text(center_x - width(utf8, style.size) / 2, y, utf8, style);
}

void Document::text_rotated_90(float x, float y, std::string_view utf8, const Style& style) {
  if (!page_ || !font_) return;
  begin_text(style);
  HPDF_Page_SetTextMatrix(page_, 0, 1, -1, 0, x, y);
  HPDF_Page_ShowText(page_, encode(utf8).c_str());
  end_text(style);
}

float Document::width(std::string_view utf8, float size) const {
  if (!font_) return 0;
  const std::string bytes = encode(utf8);
  const HPDF_TextWidth w =
      HPDF_Font_TextWidth(font_, reinterpret_cast<const HPDF_BYTE*>(bytes.data()), static_cast<HPDF_UINT>(bytes.size()));
  return static_cast<float>(w.width) * size / 1000.0f;
}

std::vector<std::string> Document::wrap(std::string_view utf8, float size, float max_width) const {
  std::vector<std::string> lines;
  std::string line;
  auto flush = [&] {
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
  };
  while (!utf8.empty()) {
    const auto space = utf8.find(' ');
    std::string_view word = utf8.substr(0, space);
    utf8 = space == std::string_view::npos ? std::string_view{} : utf8.substr(space + 1);
    if (word.empty()) continue;
    const std::string candidate = line.empty() ? std::string{word} : line + " " + std::string{word};
    if (width(candidate, size) <= max_width) {
      line = candidate;
      continue;
    }
    flush();
    // Cut a word that alone is wider than a line (a long URL) between code points.
    while (width(word, size) > max_width) {
      std::size_t cut = 0;
      while (cut < word.size()) {
        const auto [cp, len] = utf8::sequence(word.substr(cut));
        const std::size_t next = cut + (len ? len : 1);
        if (cut > 0 && width(word.substr(0, next), size) > max_width) break;
        cut = next;
      }
      lines.emplace_back(word.substr(0, cut));
      word.remove_prefix(cut);
    }
    line = std::string{word};
  }
  flush();
  return lines;
}

float Document::paragraph(float x, float y, float max_width, std::string_view utf8, const Style& style,
                          float leading) {
  for (const auto& l : wrap(utf8, style.size, max_width)) {
    text(x, y, l, style);
    y -= leading;
  }
  return y;
}

void Document::fill_rect(float x, float y, float w, float h, Rgb c) {
  if (!page_) return;
  HPDF_Page_SetRGBFill(page_, c.r, c.g, c.b);
  HPDF_Page_Rectangle(page_, x, y, w, h);
  HPDF_Page_Fill(page_);
}

void Document::stroke_rect(float x, float y, float w, float h, Rgb c, float lw) {
  if (!page_) return;
  set_stroke(page_, c, lw);
  HPDF_Page_Rectangle(page_, x, y, w, h);
  HPDF_Page_Stroke(page_);
}

void Document::line(float x1, float y1, float x2, float y2, Rgb c, float lw) {
  if (!page_) return;
  set_stroke(page_, c, lw);
  HPDF_Page_MoveTo(page_, x1, y1);
  HPDF_Page_LineTo(page_, x2, y2);
  HPDF_Page_Stroke(page_);
}

void Document::datamatrix(const ModuleMatrix& m, float x, float y, float size) {
  if (!page_ || m.cols == 0) return;
  const float module = size / static_cast<float>(m.cols);
  HPDF_Page_SetRGBFill(page_, 0, 0, 0);
  // One path for the whole symbol: a single fill leaves no hairline seams between
  // neighbouring modules when rasterised with anti-aliasing.
  for (int r = 0; r < m.rows; ++r) {
    const float top = y + static_cast<float>(m.rows - r) * module;
    int c = 0;
    while (c < m.cols) {
      if (!m.at(r, c)) {
        ++c;
        continue;
      }
      const int start = c;
      while (c < m.cols && m.at(r, c)) ++c;  // a horizontal run of dark modules
      HPDF_Page_Rectangle(page_, x + static_cast<float>(start) * module, top - module,
                          static_cast<float>(c - start) * module, module);
    }
  }
  HPDF_Page_Fill(page_);
}

void Document::set_title(std::string_view utf8) {
  if (!doc_) return;
  // Info strings are PDFDocEncoding, which matches Windows-1252 for French letters.
  HPDF_SetInfoAttr(doc_, HPDF_INFO_TITLE, encode_text(utf8, false).c_str());
}

std::expected<std::vector<std::uint8_t>, std::string> Document::save() {
  if (!error_.empty()) return std::unexpected{error_};
  if (!doc_ || pages_.empty()) return std::unexpected{"empty document"};
  if (HPDF_SaveToStream(doc_) != HPDF_OK || !error_.empty())
    return std::unexpected{error_.empty() ? "libharu: save failed" : error_};
  std::vector<std::uint8_t> out(HPDF_GetStreamSize(doc_));
  HPDF_ResetStream(doc_);
  std::size_t done = 0;
  while (done < out.size()) {
    HPDF_UINT32 n = static_cast<HPDF_UINT32>(out.size() - done);
    const HPDF_STATUS rc = HPDF_ReadFromStream(doc_, out.data() + done, &n);
    done += n;
    if (rc == HPDF_STREAM_EOF || n == 0) break;
    if (rc != HPDF_OK) return std::unexpected{"libharu: cannot read the stream"};
  }
  out.resize(done);
  return out;
}

}  // namespace mc::pdf::detail
