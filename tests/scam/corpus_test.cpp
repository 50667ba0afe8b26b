// Quality of the scam checker on labelled corpora: the project's own
// (tests/scam/corpus.jsonl) and the shared development corpus when present.
// Prints recall and false-positive rates; asserts the targets of the issue.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/scam/checker.hpp"

namespace mc::scam {
namespace {

struct Sample {
  std::string id;
  Message message;
  bool scam = false;
};

std::vector<Sample> load(const std::filesystem::path& path) {
  std::vector<Sample> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line);
    Sample s;
    s.id = j.at("id").get<std::string>();
    s.message.text = j.at("text").get<std::string>();
    s.message.sender = j.value("sender", "");
    s.message.subject = j.value("subject", "");
    s.message.channel = j.value("channel", "sms") == "email" ? Channel::email : Channel::sms;
    std::string label = j.at("label").get<std::string>();
    EXPECT_TRUE(label == "scam" || label == "legit") << s.id;
    s.scam = label == "scam";
    out.push_back(std::move(s));
  }
  return out;
}

// Wilson score interval, 95 %.
std::pair<double, double> wilson(int k, int n) {
  if (n == 0) return {0, 0};
  const double z = 1.96, p = static_cast<double>(k) / n;
  const double d = 1 + z * z / n;
  const double c = p + z * z / (2.0 * n);
  const double h = z * std::sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
  return {(c - h) / d, (c + h) / d};
}

struct Quality {
  int scams = 0, flagged = 0, called_scam = 0;
  int legit = 0, legit_scam = 0, legit_suspicious = 0;
  int unexplained = 0;
};

Quality evaluate(const std::string& name, const std::vector<Sample>& samples) {
  Quality q;
  for (const Sample& s : samples) {
    Result r = Checker::builtin().check(s.message);
    if (r.verdict != Verdict::no_sign && r.reasons.empty()) ++q.unexplained;
    bool miss = false;
    if (s.scam) {
      ++q.scams;
      q.flagged += r.verdict != Verdict::no_sign;
      q.called_scam += r.verdict == Verdict::scam;
      miss = r.verdict != Verdict::scam;
    } else {
      ++q.legit;
      q.legit_scam += r.verdict == Verdict::scam;
      q.legit_suspicious += r.verdict == Verdict::suspicious;
      miss = r.verdict != Verdict::no_sign;
    }
    if (miss) {
      std::printf("  [%s] %s (%s) -> %s %.3f\n", name.c_str(), s.id.c_str(), s.scam ? "scam" : "legit",
                  std::string(to_string(r.verdict)).c_str(), r.score);
      for (const Reason& reason : r.reasons) std::printf("      %s: %s\n", reason.code.c_str(), reason.message.c_str());
    }
  }
  auto pct = [](int k, int n) { return n == 0 ? 0.0 : 100.0 * k / n; };
  auto [fl, fh] = wilson(q.flagged, q.scams);
  auto [sl, sh] = wilson(q.called_scam, q.scams);
  auto [ul, uh] = wilson(q.legit_suspicious, q.legit);
  std::printf("[%s] %d scams, %d genuine\n", name.c_str(), q.scams, q.legit);
  std::printf("[%s] scams flagged scam or suspicious: %d/%d = %.1f%% (95%% CI %.1f-%.1f%%)\n", name.c_str(),
              q.flagged, q.scams, pct(q.flagged, q.scams), 100 * fl, 100 * fh);
  std::printf("[%s] scams flagged scam:               %d/%d = %.1f%% (95%% CI %.1f-%.1f%%)\n", name.c_str(),
              q.called_scam, q.scams, pct(q.called_scam, q.scams), 100 * sl, 100 * sh);
  std::printf("[%s] genuine called scam:              %d/%d = %.1f%%\n", name.c_str(), q.legit_scam, q.legit,
              pct(q.legit_scam, q.legit));
  std::printf("[%s] genuine called suspicious:        %d/%d = %.1f%% (95%% CI %.1f-%.1f%%)\n", name.c_str(),
              q.legit_suspicious, q.legit, pct(q.legit_suspicious, q.legit), 100 * ul, 100 * uh);
  return q;
}

void expect_targets(const Quality& q) {
  ASSERT_GT(q.scams, 0);
  ASSERT_GT(q.legit, 0);
  EXPECT_GE(q.flagged * 100, q.scams * 98) << "scams flagged scam-or-suspicious < 98%";
  EXPECT_GE(q.called_scam * 100, q.scams * 92) << "scams flagged scam < 92%";
  EXPECT_EQ(q.legit_scam, 0) << "genuine messages called scam";
  EXPECT_LE(q.legit_suspicious * 100, q.legit * 5) << "genuine called suspicious > 5%";
  EXPECT_EQ(q.unexplained, 0) << "a scam/suspicious verdict without a reason";
}

TEST(ScamCorpus, ProjectCorpusIsWellFormed) {
  auto samples = load(MC_SCAM_CORPUS);
  EXPECT_GE(samples.size(), 250u);
  std::set<std::string> ids;
  int scams = 0;
  for (const Sample& s : samples) {
    EXPECT_TRUE(ids.insert(s.id).second) << "duplicate id " << s.id;
    EXPECT_FALSE(s.message.text.empty()) << s.id;
    scams += s.scam;
  }
  EXPECT_GE(scams, 100);
  EXPECT_GE(static_cast<int>(samples.size()) - scams, 100);
}

TEST(ScamCorpus, ProjectCorpusMeetsTargets) {
  auto samples = load(MC_SCAM_CORPUS);
  ASSERT_FALSE(samples.empty());
  expect_targets(evaluate("projet", samples));
}

// The shared development corpus, copied into the repository (tests/fixtures/README.md).
TEST(ScamCorpus, SharedDevCorpusMeetsTargets) {
  const std::filesystem::path path = std::filesystem::path(MC_FIXTURES_DIR) / "scam-corpus-dev.jsonl";
  ASSERT_TRUE(std::filesystem::exists(path)) << "missing fixture " << path;
  auto samples = load(path);
  ASSERT_FALSE(samples.empty());
  expect_targets(evaluate("dev", samples));
}

}  // namespace
}  // namespace mc::scam
