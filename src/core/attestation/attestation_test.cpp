#include "core/attestation/attestation.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/attestation/test_rights.hpp"
#include "core/attestation/test_signer.hpp"

namespace mc::attestation {
namespace {

using testing::FakeSigner;
using testing::FakeVerifier;
using testing::jean_pierre;

TEST(Payload, HasA2DDocV4HeaderWithKeyIdAndHexDates) {
  const auto p = build_payload(jean_pierre(), FakeSigner{});
  ASSERT_TRUE(p) << p.error();
  // 2025-03-03 is day 9193 = 0x23E9 after 2000-01-01.
  EXPECT_EQ(p->substr(0, 26), "DC04MC00TST223E923E9AM01FR");
  EXPECT_NE(p->find("10197039913909247"), std::string::npos);
  EXPECT_NE(p->find("11LE GOFF\x1D"), std::string::npos);
  EXPECT_NE(p->find("1318031997"), std::string::npos);
  const auto us = p->find('\x1F');
  ASSERT_NE(us, std::string::npos);
  EXPECT_EQ(p->size() - us - 1, 103u);  // Base32 of a 64-byte r||s
}

TEST(Payload, ParsesBackEveryCarriedField) {
  const Rights in = jean_pierre();
  const auto parsed = parse_payload(*build_payload(in, FakeSigner{}));
  ASSERT_TRUE(parsed) << parsed.error();
  const Rights& r = parsed->rights;
  EXPECT_EQ(r.nir15, in.nir15);
  EXPECT_EQ(r.family_name, in.family_name);
  EXPECT_EQ(r.given_names, in.given_names);
  EXPECT_EQ(r.birth_date, in.birth_date);
  EXPECT_EQ(r.organisme_code, in.organisme_code);
  EXPECT_EQ(r.organisme_name, in.organisme_name);
  EXPECT_EQ(r.rights_from, in.rights_from);
  EXPECT_EQ(r.rights_to, in.rights_to);
  EXPECT_EQ(r.css, in.css);
  EXPECT_EQ(r.ald, in.ald);
  EXPECT_EQ(r.issue_date, in.issue_date);
  EXPECT_EQ(parsed->key_id, "TST2");
}

TEST(Payload, RejectsBadInput) {
  Rights r = jean_pierre();
  r.nir15 = "1970399139092";
  EXPECT_FALSE(build_payload(r, FakeSigner{}));
  r = jean_pierre();
  r.birth_date = "18/03/1997";
  EXPECT_FALSE(build_payload(r, FakeSigner{}));
  r = jean_pierre();
  r.issue_date = "1999-12-31";  // before the 2D-Doc epoch
  EXPECT_FALSE(build_payload(r, FakeSigner{}));
  r = jean_pierre();
  r.family_name = "LE\x1DGOFF";
  EXPECT_FALSE(build_payload(r, FakeSigner{}));
  r = jean_pierre();
  r.family_name = "\xC3";  // broken UTF-8
  EXPECT_FALSE(build_payload(r, FakeSigner{}));
  r = jean_pierre();
  r.nir15 = "253072B07300470";  // Corsica is fine
  EXPECT_TRUE(build_payload(r, FakeSigner{}));
  EXPECT_FALSE(build_payload(jean_pierre(), FakeSigner{"bad!"}));
}

TEST(Verify, GenuinePayloadShowsOnlyWhatAThirdPartyNeeds) {
  const auto v = verify_payload(*build_payload(jean_pierre(), FakeSigner{}), FakeVerifier{});
  EXPECT_TRUE(v.genuine);
  EXPECT_TRUE(v.reason.empty());
  EXPECT_EQ(v.initials, "J.-P. L.");
  EXPECT_EQ(v.organisme_name, "CPAM de la Seine-Saint-Denis");
  EXPECT_EQ(v.rights_from, "2024-01-01");
  EXPECT_EQ(v.rights_to, "2027-12-31");
  EXPECT_EQ(v.issue_date, "2025-03-03");
  EXPECT_EQ(v.valid_until, "2026-03-02");
  EXPECT_EQ(v.key_id, "TST2");
}

TEST(Verify, EveryChangedByteMakesItNotGenuine) {
  const std::string payload = *build_payload(jean_pierre(), FakeSigner{});
  for (std::size_t i = 0; i < payload.size(); ++i) {
    std::string changed = payload;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    const auto v = verify_payload(changed, FakeVerifier{});
    EXPECT_FALSE(v.genuine) << "byte " << i;
    EXPECT_FALSE(v.reason.empty());
    EXPECT_TRUE(v.initials.empty());
    EXPECT_TRUE(v.organisme_name.empty());
  }
  EXPECT_FALSE(verify_payload(payload.substr(0, payload.size() - 1), FakeVerifier{}).genuine);
  EXPECT_FALSE(verify_payload(payload + "A", FakeVerifier{}).genuine);
  EXPECT_FALSE(verify_payload("", FakeVerifier{}).genuine);
}

TEST(Verify, UnknownKeyIsNotGenuine) {
  const auto v = verify_payload(*build_payload(jean_pierre(), FakeSigner{"ZZZZ"}), FakeVerifier{});
  EXPECT_FALSE(v.genuine);
}

TEST(ShortCode, IsTheFirst50BitsOfTheSignature) {
  const std::string payload = *build_payload(jean_pierre(), FakeSigner{});
  const std::string code = short_code(payload);
  ASSERT_EQ(code.size(), 12u);
  EXPECT_EQ(code[4], '-');
  EXPECT_EQ(code[9], '-');
  const auto sig = payload.substr(payload.find('\x1F') + 1);
  EXPECT_EQ(code, sig.substr(0, 4) + "-" + sig.substr(4, 4) + "-" + sig.substr(8, 2));
  EXPECT_EQ(short_code(payload), code);  // deterministic
  Rights other = jean_pierre();
  other.rights_to = "2026-12-31";
  EXPECT_NE(short_code(*build_payload(other, FakeSigner{})), code);
  EXPECT_EQ(short_code("no signature"), "");
  EXPECT_EQ(short_code("x\x1F" "ABC"), "");
}

TEST(ShortCode, NormalizesWhatPeopleType) {
  EXPECT_EQ(normalize_short_code("abcd efgh ij"), "ABCD-EFGH-IJ");
  EXPECT_EQ(normalize_short_code(" ABCD-EFGH-IJ "), "ABCD-EFGH-IJ");
  EXPECT_EQ(normalize_short_code("0B1D-8FGH-IJ"), "OBID-BFGH-IJ");
  EXPECT_FALSE(normalize_short_code("ABCD-EFGH-I"));
  EXPECT_FALSE(normalize_short_code("ABCD-EFGH-IJK"));
  EXPECT_FALSE(normalize_short_code("ABCD-EFGH-I9"));
  EXPECT_FALSE(normalize_short_code(""));
}

TEST(Masking, Initials) {
  EXPECT_EQ(initials("Jean-Pierre", "LE GOFF"), "J.-P. L.");
  EXPECT_EQ(initials("Jean-Pierre Marie", "LE GOFF"), "J.-P. L.");
  EXPECT_EQ(initials("Éric", "ÉTIENNE"), "É. É.");
  EXPECT_EQ(initials("élodie", "müller"), "É. M.");
  EXPECT_EQ(initials("Œdipe", "N'DIAYE"), "Œ. N.");
  EXPECT_EQ(initials("œdipe", "'Ali"), "Œ. A.");
  EXPECT_EQ(initials("", "DURAND"), "D.");
  EXPECT_EQ(initials("Zoé", ""), "Z.");
  EXPECT_EQ(initials("\xC3", "\xFF"), "");  // broken UTF-8 yields nothing, never garbage
}

TEST(Masking, FormatsNir) {
  EXPECT_EQ(format_nir("197039913909247"), "1 97 03 99 139 092 47");
  EXPECT_EQ(format_nir("253072B07300470"), "2 53 07 2B 073 004 70");
  EXPECT_EQ(format_nir("123"), "123");
}

TEST(Validity, OneYearButNotPastTheRights) {
  Rights r = jean_pierre();
  EXPECT_EQ(validity_end(r), "2026-03-02");
  r.rights_to = "2025-06-30";
  EXPECT_EQ(validity_end(r), "2025-06-30");
  r.rights_to = "bad";
  EXPECT_EQ(validity_end(r), "");
}

// Every register row of the shared fixtures (tests/fixtures/register.csv) makes a payload that verifies.
TEST(Fixtures, EveryRegisterRowRoundTrips) {
  const std::filesystem::path path = std::filesystem::path(MC_FIXTURES_DIR) / "register.csv";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "missing fixture " << path;
  std::string line;
  std::getline(in, line);  // header
  int rows = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> c;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) c.push_back(cell);
    ASSERT_GE(c.size(), 20u) << line;
    Rights r;
    r.nir15 = c[0];
    r.family_name = c[2];
    r.given_names = c[3];
    r.birth_date = c[4];
    r.organisme_code = c[13];
    r.organisme_name = c[13];
    r.rights_from = c[16];
    r.rights_to = c[17];
    r.css = c[18] == "yes";
    r.ald = c[19] == "yes";
    r.issue_date = "2025-03-03";
    const auto p = build_payload(r, FakeSigner{});
    ASSERT_TRUE(p) << line << ": " << p.error();
    const auto v = verify_payload(*p, FakeVerifier{});
    EXPECT_TRUE(v.genuine) << line;
    EXPECT_FALSE(v.initials.empty());
    ++rows;
  }
  EXPECT_GT(rows, 0);
}

}  // namespace
}  // namespace mc::attestation
