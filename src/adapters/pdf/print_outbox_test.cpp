#include "adapters/pdf/print_outbox.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "adapters/pdf/test_tools.hpp"

namespace mc::pdf {
namespace {

using namespace testing;
namespace fs = std::filesystem;
const auto kT0 = std::chrono::system_clock::time_point{std::chrono::seconds{1741000000}};  // 2025-03-03T11:06:40Z

Pdf fake_pdf(std::string_view text, int pages = 1) {
  return Pdf{std::vector<std::uint8_t>(text.begin(), text.end()), pages};
}

PostalAddress maelle() { return {"Mme Maëlle RICHARD", {"88 rue du Moulin"}, "75012", "Paris"}; }

std::string sha256_of(const std::string& bytes) {
  unsigned char d[32];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), d, &n, EVP_sha256(), nullptr);
  std::string out;
  char buf[3];
  for (unsigned i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", d[i]);
    out += buf;
  }
  return out;
}

TEST(PrintOutbox, WritesThePdfAndAManifestLine) {
  TempDir tmp;
  PrintOutbox outbox{tmp.path() / "letters"};
  const auto e = outbox.put("reset_code", maelle(), fake_pdf("%PDF-1.4 lettre", 2), kT0);
  ASSERT_TRUE(e) << e.error();
  EXPECT_EQ(e->id.size(), 16u);
  // Letters only: a letter's id in a log line can never be taken for a NIR (13 digits).
  EXPECT_TRUE(std::all_of(e->id.begin(), e->id.end(), [](char c) { return c >= 'a' && c <= 'p'; })) << e->id;
  EXPECT_EQ(e->created_at, "2025-03-03T11:06:40Z");
  EXPECT_EQ(e->file, "20250303T110640Z-reset_code-" + e->id + ".pdf");
  EXPECT_EQ(read_file(tmp.path() / "letters" / e->file), "%PDF-1.4 lettre");
  EXPECT_EQ(e->sha256, sha256_of("%PDF-1.4 lettre"));

  const std::string manifest = read_file(tmp.path() / "letters" / "manifest.jsonl");
  ASSERT_FALSE(manifest.empty());
  EXPECT_EQ(manifest.back(), '\n');
  const auto j = nlohmann::json::parse(manifest);
  EXPECT_EQ(j["id"], e->id);
  EXPECT_EQ(j["kind"], "reset_code");
  EXPECT_EQ(j["recipient_name"], "Mme Maëlle RICHARD");
  EXPECT_EQ(j["address_lines"], nlohmann::json::array({"88 rue du Moulin"}));
  EXPECT_EQ(j["postal_code"], "75012");
  EXPECT_EQ(j["city"], "Paris");
  EXPECT_EQ(j["pages"], 2);
  EXPECT_EQ(j["file"], e->file);
  EXPECT_EQ(j["sha256"], e->sha256);
  EXPECT_EQ(j["created_at"], "2025-03-03T11:06:40Z");

  // No temporary file is left behind.
  for (const auto& f : fs::directory_iterator(tmp.path() / "letters"))
    EXPECT_FALSE(f.path().filename().string().starts_with(".tmp-")) << f.path();
}

TEST(PrintOutbox, AppendsOneLinePerLetterInOrder) {
  TempDir tmp;
  PrintOutbox outbox{tmp.path()};
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    const auto e = outbox.put("attestation", maelle(), fake_pdf("pdf " + std::to_string(i)), kT0);
    ASSERT_TRUE(e);
    ids.push_back(e->id);
  }
  const auto entries = PrintOutbox::read_manifest(tmp.path());
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*entries)[i].id, ids[i]);
    EXPECT_TRUE(fs::exists(tmp.path() / (*entries)[i].file));
  }
}

TEST(PrintOutbox, RejectsBadKindsAndEmptyPdfs) {
  TempDir tmp;
  PrintOutbox outbox{tmp.path()};
  EXPECT_FALSE(outbox.put("../evil", maelle(), fake_pdf("x"), kT0));
  EXPECT_FALSE(outbox.put("", maelle(), fake_pdf("x"), kT0));
  EXPECT_FALSE(outbox.put("attestation", maelle(), Pdf{}, kT0));
  EXPECT_FALSE(fs::exists(tmp.path() / "manifest.jsonl"));
}

