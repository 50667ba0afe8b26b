// The learned component: deterministic features and training, and the rule
// that the model moves a verdict only with a French reason.
#include "core/scam/model.hpp"

#include <gtest/gtest.h>

#include "core/scam/checker.hpp"

namespace mc::scam {
namespace {

Checker rules() { return Checker::builtin().rules_only(); }

Message sms(std::string text) { return {.text = std::move(text), .sender = "", .subject = "", .channel = Channel::sms}; }

TEST(ScamModel, FeaturesAreBoundedAndDeterministic) {
  Checker c = rules();
  Features a = c.features(sms("Votre colis est en attente, réglez 1,99 € sur https://colis-suivi.example/x"));
  Features b = c.features(sms("Votre colis est en attente, réglez 1,99 € sur https://colis-suivi.example/x"));
  ASSERT_EQ(a.items.size(), b.items.size());
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    EXPECT_EQ(a.items[i], b.items[i]);
    EXPECT_LT(a.items[i].first, kModelSize);
  }
  std::string huge;
  for (int i = 0; i < 20000; ++i) huge += "mot ";
  EXPECT_LT(c.features(sms(huge)).items.size(), 5000u);
}

TEST(ScamModel, TrainingIsDeterministicAndLearns) {
  Checker c = rules();
  std::vector<Features> x;
  std::vector<bool> y;
  for (int i = 0; i < 10; ++i) {
    x.push_back(c.features(sms("Gagnez un iPhone, cliquez vite sur ce lien numéro " + std::to_string(i))));
    y.push_back(true);
    x.push_back(c.features(sms("Bonjour, rendez-vous chez le dentiste mardi à " + std::to_string(i) + " h")));
    y.push_back(false);
  }
  Model m1 = train(x, y), m2 = train(x, y);
  EXPECT_EQ(m1.weights, m2.weights);
  EXPECT_EQ(m1.bias, m2.bias);
  TrainOptions other;
  other.seed = 7;
  EXPECT_NE(train(x, y, other).weights, m1.weights);
  EXPECT_GT(predict(m1, c.features(sms("Gagnez un iPhone, cliquez vite"))), 0.5);
  EXPECT_LT(predict(m1, c.features(sms("rendez-vous chez le dentiste mardi"))), 0.5);
}

TEST(ScamModel, RaisesOnlyWithAFrenchReason) {
  // A model that thinks everything is a scam: no_sign becomes suspicious, never scam, with a reason.
  auto m = std::make_shared<Model>();
  m->weights.assign(kModelSize, 0.0f);
  m->bias = 10;
  Checker c = rules().with_model(m);
  Result r = c.check(sms("Bonjour, votre rendez-vous chez le dentiste est confirmé mardi à 10 h."));
  EXPECT_EQ(r.verdict, Verdict::suspicious);
  ASSERT_FALSE(r.reasons.empty());
  EXPECT_EQ(r.reasons.back().code, "model_scam_like");
  EXPECT_NE(r.reasons.back().message.find("arnaques connues"), std::string::npos);
  EXPECT_GE(r.score, 0.5);
}

TEST(ScamModel, LowersSuspiciousOnlyWithAReasonAndNeverTouchesScam) {
  auto m = std::make_shared<Model>();
  m->weights.assign(kModelSize, 0.0f);
  m->bias = -10;
  Checker c = rules().with_model(m);
  Result scam = c.check(sms("AMELI : confirmez vos coordonnées bancaires sur https://ameli-rembourse.com/maj"));
  EXPECT_EQ(scam.verdict, Verdict::scam);
  for (const Reason& r : scam.reasons) EXPECT_NE(r.code, "model_genuine_like");
  // A message the rules call suspicious is lowered, with the reason first.
  Message weak = sms("Urgent : vérifiez votre dossier ce soir sur https://bit.ly/3xYz12");
  Result before = rules().check(weak);
  if (before.verdict == Verdict::suspicious) {
    Result after = c.check(weak);
    EXPECT_EQ(after.verdict, Verdict::no_sign);
    ASSERT_FALSE(after.reasons.empty());
    EXPECT_EQ(after.reasons.front().code, "model_genuine_like");
    EXPECT_LT(after.score, 0.5);
  }
}

TEST(ScamModel, BuiltinCarriesTheTrainedModel) {
  EXPECT_EQ(builtin_model().weights.size(), kModelSize);
  // Trained at build time on the corpus: a corpus scam and a corpus genuine message.
  EXPECT_GT(predict(builtin_model(), rules().features(sms("AMELI : votre remboursement de 87,40 € est bloqué "
                                                          "faute de RIB à jour. Mettez à jour vos coordonnées "
                                                          "bancaires : https://ameli-rembourse.com/maj"))),
            0.5);
}

TEST(ScamModel, WithOfficialDomainsKeepsTheModel) {
  auto m = std::make_shared<Model>();
  m->weights.assign(kModelSize, 0.0f);
  m->bias = 10;
  Checker c = rules().with_model(m).with_official_domains({"moncompte.example.fr"});
  EXPECT_EQ(c.check(sms("Rendez-vous mardi.")).verdict, Verdict::suspicious);
}

}  // namespace
}  // namespace mc::scam
