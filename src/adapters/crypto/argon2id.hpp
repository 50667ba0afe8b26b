#pragma once
// Argon2id (RFC 9106, version 0x13) computed in memory the caller owns, so the hashing pool can
// keep one arena per slot instead of asking the kernel for 19 MiB of fresh zeroed pages on every
// sign-in (libsodium maps and unmaps its memory on each call). BLAKE2b comes from libsodium; only
// the memory-filling core is ours. Why not libargon2: docs/adr/0007-argon2id-arenas.md.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mc::crypto::argon2id {

inline constexpr std::size_t kBlockBytes = 1024;

struct alignas(64) Block {
  std::uint64_t v[kBlockBytes / 8];
};

struct Params {
  std::uint32_t t_cost = 2;          // passes
  std::uint32_t m_cost_kib = 19456;  // memory in KiB (= blocks)
  std::uint32_t lanes = 1;
};

struct Inputs {
  std::span<const std::uint8_t> password;
  std::span<const std::uint8_t> salt;
  std::span<const std::uint8_t> secret;  // K of RFC 9106, empty here
  std::span<const std::uint8_t> associated_data;
};

// Blocks the memory of `p` needs: m' = 4·p·⌊m / 4p⌋, at least 8·p.
std::size_t blocks_needed(const Params& p);

// Which compression code runs: the SIMD one where the CPU has it; tests pin each in turn.
enum class Kernel { automatic, portable, ssse3, avx2 };
bool kernel_available(Kernel k);

// Writes the tag (any length from 4 bytes) into `tag`. `memory` must hold blocks_needed(p)
// blocks; its previous contents do not matter (every block is written before it is read).
// Returns false on parameters RFC 9106 forbids (t = 0, lanes = 0, tag < 4 bytes).
bool derive(const Params& p, const Inputs& in, std::span<Block> memory, std::span<std::uint8_t> tag,
            Kernel kernel = Kernel::automatic);

// "$argon2id$v=19$m=…,t=…,p=…$salt$hash" as libsodium and the reference implementation write it
// (base64 without padding). Anything else — another variant, version or spelling — is nullopt.
struct Phc {
  Params params;
  std::vector<std::uint8_t> salt;
  std::vector<std::uint8_t> hash;
};
std::optional<Phc> parse_phc(std::string_view phc);

}  // namespace mc::crypto::argon2id