TEST(PrintOutbox, ATornLastLineDoesNotSpoilTheNextOne) {
  TempDir tmp;
  PrintOutbox outbox{tmp.path()};
  ASSERT_TRUE(outbox.put("attestation", maelle(), fake_pdf("a"), kT0));
  {
    std::ofstream m(tmp.path() / "manifest.jsonl", std::ios::app);
    m << R"({"id":"crashed-in-the-mid)";  // a writer died here
  }
  ASSERT_TRUE(outbox.put("attestation", maelle(), fake_pdf("b"), kT0));
  const auto entries = PrintOutbox::read_manifest(tmp.path());
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->size(), 2u);
}

// Several processes append at once: every line stays whole and parseable.
TEST(PrintOutbox, ConcurrentProcessesKeepEveryLineWhole) {
  TempDir tmp;
  constexpr int kProcesses = 4, kEach = 25;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      PrintOutbox outbox{tmp.path()};
      PostalAddress to = maelle();
      to.lines.push_back(std::string(3000, 'x'));  // long lines make interleaving likely if unlocked
      for (int i = 0; i < kEach; ++i)
        if (!outbox.put("attestation", to, fake_pdf("p"), kT0)) ::_exit(1);
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::ifstream in(tmp.path() / "manifest.jsonl");
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    EXPECT_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded()) << "line " << lines;
  }
  EXPECT_EQ(lines, kProcesses * kEach);
  const auto entries = PrintOutbox::read_manifest(tmp.path());
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->size(), static_cast<std::size_t>(kProcesses * kEach));
}

TEST(PrintOutbox, PrintedLettersAreForgottenOnAcknowledgementOrAfterTheKeepPeriod) {
  TempDir tmp;
  PrintOutbox box(tmp.path());
  auto a = box.put("reset_code", maelle(), fake_pdf("%PDF code ABCD-EFGH"), kT0);
  auto b = box.put("reset_code", maelle(), fake_pdf("%PDF code JKLM-NPQR"), kT0);
  auto c = box.put("reset_code", maelle(), fake_pdf("%PDF code STUV-WXYZ"), kT0 + std::chrono::hours(24));
  ASSERT_TRUE(a && b && c);
  for (const auto& e : {*a, *b, *c}) ASSERT_TRUE(fs::exists(tmp.path() / e.file));
  const auto keep = std::chrono::hours(24 * 14);
  // Nothing acknowledged, nothing old: everything stays.
  EXPECT_EQ(PrintOutbox::forget_printed(tmp.path(), kT0 + std::chrono::hours(1), keep), 0);
  // The print house acknowledges one letter by id, one by file name (and writes a torn line).
  {
    std::ofstream ack(tmp.path() / "acknowledged.jsonl");
    ack << nlohmann::json{{"id", a->id}, {"printed_at", "2025-03-03T12:00:00Z"}}.dump() << "\n"
        << nlohmann::json{{"file", b->file}}.dump() << "\n{\"id\": \"";
  }
  EXPECT_EQ(PrintOutbox::forget_printed(tmp.path(), kT0 + std::chrono::hours(2), keep), 2);
  EXPECT_FALSE(fs::exists(tmp.path() / a->file));
  EXPECT_FALSE(fs::exists(tmp.path() / b->file));
  EXPECT_TRUE(fs::exists(tmp.path() / c->file));
  // Unacknowledged, it goes once the keep period is over (counted from its creation).
  EXPECT_EQ(PrintOutbox::forget_printed(tmp.path(), kT0 + std::chrono::hours(24) + keep - std::chrono::seconds(1), keep), 0);
  EXPECT_EQ(PrintOutbox::forget_printed(tmp.path(), kT0 + std::chrono::hours(24) + keep, keep), 1);
  EXPECT_FALSE(fs::exists(tmp.path() / c->file));
  // The manifest keeps its three lines; running again removes nothing.
  EXPECT_EQ(PrintOutbox::read_manifest(tmp.path())->size(), 3u);
  EXPECT_EQ(PrintOutbox::forget_printed(tmp.path(), kT0 + keep * 3, keep), 0);
}

}  // namespace
}  // namespace mc::pdf
