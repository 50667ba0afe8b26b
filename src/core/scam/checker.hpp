// Scam checker: is this SMS or e-mail that claims to come from the
// Assurance Maladie a scam? Pure function of the message and the rules
// (data/scam/rules.toml, embedded at build time). See docs/scam-checker.md.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/scam/model.hpp"

namespace mc::scam {

enum class Channel { sms, email };
enum class Verdict { scam, suspicious, no_sign };

struct Message {
  std::string text;
  std::string sender;   // "+33 6 …", "AMELI", "Nom <adresse@domaine>"; may be empty
  std::string subject;  // e-mails; may be empty
  Channel channel = Channel::sms;
};

struct Reason {
  std::string code;     // stable, e.g. "lookalike_domain"
  std::string message;  // plain French, names what was found
};

struct Result {
  Verdict verdict = Verdict::no_sign;
  double score = 0;  // 0..1
  std::vector<Reason> reasons;  // strongest first
  std::string advice;           // the rule, always present (French)
  bool truncated = false;       // text longer than the cap: only its start was read
};

std::string_view to_string(Verdict);
std::string_view to_string(Channel);

// False when the text has nothing to read once invisible characters and spaces (including
// no-break spaces) are set aside. Callers refuse such a message instead of checking it: "no sign
// of a scam" would be an answer about nothing.
bool has_text(std::string_view raw);

// Input caps of the built-in rules (the rules file may lower them). Longer
// input is truncated, never rejected: callers wanting a 413 should check
// the size themselves.
inline constexpr std::size_t kMaxTextBytes = 65536;
inline constexpr std::size_t kMaxFieldBytes = 1024;  // sender, subject

class Checker {
 public:
  // Parses rules (TOML text); French error message on bad rules.
  static std::expected<Checker, std::string> from_rules(std::string_view rules_toml);
  // The rules embedded at build time (data/scam/rules.toml).
  static const Checker& builtin();
  // Start-up self-test of what the checker relies on beyond its rules (the look-alike folding
  // over ICU's confusables, ADR 0106): empty when it holds, else what failed, in English.
  static std::string self_test();

  // The same rules with more official domains or hosts (e.g. the host of
  // public.base_url, so that the service's own e-mails rate as genuine).
  Checker with_official_domains(const std::vector<std::string>& domains) const;

  // The same rules with a learned model beside them (nullptr: rules only).
  // The model may move a message one verdict up (no_sign → suspicious →
  // scam) or suspicious down to no_sign, always with a French reason
  // (`model_scam_like`, `model_genuine_like`); it never touches `scam`.
  Checker with_model(std::shared_ptr<const Model> model) const;
  // The rules alone (for evaluation and benchmarks).
  Checker rules_only() const { return with_model(nullptr); }
  // The model's input for this message under these rules (trainer, evaluation).
  Features features(const Message& message) const;

  // Thread-safe, const; bounded work whatever the input.
  Result check(const Message& message) const;

  struct Impl;

 private:
  explicit Checker(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// The embedded copy of data/scam/rules.toml.
std::string_view builtin_rules_toml();

}  // namespace mc::scam
