// Every function here carries __attribute__((target("avx2"))) (no per-file -mavx2 flag), so
// AVX2 instructions stay inside them: inline helpers are file-local and marked too, and
// nothing shared with other files (templates, inline functions of headers) is built for AVX2.
#include "adapters/crypto/argon2id_kernels.hpp"

#if defined(__x86_64__)
#include <immintrin.h>

#define MC_TARGET_AVX2 __attribute__((target("avx2")))

namespace mc::crypto::argon2id::detail {
namespace {

MC_TARGET_AVX2 inline __m256i blamka(__m256i x, __m256i y) {
  const __m256i product = _mm256_mul_epu32(x, y);  // low 32 bits of each 64-bit lane, multiplied
  return _mm256_add_epi64(_mm256_add_epi64(x, y), _mm256_add_epi64(product, product));
}

MC_TARGET_AVX2 inline __m256i rotr32(__m256i x) { return _mm256_shuffle_epi32(x, _MM_SHUFFLE(2, 3, 0, 1)); }
MC_TARGET_AVX2 inline __m256i rotr24(__m256i x) {
  return _mm256_shuffle_epi8(x, _mm256_setr_epi8(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, 3, 4, 5, 6, 7,
                                                 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10));
}
MC_TARGET_AVX2 inline __m256i rotr16(__m256i x) {
  return _mm256_shuffle_epi8(x, _mm256_setr_epi8(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, 2, 3, 4, 5, 6,
                                                 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9));
}
MC_TARGET_AVX2 inline __m256i rotr63(__m256i x) { return _mm256_xor_si256(_mm256_srli_epi64(x, 63), _mm256_add_epi64(x, x)); }

// G on four columns at once: a = (v0 v1 v2 v3), b = (v4 … v7), c = (v8 … v11), d = (v12 … v15).
MC_TARGET_AVX2 inline void g4(__m256i& a, __m256i& b, __m256i& c, __m256i& d) {
  a = blamka(a, b);
  d = rotr32(_mm256_xor_si256(d, a));
  c = blamka(c, d);
  b = rotr24(_mm256_xor_si256(b, c));
  a = blamka(a, b);
  d = rotr16(_mm256_xor_si256(d, a));
  c = blamka(c, d);
  b = rotr63(_mm256_xor_si256(b, c));
}

MC_TARGET_AVX2 inline void permute(__m256i& a, __m256i& b, __m256i& c, __m256i& d) {
  g4(a, b, c, d);
  // Diagonals: b turns by one word, c by two, d by three; then back.
  b = _mm256_permute4x64_epi64(b, _MM_SHUFFLE(0, 3, 2, 1));
  c = _mm256_permute4x64_epi64(c, _MM_SHUFFLE(1, 0, 3, 2));
  d = _mm256_permute4x64_epi64(d, _MM_SHUFFLE(2, 1, 0, 3));
  g4(a, b, c, d);
  b = _mm256_permute4x64_epi64(b, _MM_SHUFFLE(2, 1, 0, 3));
  c = _mm256_permute4x64_epi64(c, _MM_SHUFFLE(1, 0, 3, 2));
  d = _mm256_permute4x64_epi64(d, _MM_SHUFFLE(0, 3, 2, 1));
}

// Two 16-byte halves, words w[lo], w[lo+1] and w[hi], w[hi+1], as one register.
MC_TARGET_AVX2 inline __m256i load_pair(const std::uint64_t* w, int lo, int hi) {
  return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(w + lo))),
                                 _mm_load_si128(reinterpret_cast<const __m128i*>(w + hi)), 1);
}
MC_TARGET_AVX2 inline void store_pair(std::uint64_t* w, int lo, int hi, __m256i x) {
  _mm_store_si128(reinterpret_cast<__m128i*>(w + lo), _mm256_castsi256_si128(x));
  _mm_store_si128(reinterpret_cast<__m128i*>(w + hi), _mm256_extracti128_si256(x, 1));
}

}  // namespace

MC_TARGET_AVX2 void compress_avx2(const Block& prev, const Block& ref, Block& next, bool xor_into) {
  alignas(64) std::uint64_t r[128];
  __m256i keep[32];
  for (int i = 0; i < 32; ++i) {
    const __m256i x = _mm256_xor_si256(_mm256_load_si256(reinterpret_cast<const __m256i*>(prev.v) + i),
                                       _mm256_load_si256(reinterpret_cast<const __m256i*>(ref.v) + i));
    _mm256_store_si256(reinterpret_cast<__m256i*>(r) + i, x);
    keep[i] = xor_into ? _mm256_xor_si256(x, _mm256_load_si256(reinterpret_cast<const __m256i*>(next.v) + i)) : x;
  }
  // Rows: sixteen consecutive words each.
  auto* rows = reinterpret_cast<__m256i*>(r);
  for (int i = 0; i < 8; ++i) {
    __m256i a = rows[4 * i], b = rows[4 * i + 1], c = rows[4 * i + 2], d = rows[4 * i + 3];
    permute(a, b, c, d);
    rows[4 * i] = a, rows[4 * i + 1] = b, rows[4 * i + 2] = c, rows[4 * i + 3] = d;
  }
  // Columns: word pairs 2i and 2i+1 of every row.
  for (int i = 0; i < 8; ++i) {
    __m256i a = load_pair(r, 2 * i, 2 * i + 16), b = load_pair(r, 2 * i + 32, 2 * i + 48),
            c = load_pair(r, 2 * i + 64, 2 * i + 80), d = load_pair(r, 2 * i + 96, 2 * i + 112);
    permute(a, b, c, d);
    store_pair(r, 2 * i, 2 * i + 16, a), store_pair(r, 2 * i + 32, 2 * i + 48, b);
    store_pair(r, 2 * i + 64, 2 * i + 80, c), store_pair(r, 2 * i + 96, 2 * i + 112, d);
  }
  for (int i = 0; i < 32; ++i)
    _mm256_store_si256(reinterpret_cast<__m256i*>(next.v) + i, _mm256_xor_si256(keep[i], rows[i]));
}

bool has_avx2() { return __builtin_cpu_supports("avx2"); }

}  // namespace mc::crypto::argon2id::detail

#else

namespace mc::crypto::argon2id::detail {
void compress_avx2(const Block& prev, const Block& ref, Block& next, bool xor_into) {
  compress_portable(prev, ref, next, xor_into);
}
bool has_avx2() { return false; }
}  // namespace mc::crypto::argon2id::detail

#endif
