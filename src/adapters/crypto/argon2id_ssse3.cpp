// Every function here carries __attribute__((target("ssse3"))) (no per-file -mssse3 flag), so
// SSSE3 instructions stay inside them: inline helpers are file-local and marked too, and
// nothing shared with other files (templates, inline functions of headers) is built for SSSE3.
#include "adapters/crypto/argon2id_kernels.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <tmmintrin.h>

#define MC_TARGET_SSSE3 __attribute__((target("ssse3")))

namespace mc::crypto::argon2id::detail {
namespace {

MC_TARGET_SSSE3 inline __m128i blamka(__m128i x, __m128i y) {
  const __m128i product = _mm_mul_epu32(x, y);  // low 32 bits of each 64-bit lane, multiplied
  return _mm_add_epi64(_mm_add_epi64(x, y), _mm_add_epi64(product, product));
}

MC_TARGET_SSSE3 inline __m128i rotr32(__m128i x) { return _mm_shuffle_epi32(x, _MM_SHUFFLE(2, 3, 0, 1)); }
MC_TARGET_SSSE3 inline __m128i rotr24(__m128i x) {
  return _mm_shuffle_epi8(x, _mm_setr_epi8(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10));
}
MC_TARGET_SSSE3 inline __m128i rotr16(__m128i x) {
  return _mm_shuffle_epi8(x, _mm_setr_epi8(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9));
}
MC_TARGET_SSSE3 inline __m128i rotr63(__m128i x) { return _mm_xor_si128(_mm_srli_epi64(x, 63), _mm_add_epi64(x, x)); }

// G on two columns at once: each register holds one word of two neighbouring columns.
MC_TARGET_SSSE3 inline void g2(__m128i& a, __m128i& b, __m128i& c, __m128i& d) {
  a = blamka(a, b);
  d = rotr32(_mm_xor_si128(d, a));
  c = blamka(c, d);
  b = rotr24(_mm_xor_si128(b, c));
  a = blamka(a, b);
  d = rotr16(_mm_xor_si128(d, a));
  c = blamka(c, d);
  b = rotr63(_mm_xor_si128(b, c));
}

// P over 16 words held as 8 registers: a0 = (v0 v1), a1 = (v2 v3), b0 = (v4 v5) … d1 = (v14 v15).
MC_TARGET_SSSE3 inline void permute(__m128i& a0, __m128i& a1, __m128i& b0, __m128i& b1, __m128i& c0, __m128i& c1, __m128i& d0,
                    __m128i& d1) {
  g2(a0, b0, c0, d0);
  g2(a1, b1, c1, d1);
  // Diagonals: b turns by one word, c by two, d by three.
  __m128i t0 = _mm_alignr_epi8(b1, b0, 8), t1 = _mm_alignr_epi8(b0, b1, 8);
  b0 = t0, b1 = t1;
  t0 = c0, c0 = c1, c1 = t0;
  t0 = _mm_alignr_epi8(d0, d1, 8), t1 = _mm_alignr_epi8(d1, d0, 8);
  d0 = t0, d1 = t1;
  g2(a0, b0, c0, d0);
  g2(a1, b1, c1, d1);
  t0 = _mm_alignr_epi8(b0, b1, 8), t1 = _mm_alignr_epi8(b1, b0, 8);
  b0 = t0, b1 = t1;
  t0 = c0, c0 = c1, c1 = t0;
  t0 = _mm_alignr_epi8(d1, d0, 8), t1 = _mm_alignr_epi8(d0, d1, 8);
  d0 = t0, d1 = t1;
}

}  // namespace

MC_TARGET_SSSE3 void compress_ssse3(const Block& prev, const Block& ref, Block& next, bool xor_into) {
  const auto* p = reinterpret_cast<const __m128i*>(prev.v);
  const auto* q = reinterpret_cast<const __m128i*>(ref.v);
  auto* n = reinterpret_cast<__m128i*>(next.v);
  __m128i r[64], keep[64];
  for (int i = 0; i < 64; ++i) {
    r[i] = _mm_xor_si128(_mm_load_si128(p + i), _mm_load_si128(q + i));
    keep[i] = xor_into ? _mm_xor_si128(r[i], _mm_load_si128(n + i)) : r[i];
  }
  for (int i = 0; i < 8; ++i)
    permute(r[8 * i], r[8 * i + 1], r[8 * i + 2], r[8 * i + 3], r[8 * i + 4], r[8 * i + 5], r[8 * i + 6], r[8 * i + 7]);
  for (int i = 0; i < 8; ++i)
    permute(r[i], r[i + 8], r[i + 16], r[i + 24], r[i + 32], r[i + 40], r[i + 48], r[i + 56]);
  for (int i = 0; i < 64; ++i) _mm_store_si128(n + i, _mm_xor_si128(keep[i], r[i]));
}

bool has_ssse3() { return __builtin_cpu_supports("ssse3"); }

}  // namespace mc::crypto::argon2id::detail

#else

namespace mc::crypto::argon2id::detail {
void compress_ssse3(const Block& prev, const Block& ref, Block& next, bool xor_into) {
  compress_portable(prev, ref, next, xor_into);
}
bool has_ssse3() { return false; }
}  // namespace mc::crypto::argon2id::detail

#endif
