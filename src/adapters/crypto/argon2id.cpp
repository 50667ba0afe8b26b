#include "adapters/crypto/argon2id.hpp"

#include <sodium.h>

#include <bit>
#include <cstring>
#include <stdexcept>

#include "adapters/crypto/argon2id_kernels.hpp"

namespace mc::crypto::argon2id {

static_assert(std::endian::native == std::endian::little,
              "blocks are filled from BLAKE2b output bytes as little-endian 64-bit words");
static_assert(sizeof(Block) == kBlockBytes);

namespace {

constexpr std::uint32_t kVersion = 0x13;
constexpr std::uint32_t kTypeId = 2;  // Argon2id
constexpr std::uint32_t kSyncPoints = 4;
constexpr std::uint32_t kAddressesPerBlock = kBlockBytes / 8;

void store32(std::uint8_t* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void require(int rc) {
  // BLAKE2b only fails on lengths this file never passes; a failure is a bug, not bad input.
  if (rc != 0) throw std::logic_error("BLAKE2b refused its parameters");
}

class Blake2b {
 public:
  explicit Blake2b(std::size_t out_len) { require(crypto_generichash_init(&state_, nullptr, 0, out_len)); }
  ~Blake2b() { sodium_memzero(&state_, sizeof state_); }
  Blake2b(const Blake2b&) = delete;
  Blake2b& operator=(const Blake2b&) = delete;
  Blake2b& add(std::span<const std::uint8_t> bytes) {
    require(crypto_generichash_update(&state_, bytes.data(), bytes.size()));
    return *this;
  }
  Blake2b& add32(std::uint32_t v) {
    std::uint8_t le[4];
    store32(le, v);
    return add(le);
  }
  Blake2b& add_sized(std::span<const std::uint8_t> bytes) { return add32(static_cast<std::uint32_t>(bytes.size())).add(bytes); }
  void finish(std::span<std::uint8_t> out) { require(crypto_generichash_final(&state_, out.data(), out.size())); }

 private:
  crypto_generichash_state state_;
};

// H' of RFC 9106 §3.3: BLAKE2b stretched to any length.
void blake2b_long(std::span<std::uint8_t> out, std::span<const std::uint8_t> in) {
  const auto out_len = static_cast<std::uint32_t>(out.size());
  if (out.size() <= 64) {
    Blake2b(out.size()).add32(out_len).add(in).finish(out);
    return;
  }
  std::uint8_t v[64];
  Blake2b(64).add32(out_len).add(in).finish(v);
  std::memcpy(out.data(), v, 32);
  std::size_t done = 32;
  while (out.size() - done > 64) {
    std::uint8_t next[64];
    require(crypto_generichash(next, 64, v, 64, nullptr, 0));
    std::memcpy(v, next, 64);
    std::memcpy(out.data() + done, v, 32);
    done += 32;
  }
  require(crypto_generichash(out.data() + done, out.size() - done, v, 64, nullptr, 0));
  sodium_memzero(v, sizeof v);
}

std::span<std::uint8_t> bytes_of(Block& b) { return {reinterpret_cast<std::uint8_t*>(b.v), kBlockBytes}; }

using Compress = void (*)(const Block& prev, const Block& ref, Block& next, bool xor_into);

struct Fill {
  std::span<Block> memory;
  Compress compress;
  std::uint32_t passes, lanes, lane_length, segment_length;
  std::uint64_t blocks;

  // Where the `index`-th block of this segment may point to (RFC 9106 §3.4.1.2).
  std::uint32_t reference_index(std::uint32_t pass, std::uint32_t slice, std::uint32_t index, std::uint32_t j1,
                                bool same_lane) const {
    std::uint32_t area;
    if (pass == 0) {
      if (slice == 0)
        area = index - 1;
      else
        area = slice * segment_length + (same_lane ? index - 1 : (index == 0 ? -1u : 0u));
    } else {
      area = lane_length - segment_length + (same_lane ? index - 1 : (index == 0 ? -1u : 0u));
    }
    std::uint64_t x = (static_cast<std::uint64_t>(j1) * j1) >> 32;
    std::uint64_t relative = area - 1 - ((area * x) >> 32);
    std::uint64_t start = (pass == 0 || slice == kSyncPoints - 1) ? 0 : (slice + 1) * segment_length;
    return static_cast<std::uint32_t>((start + relative) % lane_length);
  }

  void segment(std::uint32_t pass, std::uint32_t slice, std::uint32_t lane) {
    // Argon2id: the first half of the first pass addresses memory independently of the password.
    const bool independent = pass == 0 && slice < kSyncPoints / 2;
    Block zero{}, input{}, address{};
    auto next_addresses = [&] {
      ++input.v[6];
      compress(zero, input, address, false);
      compress(zero, address, address, false);
    };
    if (independent) {
      input.v[0] = pass;
      input.v[1] = lane;
      input.v[2] = slice;
      input.v[3] = blocks;
      input.v[4] = passes;
      input.v[5] = kTypeId;
    }
    std::uint32_t first = 0;
    if (pass == 0 && slice == 0) {
      first = 2;  // blocks 0 and 1 come from H'
      if (independent) next_addresses();
    }
    std::uint64_t current = static_cast<std::uint64_t>(lane) * lane_length + slice * segment_length + first;
    std::uint64_t previous = current % lane_length == 0 ? current + lane_length - 1 : current - 1;
    for (std::uint32_t i = first; i < segment_length; ++i, ++current, ++previous) {
      if (current % lane_length == 1) previous = current - 1;
      std::uint64_t pseudo_random;
      if (independent) {
        if (i % kAddressesPerBlock == 0) next_addresses();
        pseudo_random = address.v[i % kAddressesPerBlock];
      } else {
        pseudo_random = memory[previous].v[0];
      }
      std::uint32_t ref_lane = static_cast<std::uint32_t>((pseudo_random >> 32) % lanes);
      if (pass == 0 && slice == 0) ref_lane = lane;
      const std::uint32_t ref_index =
          reference_index(pass, slice, i, static_cast<std::uint32_t>(pseudo_random), ref_lane == lane);
      compress(memory[previous], memory[static_cast<std::uint64_t>(ref_lane) * lane_length + ref_index],
               memory[current], pass != 0);
    }
  }
};

Compress pick(Kernel kernel) {
  switch (kernel) {
    case Kernel::portable:
      return detail::compress_portable;
    case Kernel::ssse3:
      return detail::has_ssse3() ? detail::compress_ssse3 : nullptr;
    case Kernel::avx2:
      return detail::has_avx2() ? detail::compress_avx2 : nullptr;
    case Kernel::automatic:
      break;
  }
  if (detail::has_avx2()) return detail::compress_avx2;
  return detail::has_ssse3() ? detail::compress_ssse3 : detail::compress_portable;
}

// Decimal without sign or leading zero, as the reference encoder writes it.
bool take_number(std::string_view& s, std::uint32_t& out) {
  std::size_t n = 0;
  std::uint64_t value = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9' && n < 10) value = value * 10 + static_cast<unsigned>(s[n++] - '0');
  if (n == 0 || (n > 1 && s[0] == '0') || value > 0xFFFFFFFFu) return false;
  out = static_cast<std::uint32_t>(value);
  s.remove_prefix(n);
  return true;
}

bool take(std::string_view& s, std::string_view literal) {
  if (!s.starts_with(literal)) return false;
  s.remove_prefix(literal.size());
  return true;
}

bool decode_base64(std::string_view b64, std::vector<std::uint8_t>& out) {
  if (b64.empty()) return false;
  out.resize(b64.size() * 3 / 4 + 1);
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), b64.data(), b64.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
      end != b64.data() + b64.size())
    return false;
  out.resize(len);
  return true;
}

}  // namespace

