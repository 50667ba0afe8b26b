// attestation_bench: attestations per second per core (target >= 100/s/core for the full
// document), plus signature-only, verification-only and rendering-only rates.
// Run: build/bench/attestation_bench   (items_per_second is per core: one thread, CPU time)
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "adapters/pdf/ecdsa_keyring.hpp"
#include "adapters/pdf/render.hpp"
#include "core/attestation/attestation.hpp"

namespace {

namespace att = mc::attestation;

att::Rights sample() {
  att::Rights r;
  r.nir15 = "275109741151134";
  r.family_name = "RICHARD";
  r.given_names = "Hélène";
  r.birth_date = "1975-10-11";
  r.organisme_code = "CNMSS";
  r.organisme_name = "CNMSS (militaires)";
  r.organisme_address = "247 avenue Jacques Cartier\n83090 Toulon Cedex 9";
  r.organisme_phone = "04 94 16 36 00";
  r.rights_from = "2024-01-01";
  r.rights_to = "2027-12-31";
  r.css = true;
  r.ald = true;
  r.issue_date = "2025-03-03";
  return r;
}

// One keyring for the whole run, in a temporary folder removed at exit.
mc::signing::EcdsaKeyring& keyring() {
  static const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("mc-att-bench-" + std::to_string(::getpid()));
  static auto ring = [] {
    auto r = mc::signing::EcdsaKeyring::open(dir, std::chrono::system_clock::now());
    if (!r) std::abort();
    std::atexit([] { std::filesystem::remove_all(dir); });
    return std::move(*r);
  }();
  return *ring;
}

void BM_AttestationFull(benchmark::State& state) {
  const auto rights = sample();
  auto& ring = keyring();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const auto payload = att::build_payload(rights, ring);
    const auto pdf = mc::pdf::render_attestation(rights, *payload, att::short_code(*payload));
    if (!pdf) state.SkipWithError(pdf.error().c_str());
    bytes = pdf->bytes.size();
    benchmark::DoNotOptimize(pdf->bytes.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pdf_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_AttestationFull)->Unit(benchmark::kMillisecond);

void BM_SignPayload(benchmark::State& state) {
  const auto rights = sample();
  auto& ring = keyring();
  for (auto _ : state) benchmark::DoNotOptimize(att::build_payload(rights, ring));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignPayload)->Unit(benchmark::kMicrosecond);

void BM_VerifyPayload(benchmark::State& state) {
  auto& ring = keyring();
  const auto payload = *att::build_payload(sample(), ring);
  for (auto _ : state) {
    const auto v = att::verify_payload(payload, ring);
    if (!v.genuine) state.SkipWithError("not genuine");
    benchmark::DoNotOptimize(v.initials.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyPayload)->Unit(benchmark::kMicrosecond);

void BM_ParsePayload(benchmark::State& state) {
  const auto payload = *att::build_payload(sample(), keyring());
  for (auto _ : state) benchmark::DoNotOptimize(att::parse_payload(payload));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParsePayload)->Unit(benchmark::kMicrosecond);

void BM_RenderAttestationOnly(benchmark::State& state) {
  const auto rights = sample();
  const auto payload = *att::build_payload(rights, keyring());
  const auto code = att::short_code(payload);
  for (auto _ : state) benchmark::DoNotOptimize(mc::pdf::render_attestation(rights, payload, code));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderAttestationOnly)->Unit(benchmark::kMillisecond);

void BM_RenderLetter(benchmark::State& state) {
  mc::pdf::Letter l;
  l.sender_name = "CPAM du Rhône";
  l.sender_lines = {"276 cours Émile Zola", "69100 Villeurbanne"};
  l.sender_phone = "36 46";
  l.recipient = {"Mme Maëlle RICHARD", {"88 rue du Moulin"}, "75012", "Paris"};
  l.date = "2025-03-03";
  l.subject = "Votre code provisoire";
  l.paragraphs = {"Vous avez demandé à recevoir par courrier un code provisoire pour créer un nouveau mot de passe."};
  l.code_box = mc::pdf::CodeBox{"Votre code provisoire", "K7P-29Q-X4M", "Ce code est valable 30 jours."};
  for (auto _ : state) benchmark::DoNotOptimize(mc::pdf::render_letter(l));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderLetter)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
