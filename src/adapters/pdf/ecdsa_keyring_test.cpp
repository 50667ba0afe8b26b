#include "adapters/pdf/ecdsa_keyring.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "adapters/pdf/test_tools.hpp"
#include "core/attestation/attestation.hpp"

namespace mc::signing {
namespace {

using namespace std::chrono_literals;
using mc::pdf::testing::TempDir;
namespace fs = std::filesystem;

const auto kT0 = std::chrono::system_clock::time_point{std::chrono::seconds{1741000000}};

attestation::Rights helene() {
  attestation::Rights r;
  r.nir15 = "275109741151134";
  r.family_name = "RICHARD";
  r.given_names = "Hélène";
  r.birth_date = "1975-10-11";
  r.organisme_code = "CNMSS";
  r.organisme_name = "CNMSS (militaires)";
  r.rights_from = "2024-01-01";
  r.rights_to = "2027-12-31";
  r.issue_date = "2025-03-03";
  return r;
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  return out;
}

unsigned mode_of(const fs::path& p) {
  struct stat st{};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

TEST(EcdsaKeyring, CreatesAFirstKeyWithPrivateFiles) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "keys";
  auto ring = EcdsaKeyring::open(dir, kT0);
  ASSERT_TRUE(ring) << ring.error();
  const std::string id = (*ring)->key_id();
  ASSERT_EQ(id.size(), 4u);
  EXPECT_EQ(mode_of(dir), 0700u);
  int pem = 0;
  for (const auto& p : files_in(dir)) {
    if (p.extension() != ".pem") continue;
    ++pem;
    EXPECT_EQ(mode_of(p), 0600u) << p;
    EXPECT_NE(p.filename().string().find(id), std::string::npos);
  }
  EXPECT_EQ(pem, 2);  // .key.pem + .pub.pem

  // Opening again loads the same key instead of making a new one.
  auto again = EcdsaKeyring::open(dir, kT0 + 1h);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->key_id(), id);
  EXPECT_EQ((*again)->key_ids().size(), 1u);
}

TEST(EcdsaKeyring, SignsRawP256SignaturesThatVerify) {
  TempDir tmp;
  auto ring = EcdsaKeyring::open(tmp.path(), kT0);
  ASSERT_TRUE(ring);
  const auto sig = (*ring)->sign("message");
  ASSERT_EQ(sig.size(), 64u);
  EXPECT_TRUE((*ring)->verify((*ring)->key_id(), "message", sig));
  EXPECT_FALSE((*ring)->verify((*ring)->key_id(), "messagf", sig));
  EXPECT_FALSE((*ring)->verify("AAAA", "message", sig));
  EXPECT_FALSE((*ring)->verify((*ring)->key_id(), "message", std::span{sig}.first(63)));
}

TEST(EcdsaKeyring, PayloadRoundTripAndEveryChangedByteFails) {
  TempDir tmp;
  auto ring = EcdsaKeyring::open(tmp.path(), kT0);
  ASSERT_TRUE(ring);
  const auto payload = attestation::build_payload(helene(), **ring);
  ASSERT_TRUE(payload) << payload.error();
  const auto v = attestation::verify_payload(*payload, **ring);
  EXPECT_TRUE(v.genuine);
  EXPECT_EQ(v.initials, "H. R.");
  EXPECT_EQ(v.key_id, (*ring)->key_id());
  for (std::size_t i = 0; i < payload->size(); ++i) {
    std::string changed = *payload;
    changed[i] = static_cast<char>(changed[i] ^ 0x20);
    EXPECT_FALSE(attestation::verify_payload(changed, **ring).genuine) << "byte " << i;
  }
}

TEST(EcdsaKeyring, RotationKeepsOldKeysVerifying) {
  TempDir tmp;
  auto ring = EcdsaKeyring::open(tmp.path(), kT0);
  ASSERT_TRUE(ring);
  const std::string old_id = (*ring)->key_id();
  const auto old_payload = *attestation::build_payload(helene(), **ring);

  const auto new_id = (*ring)->rotate(kT0 + 24h);
  ASSERT_TRUE(new_id) << new_id.error();
  EXPECT_NE(*new_id, old_id);
  EXPECT_EQ((*ring)->key_id(), *new_id);
  const auto new_payload = *attestation::build_payload(helene(), **ring);
  EXPECT_EQ(attestation::verify_payload(new_payload, **ring).key_id, *new_id);
  EXPECT_TRUE(attestation::verify_payload(old_payload, **ring).genuine);

  // A fresh process sees both keys, and the newest signs.
  auto reopened = EcdsaKeyring::open(tmp.path(), kT0 + 48h);
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)->key_ids(), (std::vector<std::string>{old_id, *new_id}));
  EXPECT_EQ((*reopened)->key_id(), *new_id);
  EXPECT_TRUE(attestation::verify_payload(old_payload, **reopened).genuine);
  EXPECT_TRUE(attestation::verify_payload(new_payload, **reopened).genuine);
}

