// Scam checker benchmarks: SMS-sized throughput per core, latency
// percentiles, and the cost of hostile input (1 MB, 10,000 links).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/scam/checker.hpp"

namespace {

using mc::scam::Channel;
using mc::scam::Checker;
using mc::scam::Message;

// A mix of scams and genuine messages, SMS-sized (60-250 bytes).
const std::vector<Message>& sms_mix() {
  static const std::vector<Message> v = {
      {"Ameli: votre coordonées bancaire est invalide. Veuillez les mettre a jour : https://ameli-sante.xyz",
       "+33 6 39 98 50 08", "", Channel::sms},
      {"Votre relevé mensuel de remboursements est disponible. Consultez-le dans votre compte ameli : "
       "https://assure.ameli.fr",
       "AMELI", "", Channel::sms},
      {"CPAM : anomalie sur votre dossier. Contactez le 0899 23 45 11 avant 17h pour éviter la suspension de vos "
       "droits.",
       "+33 6 39 98 20 01", "", Channel::sms},
      {"Pharmacie du Centre : votre commande est prête. Merci de vous munir de votre ordonnance et de votre carte "
       "Vitale.",
       "Pharmacie", "", Channel::sms},
      {"AMELI : Dernière relance. Votre carte Vitale expire. Commandez la nouvelle sous 24h (frais d'envoi 1,49 €) "
       ": https://amelli.com/vitale",
       "+33 6 39 98 14 27", "", Channel::sms},
      {"Coucou, je t'ai fait le virement de 80 € pour tes lunettes, la mutuelle m'a remboursée. Bisous, maman",
       "+33 6 39 98 21 07", "", Channel::sms},
      {"Ameli : connexion inhabituelle. Sécurisez votre compte : https://www.ameli.fr@verif-compte.example/login",
       "AMELI-INFO", "", Channel::sms},
      {"Assurance Maladie : votre code de sécurité est 483920. Il est valable 10 minutes. Ne le communiquez à "
       "personne.",
       "AMELI", "", Channel::sms},
      {"Assurance Maladie: vous allez recevoir un code à 6 chiffres. Renvoyez-le nous en réponse à ce message.",
       "+33 6 39 98 27 64", "", Channel::sms},
      {"Cabinet du Dr Martin : votre RDV du 14/05 à 17h15 est confirmé. En cas d'empêchement, appelez le 01 99 00 "
       "12 34.",
       "Dr Martin", "", Channel::sms},
      {"Ameli : remboursement de 48,20 € disponible : hxxps://ameli-remb[.]com/r", "+33 6 39 98 50 01", "",
       Channel::sms},
      {"Votre arrêt de travail a bien été enregistré. Suivez vos indemnités sur https://www.ameli.fr/assure", "AMELI",
       "", Channel::sms},
      {"Assurance Maladie : nouvelle attestation disponible : https://xn--meli-43d.fr/attestation",
       "+33 6 39 98 50 08", "", Channel::sms},
      {"Le code de la porte de l'immeuble a changé : c'est 4521B. Bisous", "+33 6 39 98 81 03", "", Channel::sms},
      {"Ameli : un trop perçu de 198,20 € doit vous être reversé. Formulaire : https://tinyurl.com/ameli-tp198",
       "+33 6 39 98 10 07", "", Channel::sms},
      {"Assurance Maladie : votre compte est bloqué pendant 20 minutes. Vous pourrez ensuite réessayer sur ameli.fr.",
       "AMELI", "", Channel::sms},
  };
  return v;
}

void BM_CheckSms(benchmark::State& state) {
  const auto& msgs = sms_mix();
  const Checker& checker = Checker::builtin();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(checker.check(msgs[i++ % msgs.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CheckSms)->Threads(1)->Threads(2)->UseRealTime();

// Baseline of the same run: the rules alone, without the learned model (issue 16). The ratio
// BM_CheckSms / BM_CheckSmsRulesOnly is the cost of the model.
const Checker& rules_only() {
  static const Checker c = Checker::builtin().rules_only();
  return c;
}

void BM_CheckSmsRulesOnly(benchmark::State& state) {
  const auto& msgs = sms_mix();
  const Checker& checker = rules_only();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(checker.check(msgs[i++ % msgs.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CheckSmsRulesOnly)->Threads(1)->UseRealTime();

// Per-message latency percentiles over the same mix (reported as counters).
void BM_CheckSmsLatency(benchmark::State& state) {
  const auto& msgs = sms_mix();
  const Checker& checker = state.range(0) == 0 ? Checker::builtin() : rules_only();
  std::vector<double> us;
  us.reserve(200000);
  std::size_t i = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(checker.check(msgs[i++ % msgs.size()]));
    auto t1 = std::chrono::steady_clock::now();
    if (us.size() < us.capacity()) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us.empty() ? 0.0 : us[static_cast<std::size_t>(p * (us.size() - 1))]; };
  state.counters["p50_us"] = pct(0.50);
  state.counters["p99_us"] = pct(0.99);
  state.counters["p999_us"] = pct(0.999);
  state.counters["max_us"] = us.empty() ? 0.0 : us.back();
  state.SetItemsProcessed(state.iterations());
}
// Arg 0: rules + model (the built-in checker); arg 1: rules only (baseline).
BENCHMARK(BM_CheckSmsLatency)->Arg(0)->Arg(1)->Iterations(100000);

void BM_CheckEmail(benchmark::State& state) {
  Message m{
      "Bonjour,\n\nVotre Complémentaire santé solidaire arrive à échéance le 30 juin. Pour continuer à en bénéficier "
      "sans interruption, pensez à faire votre demande de renouvellement au moins deux mois avant cette date.\n\n"
      "La démarche se fait en quelques minutes depuis votre compte ameli, rubrique « Mes démarches » : "
      "https://assure.ameli.fr\n\nSi vous avez besoin d'aide, un conseiller France Services peut vous accompagner "
      "gratuitement.\n\nRappel : l'Assurance Maladie ne vous demandera jamais vos coordonnées bancaires par e-mail."
      "\n\nL'Assurance Maladie",
      "Assurance Maladie <ne-pas-repondre@assurance-maladie.ameli.fr>", "Complémentaire santé solidaire",
      Channel::email};
  for (auto _ : state) benchmark::DoNotOptimize(Checker::builtin().check(m));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CheckEmail);

// Hostile input: the cost is bounded by the caps (64 KiB of text, 20 links).
void BM_CheckOneMegabyte(benchmark::State& state) {
  std::string big;
  while (big.size() < (1u << 20)) big += "Ameli : confirmez votre RIB sur https://ameli-x.example/a?b=c ";
  Message m{big, "+33 6 00 00 00 00", "", Channel::sms};
  for (auto _ : state) benchmark::DoNotOptimize(Checker::builtin().check(m));
}
BENCHMARK(BM_CheckOneMegabyte)->Unit(benchmark::kMillisecond);

void BM_CheckTenThousandLinks(benchmark::State& state) {
  std::string text = "Ameli :";
  for (int i = 0; i < 10000; ++i) text += " https://l" + std::to_string(i) + ".example/p";
  Message m{text, "+33 6 00 00 00 00", "", Channel::sms};
  for (auto _ : state) benchmark::DoNotOptimize(Checker::builtin().check(m));
}
BENCHMARK(BM_CheckTenThousandLinks)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
