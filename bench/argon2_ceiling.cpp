// Raw libsodium Argon2id verifications on T threads: the physical ceiling of password sign-ins.
// Usage: argon2_ceiling THREADS VERIFICATIONS [M_KIB T_COST]
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
    std::fprintf(stderr, "usage: %s THREADS VERIFICATIONS [M_KIB T_COST]\n", argv[0]);
    return 2;
  }
  mc::crypto::init_sodium();
  int threads = std::atoi(argv[1]);
  int total = std::atoi(argv[2]);
  mc::crypto::Argon2Params p;
  if (argc >= 5) p = {static_cast<unsigned>(std::atoi(argv[4])), static_cast<std::size_t>(std::atoll(argv[3]))};
  const std::string hash = mc::crypto::Argon2Hasher::hash_now("Demo-00-Motdepasse!", p);
  std::atomic<int> next{0};
  double cpu0 = cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i)
    pool.emplace_back([&] {
      while (next.fetch_add(1) < total)
        if (!mc::crypto::Argon2Hasher::verify_now(hash, "Demo-00-Motdepasse!")) std::abort();
    });
  for (auto& t : pool) t.join();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = cpu_seconds() - cpu0;
  std::printf("verifications_per_s %.2f cpu_ms_per_verification %.2f\n", total / wall, cpu * 1000 / total);
  return 0;
}