TEST(EcdsaKeyring, SeesAKeyRotatedByAnotherProcess) {
  TempDir tmp;
  auto a = EcdsaKeyring::open(tmp.path(), kT0);
  auto b = EcdsaKeyring::open(tmp.path(), kT0);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE((*a)->rotate(kT0 + 1h));
  const auto payload = *attestation::build_payload(helene(), **a);
  EXPECT_TRUE(attestation::verify_payload(payload, **b).genuine);
  EXPECT_EQ((*b)->key_id(), (*a)->key_id());  // the re-scan also picked the new signer
}

TEST(EcdsaKeyring, RetiredPrivateKeyStillVerifiesButNoLongerSigns) {
  TempDir tmp;
  auto ring = EcdsaKeyring::open(tmp.path(), kT0);
  ASSERT_TRUE(ring);
  const std::string old_id = (*ring)->key_id();
  const auto old_payload = *attestation::build_payload(helene(), **ring);
  ASSERT_TRUE((*ring)->rotate(kT0 + 1h));
  for (const auto& p : files_in(tmp.path()))
    if (p.filename().string().find(old_id + ".key.pem") != std::string::npos) fs::remove(p);
  auto reopened = EcdsaKeyring::open(tmp.path(), kT0 + 2h);
  ASSERT_TRUE(reopened) << reopened.error();
  EXPECT_NE((*reopened)->key_id(), old_id);
  EXPECT_TRUE(attestation::verify_payload(old_payload, **reopened).genuine);
}

TEST(EcdsaKeyring, RefusesUnsafeOrMismatchedKeyFiles) {
  TempDir tmp;
  auto ring = EcdsaKeyring::open(tmp.path(), kT0);
  ASSERT_TRUE(ring);
  fs::path key;
  for (const auto& p : files_in(tmp.path()))
    if (p.filename().string().ends_with(".key.pem")) key = p;
  ASSERT_FALSE(key.empty());
  ::chmod(key.c_str(), 0644);
  EXPECT_FALSE(EcdsaKeyring::open(tmp.path(), kT0));
  ::chmod(key.c_str(), 0600);
  EXPECT_TRUE(EcdsaKeyring::open(tmp.path(), kT0));
  // A file whose name does not match its key is rejected, not silently trusted.
  fs::copy_file(key, tmp.path() / "att-001741000001-ZZZZ.key.pem");
  ::chmod((tmp.path() / "att-001741000001-ZZZZ.key.pem").c_str(), 0600);
  EXPECT_FALSE(EcdsaKeyring::open(tmp.path(), kT0));
}

// The signature is plain ECDSA P-256/SHA-256: the openssl command line verifies it with the
// published public key, independently of our code.
TEST(EcdsaKeyring, OpensslCliVerifiesTheSignature) {
  using namespace mc::pdf::testing;
  if (!have_tool("openssl")) GTEST_SKIP() << "openssl CLI not installed";
  TempDir tmp;
  auto ring = EcdsaKeyring::open(tmp.path() / "keys", kT0);
  ASSERT_TRUE(ring);
  const auto payload = *attestation::build_payload(helene(), **ring);
  const auto parsed = *attestation::parse_payload(payload);
  write_file(tmp.path() / "msg", parsed.signed_part);
  write_file(tmp.path() / "pub.pem", (*ring)->public_key_pem());
  // r||s -> DER SEQUENCE { INTEGER r, INTEGER s } for the CLI.
  auto integer = [](std::span<const std::uint8_t> v) {
    std::vector<std::uint8_t> out{0x02};
    std::size_t i = 0;
    while (i + 1 < v.size() && v[i] == 0) ++i;
    std::vector<std::uint8_t> body(v.begin() + static_cast<long>(i), v.end());
    if (body[0] & 0x80) body.insert(body.begin(), 0);
    out.push_back(static_cast<std::uint8_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
    return out;
  };
  const auto r = integer(std::span{parsed.signature}.first(32));
  const auto s = integer(std::span{parsed.signature}.subspan(32));
  std::vector<std::uint8_t> der{0x30, static_cast<std::uint8_t>(r.size() + s.size())};
  der.insert(der.end(), r.begin(), r.end());
  der.insert(der.end(), s.begin(), s.end());
  write_file(tmp.path() / "sig.der", der);
  int status = -1;
  const std::string out = run("openssl dgst -sha256 -verify " + quote(tmp.path() / "pub.pem") + " -signature " +
                                  quote(tmp.path() / "sig.der") + " " + quote(tmp.path() / "msg"),
                              &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("Verified OK"), std::string::npos);
}

}  // namespace
}  // namespace mc::signing