std::size_t blocks_needed(const Params& p) {
  const std::uint64_t lanes = p.lanes == 0 ? 1 : p.lanes;
  std::uint64_t m = p.m_cost_kib;
  if (m < 2 * kSyncPoints * lanes) m = 2 * kSyncPoints * lanes;
  return static_cast<std::size_t>(m / (kSyncPoints * lanes) * (kSyncPoints * lanes));
}

bool kernel_available(Kernel k) { return pick(k) != nullptr; }

bool derive(const Params& p, const Inputs& in, std::span<Block> memory, std::span<std::uint8_t> tag, Kernel kernel) {
  if (p.t_cost == 0 || p.lanes == 0 || p.lanes > 0xFFFFFF || tag.size() < 4 || tag.size() > 0xFFFFFFFFu) return false;
  const Compress compress = pick(kernel);
  const std::size_t blocks = blocks_needed(p);
  if (compress == nullptr || memory.size() < blocks) return false;

  std::uint8_t seed[64 + 8];  // H0 || LE32(block index) || LE32(lane)
  Blake2b(64)
      .add32(p.lanes)
      .add32(static_cast<std::uint32_t>(tag.size()))
      .add32(p.m_cost_kib)
      .add32(p.t_cost)
      .add32(kVersion)
      .add32(kTypeId)
      .add_sized(in.password)
      .add_sized(in.salt)
      .add_sized(in.secret)
      .add_sized(in.associated_data)
      .finish(std::span(seed, 64));

  Fill fill{memory.first(blocks), compress, p.t_cost, p.lanes, static_cast<std::uint32_t>(blocks / p.lanes),
            static_cast<std::uint32_t>(blocks / p.lanes / kSyncPoints), blocks};
  for (std::uint32_t lane = 0; lane < p.lanes; ++lane) {
    store32(seed + 68, lane);
    for (std::uint32_t b = 0; b < 2; ++b) {
      store32(seed + 64, b);
      blake2b_long(bytes_of(fill.memory[static_cast<std::size_t>(lane) * fill.lane_length + b]), seed);
    }
  }
  sodium_memzero(seed, sizeof seed);

  // Lanes of one slice only read other lanes' finished slices, so filling them one after the
  // other gives what parallel threads would.
  for (std::uint32_t pass = 0; pass < p.t_cost; ++pass)
    for (std::uint32_t slice = 0; slice < kSyncPoints; ++slice)
      for (std::uint32_t lane = 0; lane < p.lanes; ++lane) fill.segment(pass, slice, lane);

  Block last = fill.memory[fill.lane_length - 1];
  for (std::uint32_t lane = 1; lane < p.lanes; ++lane)
    for (std::size_t w = 0; w < kBlockBytes / 8; ++w)
      last.v[w] ^= fill.memory[static_cast<std::size_t>(lane) * fill.lane_length + fill.lane_length - 1].v[w];
  blake2b_long(tag, bytes_of(last));
  sodium_memzero(&last, sizeof last);
  return true;
}

std::optional<Phc> parse_phc(std::string_view s) {
  Phc phc;
  if (!take(s, "$argon2id$v=19$m=") || !take_number(s, phc.params.m_cost_kib) || !take(s, ",t=") ||
      !take_number(s, phc.params.t_cost) || !take(s, ",p=") || !take_number(s, phc.params.lanes) || !take(s, "$"))
    return std::nullopt;
  const auto dollar = s.find('$');
  if (dollar == std::string_view::npos || !decode_base64(s.substr(0, dollar), phc.salt) ||
      !decode_base64(s.substr(dollar + 1), phc.hash))
    return std::nullopt;
  return phc;
}

}  // namespace mc::crypto::argon2id
