// Raw Argon2id verifications on T threads: the ceiling of password sign-ins. `libsodium` (the
// default) is the naive ceiling, fresh memory per call; `arena` is the service's hasher alone,
// one reused arena per thread — what a sign-in costs with nothing around the hash.
// Usage: argon2_ceiling THREADS VERIFICATIONS [libsodium|arena] [M_KIB T_COST]
// Prints: verifications/s and CPU milliseconds per verification (user+sys of this process).
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "adapters/crypto/sodium.hpp"

static double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s THREADS VERIFICATIONS [libsodium|arena] [M_KIB T_COST]\n", argv[0]);
    return 2;
  }
  mc::crypto::init_sodium();
  int threads = std::atoi(argv[1]);
  int total = std::atoi(argv[2]);
  const std::string mode = argc >= 4 ? argv[3] : "libsodium";
  if (mode != "libsodium" && mode != "arena") {
    std::fprintf(stderr, "mode must be libsodium or arena, got %s\n", mode.c_str());
    return 2;
  }
  mc::crypto::Argon2Params p;
  if (argc >= 6) p = {static_cast<unsigned>(std::atoi(argv[5])), static_cast<std::size_t>(std::atoll(argv[4]))};
  const std::string hash = mc::crypto::Argon2Hasher::hash_now("Demo-00-Motdepasse!", p);
  mc::crypto::Argon2Hasher hasher(p, static_cast<unsigned>(threads), 0, {.reuse = true, .release_after_idle = {}});
  auto verify = [&] {
    if (mode == "libsodium") return mc::crypto::Argon2Hasher::verify_now(hash, "Demo-00-Motdepasse!");
    auto ticket = hasher.admit();
    return ticket && hasher.verify(*ticket, hash, "Demo-00-Motdepasse!");
  };
  auto run = [&](int n) {
    std::atomic<int> next{0};
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
      pool.emplace_back([&] {
        while (next.fetch_add(1) < n)
          if (!verify()) std::abort();
      });
    for (auto& t : pool) t.join();
  };
  run(threads);  // untimed: each thread's first call maps its arena (arena mode)
  double cpu0 = cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  run(total);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = cpu_seconds() - cpu0;
  std::printf("verifications_per_s %.2f cpu_ms_per_verification %.2f\n", total / wall, cpu * 1000 / total);
  return 0;
}
