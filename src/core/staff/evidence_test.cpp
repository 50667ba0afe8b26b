#include "core/staff/evidence.hpp"

#include <gtest/gtest.h>

namespace mc::staff {
namespace {

TEST(Evidence, PhoneNeedsTheFourChecks) {
  Evidence e{EvidenceChannel::phone, {"nir", "etat_civil", "adresse", "vitale_serial"}, "", ""};
  EXPECT_TRUE(problems(e).empty());
  EXPECT_EQ(describe(e), "phone: nir, etat_civil, adresse, secret_registre");
  e.checked = {"address", "NIR", "civil_status"};
  auto p = problems(e);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("carte Vitale"), std::string::npos);
  e.checked = {};
  EXPECT_EQ(problems(e).size(), 4u);
}

TEST(Evidence, DescriptionIsTheSameWhateverTheOrder) {
  Evidence a{EvidenceChannel::phone, {"iban", "adresse", "nir", "etat_civil", "nir"}, "", ""};
  Evidence b{EvidenceChannel::phone, {"nir", "etat_civil", "adresse", "register_secret"}, "", ""};
  EXPECT_EQ(describe(a), describe(b));
}

TEST(Evidence, CounterNeedsTheDocumentSeen) {
  Evidence e{EvidenceChannel::counter, {}, "  ", ""};
  EXPECT_EQ(problems(e).size(), 1u);
  e.id_document = "passeport";
  EXPECT_TRUE(problems(e).empty());
  EXPECT_EQ(describe(e), "counter: passeport");
  EXPECT_EQ(id_document_label_fr("carte_identite"), "carte nationale d'identité");
}

TEST(Evidence, FreeTextMustSaySomething) {
  Evidence e{EvidenceChannel::free_text, {}, "", " \t "};
  EXPECT_EQ(problems(e).size(), 1u);
  e.text = " phone: NIR + état civil + adresse + n° de série Vitale ";
  EXPECT_TRUE(problems(e).empty());
  EXPECT_EQ(describe(e), "phone: NIR + état civil + adresse + n° de série Vitale");
}

}  // namespace
}  // namespace mc::staff
