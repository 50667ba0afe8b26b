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

// `blank` leaves its channel's one required `field` blank: one problem; with `value` there, none, and
// it reads `described`.
void expect_needs(const Evidence& blank, std::string Evidence::*field, const char* value, const char* described) {
  Evidence e = blank;
  EXPECT_EQ(problems(e).size(), 1u);
  e.*field = value;
  EXPECT_TRUE(problems(e).empty());
  EXPECT_EQ(describe(e), described);
}

TEST(Evidence, CounterNeedsTheDocumentSeen) {
  expect_needs({EvidenceChannel::counter, {}, "  ", ""}, &Evidence::id_document, "passeport", "counter: passeport");
  EXPECT_EQ(id_document_label_fr("carte_identite"), "carte nationale d'identité");
}

TEST(Evidence, FreeTextMustSaySomething) {
  expect_needs({EvidenceChannel::free_text, {}, "", " \t "}, &Evidence::text,
               " phone: NIR + état civil + adresse + n° de série Vitale ",
               "phone: NIR + état civil + adresse + n° de série Vitale");
}

}  // namespace
}  // namespace mc::staff
