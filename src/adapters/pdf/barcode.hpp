#pragma once
// DataMatrix (ECC 200) symbols through libzint, as 2D-Doc prescribes.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace mc::pdf {

// Modules of a symbol, row 0 at the top; no quiet zone included.
struct ModuleMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<std::uint8_t> dark;  // rows * cols, 1 = dark module
  bool at(int row, int col) const { return dark[static_cast<std::size_t>(row * cols + col)] != 0; }
};

// Encodes the bytes as they are (binary/DATA mode, no ECI), square symbol.
std::expected<ModuleMatrix, std::string> encode_datamatrix(std::string_view data);

// Grey-scale PGM (P5) image with a quiet zone, for readers such as dmtxread in tests.
std::vector<std::uint8_t> to_pgm(const ModuleMatrix& m, int pixels_per_module, int quiet_modules);

}  // namespace mc::pdf
