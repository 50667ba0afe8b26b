#pragma once
// The Argon2 compression G (RFC 9106 §3.5) over whole 1 KiB blocks: next = G(prev, ref), or
// next ^= G(prev, ref) from the second pass on. `ref` may be `next` (address blocks).
#include "adapters/crypto/argon2id.hpp"

namespace mc::crypto::argon2id::detail {

void compress_portable(const Block& prev, const Block& ref, Block& next, bool xor_into);

// Built with __attribute__((target("ssse3"))) in its own file so no SSSE3 instruction leaks into
// code run on older CPUs; call it only when has_ssse3().
void compress_ssse3(const Block& prev, const Block& ref, Block& next, bool xor_into);
bool has_ssse3();

// Same, with target("avx2"): four words per instruction. Call it only when has_avx2().
void compress_avx2(const Block& prev, const Block& ref, Block& next, bool xor_into);
bool has_avx2();

}  // namespace mc::crypto::argon2id::detail
