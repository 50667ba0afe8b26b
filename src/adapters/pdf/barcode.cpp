#include "adapters/pdf/barcode.hpp"

#include <zint.h>

#include <memory>

namespace mc::pdf {

std::expected<ModuleMatrix, std::string> encode_datamatrix(std::string_view data) {
  std::unique_ptr<zint_symbol, decltype(&ZBarcode_Delete)> symbol{ZBarcode_Create(), &ZBarcode_Delete};
  if (!symbol) return std::unexpected{"zint: out of memory"};
  symbol->symbology = BARCODE_DATAMATRIX;
  symbol->input_mode = DATA_MODE;
  symbol->option_3 = DM_SQUARE;
  const int rc = ZBarcode_Encode(symbol.get(), reinterpret_cast<const unsigned char*>(data.data()),
                                 static_cast<int>(data.size()));
  if (rc >= ZINT_ERROR) return std::unexpected{std::string{"zint: "} + symbol->errtxt};

  ModuleMatrix m;
  m.rows = symbol->rows;
  m.cols = symbol->width;
  m.dark.resize(static_cast<std::size_t>(m.rows * m.cols));
  // zint >= 2.10 packs each row as bits, least significant first (its module_is_set()).
  for (int r = 0; r < m.rows; ++r)
    for (int c = 0; c < m.cols; ++c)
      m.dark[static_cast<std::size_t>(r * m.cols + c)] = (symbol->encoded_data[r][c >> 3] >> (c & 7)) & 1;
  return m;
}

std::vector<std::uint8_t> to_pgm(const ModuleMatrix& m, int ppm, int quiet) {
  const int w = (m.cols + 2 * quiet) * ppm, h = (m.rows + 2 * quiet) * ppm;
  const std::string head = "P5\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
  std::vector<std::uint8_t> out(head.begin(), head.end());
  out.reserve(out.size() + static_cast<std::size_t>(w * h));
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const int r = y / ppm - quiet, c = x / ppm - quiet;
      const bool dark = r >= 0 && c >= 0 && r < m.rows && c < m.cols && m.at(r, c);
      out.push_back(dark ? 0 : 255);
    }
  }
  return out;
}

}  // namespace mc::pdf
