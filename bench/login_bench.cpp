// In-process: one sign-in (lockout reservation, Argon2id, session, attempt log on SQLite) against
// one raw libsodium verification and one verification in the hasher's reused arena, in the same
// run. The ratios say what the use case costs on top of each. Run: build-bench/bench/login_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "adapters/crypto/key_file.hpp"
#include "adapters/crypto/sodium.hpp"
#include "adapters/messages/messages_fr.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/login.hpp"
#include "app/sessions.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/store.hpp"
#include "main/wiring.hpp"

namespace {

const char* kPassword = "Demo-00-Motdepasse!";
const char* kNir = "1580575112377";

struct World {
  std::filesystem::path dir;
  mc::wiring::SystemClock clock;
  mc::crypto::SodiumCrypto crypto;
  std::unique_ptr<mc::storage::SqliteStore> store;
  std::unique_ptr<mc::crypto::Argon2Hasher> hasher;
  mc::app::Settings settings;
  std::unique_ptr<mc::app::Sessions> sessions;
  std::unique_ptr<mc::app::SourceThrottle> throttle;
  mc::app::AttackMonitor monitor{0, {}};
  std::unique_ptr<mc::messages::MessagesFr> messages;
  std::unique_ptr<mc::app::Login> login;

  World() {
    mc::crypto::init_sodium();
    dir = std::filesystem::temp_directory_path() / ("mc-bench-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    store = std::make_unique<mc::storage::SqliteStore>((dir / "bench.sqlite").string());
    hasher = std::make_unique<mc::crypto::Argon2Hasher>(mc::crypto::Argon2Params{}, 1, 1);
    mc::ports::ImportBatch b;
    b.organismes.push_back({"CPAM-75", "general", "CPAM de Paris", "compte ameli", "36 46", ""});
    mc::account::RegisterEntry r;
    r.nir13 = kNir;
    r.sex = "M";
    r.family_name = "MARTIN";
    r.given_names = "Lucas";
    r.birth_date = "1958-05-01";
    r.organisme = "CPAM-75";
    b.register_entries.push_back(r);
    mc::ports::ImportedAccount a;
    a.nir13 = kNir;
    a.password_hash = hasher->hash(kPassword);
    a.last_login_at = clock.now();
    b.accounts.push_back(a);
    store->sign_in().import_batch(b, clock.now());
    sessions = std::make_unique<mc::app::Sessions>(store->sign_in(), crypto, clock);
    throttle = std::make_unique<mc::app::SourceThrottle>(store->budgets(), clock, mc::app::ThrottleSettings{});
    messages = std::make_unique<mc::messages::MessagesFr>(settings.base_url);
    login = std::make_unique<mc::app::Login>(mc::app::LoginDeps{
        store->sign_in(), store->devices(), *hasher, crypto, clock, *sessions, *throttle, monitor, *messages,
        [](std::string_view data) { return mc::crypto::hmac_sha256_hex(mc::crypto::Key32{}, data); }, settings});
  }
  ~World() { std::filesystem::remove_all(dir); }
};

World& world() {
  static World w;
  return w;
}

void BM_RawArgon2idVerify(benchmark::State& state) {
  auto& w = world();
  std::string hash = w.hasher->hash(kPassword);
  for (auto _ : state) benchmark::DoNotOptimize(mc::crypto::Argon2Hasher::verify_now(hash, kPassword));
  state.SetItemsProcessed(state.iterations());
}

void BM_ArenaArgon2idVerify(benchmark::State& state) {
  auto& w = world();
  std::string hash = w.hasher->hash(kPassword);
  for (auto _ : state) {
    auto ticket = w.hasher->admit();
    benchmark::DoNotOptimize(w.hasher->verify(*ticket, hash, kPassword));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_SignIn(benchmark::State& state) {
  auto& w = world();
  for (auto _ : state) {
    auto out = (*w.login)({kNir, kPassword, "127.0.0.1"});
    if (out.kind != mc::app::LoginOutcome::Kind::ok) state.SkipWithError("sign-in failed");
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_UnknownNir(benchmark::State& state) {
  auto& w = world();
  int i = 0;
  for (auto _ : state) {
    // Fresh, well-formed unknown NIRs (order number never 000) so that no shadow counter locks.
    std::string tail = std::to_string(100001 + (i++ % 800000));
    if (tail.ends_with("000")) tail.back() = '1';
    std::string nir = "1580575" + tail;
    benchmark::DoNotOptimize((*w.login)({nir, kPassword, "127.0.0.1"}));
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_RawArgon2idVerify)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(BM_ArenaArgon2idVerify)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(BM_SignIn)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(BM_UnknownNir)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
