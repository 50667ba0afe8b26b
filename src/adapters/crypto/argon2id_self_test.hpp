#pragma once
// The start-up check of the Argon2id kernels (issue 14). A compiler or CPU fault in a
// hand-written kernel would turn every correct password into a failure and lock the whole
// population out, so before the service listens each kernel the CPU offers must reproduce the
// RFC 9106 test vector and agree with libsodium at the configured parameters. A kernel that
// fails is not used; the first one that passes (avx2, ssse3, portable) is; when none does, the
// service verifies with libsodium alone, provided libsodium passes its own known answer; when
// nothing passes, the service refuses to start.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/crypto/argon2id.hpp"

namespace mc::crypto::argon2id {

[[nodiscard]] std::string_view kernel_name(Kernel k);  // "portable", "ssse3", "avx2", "automatic"

struct KernelCheck {
  std::string name;      // a kernel_name, or "libsodium"
  bool ok = false;
  std::string detail;    // what failed ("rfc9106", "libsodium cross-check", "test hook"), empty when ok
};

struct SelfTest {
  std::vector<KernelCheck> checks;  // one per kernel the CPU offers, then libsodium
  std::optional<Kernel> kernel;     // the kernel to use; nullopt: libsodium only
  bool usable = false;              // false: nothing passed, refuse to start
  [[nodiscard]] std::string chosen() const { return kernel ? std::string(kernel_name(*kernel)) : "libsodium"; }
};

// `t_cost` and `m_cost_kib` are the configured parameters (lanes 1, as stored hashes are).
// `broken` names what the test hook declares faulty (kernel names or "libsodium"): its output is
// corrupted before comparison, so that tests can show the fallback on any CPU. The service reads
// it from the MC_TEST_ARGON2_BREAK environment variable (docs/configuration.md), never from the
// configuration file.
[[nodiscard]] SelfTest self_test(std::uint32_t t_cost, std::uint32_t m_cost_kib,
                                 const std::vector<std::string>& broken = {});

}  // namespace mc::crypto::argon2id
