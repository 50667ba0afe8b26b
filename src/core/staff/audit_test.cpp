#include "core/staff/audit.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

namespace mc::staff {
namespace {

// A stand-in for SHA-256 (the core has no crypto): four FNV-1a passes, 64 hex characters. The
// chain logic does not depend on which hash it is given; the adapters' tests use the real one.
std::string fake_sha(std::string_view data) {
  std::string out;
  for (std::uint64_t salt = 0; salt < 4; ++salt) {
    std::uint64_t h = 1469598103934665603ULL ^ salt;
    for (unsigned char c : data) h = (h ^ c) * 1099511628211ULL;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    out += buf;
  }
  return out;
}

AuditDraft draft(int i) {
  AuditDraft d;
  d.at = from_millis(1'800'000'000'000 + i * 1000);
  d.actor = "marie.dupont";
  d.role = "conseiller";
  d.action = "unlock";
  d.subject = "2951099126111";
  d.reason = "Appel du 36 46 : compte bloqué « définitivement »";
  d.evidence = "phone: nir, etat_civil, adresse, secret_registre";
  d.details = R"({"lock":"permanent"})";
  return d;
}

std::vector<AuditEntry> chain(int n) {
  std::vector<AuditEntry> out;
  ChainHead head;
  for (int i = 0; i < n; ++i) {
    out.push_back(seal(draft(i), head, fake_sha));
    head = {out.back().seq, out.back().hash};
  }
  return out;
}

std::optional<ChainBreak> verify(const std::vector<AuditEntry>& entries, std::optional<ChainHead> stored = std::nullopt) {
  ChainVerifier v(fake_sha);
  for (const auto& e : entries) v.add(e);
  v.finish(stored.value_or(entries.empty() ? ChainHead{} : ChainHead{entries.back().seq, entries.back().hash}));
  return v.broken();
}

TEST(Audit, CanonicalFormIsFixed) {
  AuditDraft d = draft(0);
  d.reason = "ligne 1\n\"guillemets\" \\ é";
  d.details = "{}";
  EXPECT_EQ(canonical(7, d),
            "{\"v\":1,\"seq\":7,\"at\":1800000000000,\"actor\":\"marie.dupont\",\"role\":\"conseiller\",\"action\":\"unlock\","
            "\"subject\":\"2951099126111\",\"reason\":\"ligne 1\\n\\\"guillemets\\\" \\\\ é\",\"evidence\":\"phone: nir, "
            "etat_civil, adresse, secret_registre\",\"details\":\"{}\"}");
  EXPECT_EQ(json_escape(std::string("a\x01z", 3)), "a\\u0001z");
}

TEST(Audit, SealChainsEntries) {
  auto c = chain(3);
  EXPECT_EQ(c[0].seq, 1);
  EXPECT_EQ(c[0].prev_hash, kGenesisHash);
  EXPECT_EQ(c[1].prev_hash, c[0].hash);
  EXPECT_EQ(c[2].hash, fake_sha(c[1].hash + canonical(3, c[2].draft)));
  EXPECT_FALSE(verify(c));
  EXPECT_FALSE(verify({}));
}

// Every field of every position: changing it is caught at that very entry.
TEST(Audit, TamperingWithAnyFieldIsCaughtAtThatEntry) {
  using Tamper = void (*)(AuditEntry&);
  const std::vector<std::pair<const char*, Tamper>> tampers = {
      {"at", [](AuditEntry& e) { e.draft.at += Duration{1}; }},
      {"actor", [](AuditEntry& e) { e.draft.actor = "someone.else"; }},
      {"role", [](AuditEntry& e) { e.draft.role = "superviseur"; }},
      {"action", [](AuditEntry& e) { e.draft.action = "lookup_member"; }},
      {"subject", [](AuditEntry& e) { e.draft.subject = "1850575123456"; }},
      {"reason", [](AuditEntry& e) { e.draft.reason += "."; }},
      {"evidence", [](AuditEntry& e) { e.draft.evidence = "counter: passeport"; }},
      {"details", [](AuditEntry& e) { e.draft.details = "{}"; }},
      {"prev_hash", [](AuditEntry& e) { e.prev_hash[0] = e.prev_hash[0] == 'a' ? 'b' : 'a'; }},
      {"hash", [](AuditEntry& e) { e.hash[5] = e.hash[5] == 'a' ? 'b' : 'a'; }},
      {"seq", [](AuditEntry& e) { e.seq += 10; }},
  };
  for (int pos = 0; pos < 4; ++pos) {
    for (const auto& [name, tamper] : tampers) {
      auto c = chain(4);
      tamper(c[pos]);
      auto b = verify(c);
      ASSERT_TRUE(b) << name << " at entry " << pos + 1;
      EXPECT_EQ(b->seq, pos + 1) << name << ": " << b->reason;
    }
  }
}

TEST(Audit, ReHashingATamperedEntryBreaksTheNextOne) {
  auto c = chain(4);
  c[1].draft.reason = "motif réécrit";
  c[1].hash = fake_sha(c[1].prev_hash + canonical(c[1].seq, c[1].draft));
  auto b = verify(c);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->seq, 3);
}

TEST(Audit, DeletedReorderedOrTruncatedEntriesAreCaught) {
  auto c = chain(5);
  auto deleted = c;
  deleted.erase(deleted.begin() + 2);
  EXPECT_EQ(verify(deleted)->seq, 3);

  auto swapped = c;
  std::swap(swapped[1], swapped[2]);
  EXPECT_EQ(verify(swapped)->seq, 2);

  auto truncated = c;
  truncated.pop_back();
  auto b = verify(truncated, ChainHead{c.back().seq, c.back().hash});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->seq, 5);
  EXPECT_NE(b->reason.find("truncated"), std::string::npos);

  // An entry appended behind the head's back.
  auto extra = chain(6);
  b = verify(extra, ChainHead{extra[4].seq, extra[4].hash});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->seq, 6);
}

}  // namespace
}  // namespace mc::staff
