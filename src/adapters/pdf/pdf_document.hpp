#pragma once
// Internal: a thin RAII layer over libharu for the renderers in this folder. Coordinates
// are PDF points from the bottom-left corner; text is UTF-8 everywhere in our code.
//
// Fonts: one embedded TrueType font (DejaVu Sans). When every string of the document is
// in Windows-1252 — always the case for French text — the font is loaded with that
// single-byte encoding; otherwise it is loaded as a UTF-8 (CID, Identity-H) font. Both
// embed the glyphs, so accents print and pdftotext reads them back. The single-byte path
// is ~3x faster in libharu (see docs/adr/0123-pdf-fonts-and-encoding.md).
#include <hpdf.h>

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/pdf/barcode.hpp"

namespace mc::pdf::detail {

struct Rgb {
  float r = 0, g = 0, b = 0;
};
inline constexpr Rgb kBlack{0, 0, 0};
inline constexpr Rgb kBlue{0.05f, 0.23f, 0.49f};   // headings
inline constexpr Rgb kGrey{0.35f, 0.35f, 0.35f};   // footers, notes
inline constexpr Rgb kPale{0.93f, 0.95f, 0.98f};   // box backgrounds

struct Style {
  float size = 10;
  bool bold = false;  // drawn as fill + thin stroke of the regular font
  Rgb color = kBlack;
};

// True when every character of `utf8` has a Windows-1252 code (and the text is valid UTF-8).
bool fits_cp1252(std::string_view utf8);

class Document {
 public:
  // `unicode` selects the UTF-8 font loading (see above). Errors are collected, not thrown:
  // libharu is C and must not be unwound through.
  Document(const std::filesystem::path& font_file, bool unicode);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  static constexpr float kWidth = 595.276f;   // A4
  static constexpr float kHeight = 841.89f;

  void new_page();
  int page_count() const { return static_cast<int>(pages_.size()); }
  // Switches drawing to an earlier page (to add "page n/N" footers at the end).
  void select_page(int index);

  void text(float x, float y, std::string_view utf8, const Style& style);
  void text_right(float right_x, float y, std::string_view utf8, const Style& style);
  void text_centered(float center_x, float y, std::string_view utf8, const Style& style);
  float width(std::string_view utf8, float size) const;
  // Greedy word wrap to `max_width`; a word longer than a line is cut between characters.
  std::vector<std::string> wrap(std::string_view utf8, float size, float max_width) const;
  // Draws wrapped text from baseline `y` downwards; returns the baseline after the last line.
  float paragraph(float x, float y, float max_width, std::string_view utf8, const Style& style,
                  float leading);

  void fill_rect(float x, float y, float w, float h, Rgb color);
  void stroke_rect(float x, float y, float w, float h, Rgb color, float line_width);
  void line(float x1, float y1, float x2, float y2, Rgb color, float line_width);
  // Draws the symbol as vector squares, `size` points wide, lower-left corner at (x, y).
  void datamatrix(const ModuleMatrix& m, float x, float y, float size);
  void text_rotated_90(float x, float y, std::string_view utf8, const Style& style);

  void set_title(std::string_view utf8);
  std::expected<std::vector<std::uint8_t>, std::string> save();

  // First libharu error, if any ("" when fine).
  const std::string& error() const { return error_; }

 private:
  static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data);
  std::string encode(std::string_view utf8) const;
  void begin_text(const Style& style);
  void end_text(const Style& style);

  HPDF_Doc doc_ = nullptr;
  HPDF_Font font_ = nullptr;
  HPDF_Page page_ = nullptr;
  std::vector<HPDF_Page> pages_;
  bool unicode_ = false;
  std::string error_;
};

}  // namespace mc::pdf::detail
