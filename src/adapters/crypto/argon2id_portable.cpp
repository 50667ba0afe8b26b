#include "adapters/crypto/argon2id_kernels.hpp"

namespace mc::crypto::argon2id::detail {
namespace {

constexpr std::uint64_t rotr(std::uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

// BlaMka: the BLAKE2b addition with a 32×32-bit product mixed in (RFC 9106 §3.6).
constexpr std::uint64_t blamka(std::uint64_t x, std::uint64_t y) {
  return x + y + 2 * (x & 0xFFFFFFFFu) * (y & 0xFFFFFFFFu);
}

constexpr void g(std::uint64_t& a, std::uint64_t& b, std::uint64_t& c, std::uint64_t& d) {
  a = blamka(a, b);
  d = rotr(d ^ a, 32);
  c = blamka(c, d);
  b = rotr(b ^ c, 24);
  a = blamka(a, b);
  d = rotr(d ^ a, 16);
  c = blamka(c, d);
  b = rotr(b ^ c, 63);
}

// P: one BLAKE2b round over the 16 words w[at[0..15]].
void permute(std::uint64_t* w, const std::size_t (&at)[16]) {
  std::uint64_t v[16];
  for (int k = 0; k < 16; ++k) v[k] = w[at[k]];
  g(v[0], v[4], v[8], v[12]);
  g(v[1], v[5], v[9], v[13]);
  g(v[2], v[6], v[10], v[14]);
  g(v[3], v[7], v[11], v[15]);
  g(v[0], v[5], v[10], v[15]);
  g(v[1], v[6], v[11], v[12]);
  g(v[2], v[7], v[8], v[13]);
  g(v[3], v[4], v[9], v[14]);
  for (int k = 0; k < 16; ++k) w[at[k]] = v[k];
}

}  // namespace

void compress_portable(const Block& prev, const Block& ref, Block& next, bool xor_into) {
  Block r, keep;
  for (std::size_t i = 0; i < 128; ++i) {
    r.v[i] = prev.v[i] ^ ref.v[i];
    keep.v[i] = xor_into ? r.v[i] ^ next.v[i] : r.v[i];
  }
  // The block as an 8×8 matrix of 16-byte registers: P on each row, then on each column.
  for (std::size_t row = 0; row < 8; ++row) {
    std::size_t at[16];
    for (std::size_t k = 0; k < 16; ++k) at[k] = 16 * row + k;
    permute(r.v, at);
  }
  for (std::size_t col = 0; col < 8; ++col) {
    std::size_t at[16];
    for (std::size_t k = 0; k < 8; ++k) {
      at[2 * k] = 2 * col + 16 * k;
      at[2 * k + 1] = 2 * col + 16 * k + 1;
    }
    permute(r.v, at);
  }
  for (std::size_t i = 0; i < 128; ++i) next.v[i] = keep.v[i] ^ r.v[i];
}

}  // namespace mc::crypto::argon2id::detail
