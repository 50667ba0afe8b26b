#include "core/help/diagnosis.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace mc::help {
namespace {

const lockout::Policy kSeed{};  // 3 → 20 minutes, 6 → permanent

bool has(const Diagnosis& d, Step s) { return std::find(d.steps.begin(), d.steps.end(), s) != d.steps.end(); }
std::ptrdiff_t pos(const Diagnosis& d, Step s) {
  return std::find(d.steps.begin(), d.steps.end(), s) - d.steps.begin();
}

TEST(Diagnosis, NothingAnsweredCannotBeDiagnosed) {
  EXPECT_FALSE(answerable({}));
  EXPECT_FALSE(answerable({.email = EmailAccess::yes, .urgent = true}));
  EXPECT_FALSE(answerable({.message = Message::none_or_forgotten}));
  EXPECT_TRUE(answerable({.happened = Happened::dont_know}));
  EXPECT_TRUE(answerable({.message = Message::permanently_locked}));
  EXPECT_TRUE(answerable({.tries = Tries::temporary}));
}

// Seed: "après 3 erreurs consécutives, le compte Ameli est bloqué temporairement pendant 20 minutes".
TEST(Diagnosis, ThreeWrongPasswordsMeanTwentyMinutes) {
  auto d = diagnose({.happened = Happened::wrong_password, .tries = Tries::temporary, .email = EmailAccess::yes}, kSeed);
  EXPECT_EQ(d.verdict, Verdict::temporarily_locked);
  EXPECT_FALSE(d.certain);
  EXPECT_EQ(d.wait, minutes(20));
  EXPECT_EQ(d.steps.front(), Step::stop_trying);
  EXPECT_LT(pos(d, Step::wait_lock_out), pos(d, Step::reset_by_email));
  EXPECT_TRUE(has(d, Step::franceconnect));  // useful while the account itself is active
  EXPECT_TRUE(has(d, Step::call_3646));      // when it does not resolve after the delay
}

TEST(Diagnosis, TheMessageOutweighsTheCount) {
  auto d = diagnose({.happened = Happened::wrong_password, .tries = Tries::below_temporary,
                     .message = Message::temporarily_locked}, kSeed);
  EXPECT_EQ(d.verdict, Verdict::temporarily_locked);
  EXPECT_TRUE(d.certain);
}

TEST(Diagnosis, TheWaitFollowsThePolicy) {
  lockout::Policy p;
  p.temporary_lock = minutes(45);
  EXPECT_EQ(diagnose({.message = Message::temporarily_locked}, p).wait, minutes(45));
}

// Seed: "après 6 erreurs, le blocage devient définitif … l'intervention de votre caisse".
TEST(Diagnosis, SixWrongPasswordsNeedTheCaisse) {
  for (auto email : {EmailAccess::yes, EmailAccess::no, EmailAccess::dont_know}) {
    auto d = diagnose({.happened = Happened::wrong_password, .tries = Tries::permanent, .email = email}, kSeed);
    EXPECT_EQ(d.verdict, Verdict::permanently_locked);
    EXPECT_EQ(d.steps.front(), Step::call_3646);
    EXPECT_TRUE(has(d, Step::counter_visit));
    EXPECT_TRUE(has(d, Step::franceconnect_no));  // FranceConnect does not lift it
    EXPECT_FALSE(has(d, Step::franceconnect));
    // A reset does not lift a permanent lock: it is not offered.
    EXPECT_FALSE(has(d, Step::reset_by_email));
    EXPECT_FALSE(has(d, Step::reset_by_post));
    EXPECT_EQ(has(d, Step::update_contact), email == EmailAccess::no);
  }
  auto certain = diagnose({.message = Message::permanently_locked}, kSeed);
  EXPECT_EQ(certain.verdict, Verdict::permanently_locked);
  EXPECT_TRUE(certain.certain);
}

TEST(Diagnosis, AForgottenPasswordIsNotARealLock) {
  auto d = diagnose({.happened = Happened::forgot, .email = EmailAccess::yes}, kSeed);
  EXPECT_EQ(d.verdict, Verdict::forgotten_password);
  EXPECT_EQ(d.steps.front(), Step::reset_by_email);
  EXPECT_TRUE(has(d, Step::franceconnect));
  EXPECT_FALSE(has(d, Step::stop_trying));
}

// Seed FAQ: "je n'ai plus accès à l'e-mail utilisé" → the caisse, a code by post or at the counter.
TEST(Diagnosis, WithoutTheEmailThePostOrTheCounter) {
  auto d = diagnose({.happened = Happened::forgot, .email = EmailAccess::no}, kSeed);
  EXPECT_FALSE(has(d, Step::reset_by_email));
  EXPECT_EQ(d.steps.front(), Step::reset_by_post);
  EXPECT_TRUE(has(d, Step::code_at_counter));
  EXPECT_TRUE(has(d, Step::update_contact));

  auto unsure = diagnose({.happened = Happened::forgot, .email = EmailAccess::dont_know}, kSeed);
  EXPECT_LT(pos(unsure, Step::reset_by_email), pos(unsure, Step::reset_by_post));
}

TEST(Diagnosis, AForgottenPasswordAfterThreeTriesNeedsNoWait) {
  auto d = diagnose({.happened = Happened::forgot, .tries = Tries::temporary, .email = EmailAccess::yes}, kSeed);
  EXPECT_EQ(d.verdict, Verdict::temporarily_locked);
  EXPECT_FALSE(has(d, Step::wait_lock_out));  // a completed reset lifts the temporary lock
  EXPECT_TRUE(has(d, Step::reset_by_email));
}

TEST(Diagnosis, TriesLeftBeforeTheNextLock) {
  auto early = diagnose({.happened = Happened::wrong_password, .tries = Tries::below_temporary}, kSeed);
  EXPECT_EQ(early.verdict, Verdict::not_locked);
  EXPECT_EQ(early.tries_left, 2);
  EXPECT_FALSE(early.next_lock_permanent);
  EXPECT_EQ(early.steps.front(), Step::stop_trying);

  auto late = diagnose({.happened = Happened::wrong_password, .tries = Tries::between}, kSeed);
  EXPECT_EQ(late.verdict, Verdict::not_locked);
  EXPECT_TRUE(late.next_lock_permanent);
  EXPECT_EQ(late.tries_left, 2);

  auto told = diagnose({.message = Message::incorrect_password}, kSeed);
  EXPECT_EQ(told.verdict, Verdict::not_locked);
  EXPECT_TRUE(told.certain);
  EXPECT_EQ(told.tries_left, 0);  // unknown: the message said it
}

TEST(Diagnosis, NeverCreatedOrDeactivated) {
  auto never = diagnose({.happened = Happened::never_created}, kSeed);
  EXPECT_EQ(never.verdict, Verdict::never_created);
  EXPECT_EQ(never.steps.front(), Step::create_account);

  auto idle = diagnose({.happened = Happened::long_unused}, kSeed);
  EXPECT_EQ(idle.verdict, Verdict::inactive);
  EXPECT_EQ(idle.steps.front(), Step::call_3646);
  EXPECT_TRUE(diagnose({.message = Message::inactive}, kSeed).certain);

  auto pending = diagnose({.message = Message::pending}, kSeed);
  EXPECT_EQ(pending.verdict, Verdict::pending);
  EXPECT_EQ(pending.steps.front(), Step::use_activation_code);
}

TEST(Diagnosis, NotIdentifiedChecksThenTheCaisse) {
  auto d = diagnose({.happened = Happened::not_recognised}, kSeed);
  EXPECT_EQ(d.verdict, Verdict::not_identified);
  EXPECT_EQ(d.steps.front(), Step::basic_checks);
  EXPECT_TRUE(has(d, Step::check_regime));
  EXPECT_TRUE(has(d, Step::call_3646));
}

TEST(Diagnosis, OtherRegimeOnlyPointsToItsSpace) {
  auto d = diagnose({.message = Message::other_space}, kSeed);
  EXPECT_EQ(d.verdict, Verdict::other_regime);
  EXPECT_EQ(d.steps, std::vector<Step>{Step::check_regime});
}

TEST(Diagnosis, UnclearTakesTheSafePath) {
  auto d = diagnose({.happened = Happened::dont_know}, kSeed);
  EXPECT_EQ(d.verdict, Verdict::unclear);
  EXPECT_EQ(d.steps.front(), Step::stop_trying);
  EXPECT_TRUE(has(d, Step::call_3646));
}

TEST(Diagnosis, UrgentNeedsComeLastAndOnce) {
  auto d = diagnose({.message = Message::permanently_locked, .urgent = true}, kSeed);
  EXPECT_EQ(d.steps.back(), Step::urgent_needs);
  EXPECT_EQ(std::count(d.steps.begin(), d.steps.end(), Step::urgent_needs), 1);
  EXPECT_FALSE(has(diagnose({.message = Message::permanently_locked}, kSeed), Step::urgent_needs));
}

TEST(Diagnosis, StepsAreNeverRepeated) {
  for (int h = 0; h <= static_cast<int>(Happened::dont_know); ++h)
    for (int t = 0; t <= static_cast<int>(Tries::dont_know); ++t)
      for (int m = 0; m <= static_cast<int>(Message::none_or_forgotten); ++m)
        for (int e = 0; e <= static_cast<int>(EmailAccess::dont_know); ++e) {
          Answers a{static_cast<Happened>(h), static_cast<Tries>(t), static_cast<Message>(m),
                    static_cast<EmailAccess>(e), true};
          auto d = diagnose(a, kSeed);
          auto sorted = d.steps;
          std::sort(sorted.begin(), sorted.end());
          EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
          EXPECT_FALSE(d.steps.empty());
          for (auto s : d.steps) EXPECT_FALSE(name(s).empty());
        }
}

TEST(Diagnosis, FormValuesRoundTrip) {
  EXPECT_EQ(parse_happened("erreurs"), Happened::wrong_password);
  EXPECT_EQ(parse_happened("jamais-cree"), Happened::never_created);
  EXPECT_EQ(parse_happened("<script>"), Happened::unanswered);
  EXPECT_EQ(parse_tries("premier-blocage"), Tries::temporary);
  EXPECT_EQ(parse_tries("beaucoup"), Tries::permanent);
  EXPECT_EQ(parse_message("bloque"), Message::permanently_locked);
  EXPECT_EQ(parse_message("bloque-temporairement"), Message::temporarily_locked);
  EXPECT_EQ(parse_message(""), Message::unanswered);
  EXPECT_EQ(parse_email("non"), EmailAccess::no);
  EXPECT_EQ(name(Verdict::permanently_locked), "permanently_locked");
}

}  // namespace
}  // namespace mc::help
