// The back-office use cases against the real SQLite store, libsodium and liboath: the permission
// matrix enforced by every use case, staff sign-in with TOTP (wrong, replayed), the permanent
// lock lifted by an advisor and refused to France Services, codes the member can redeem, the
// help queue, and the audit chain catching a row edited behind the store's back.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>

#include "adapters/crypto/sodium.hpp"
#include "adapters/messages/messages_fr.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/totp/oath_totp.hpp"
#include "app/backoffice/attack_watch.hpp"
#include "app/backoffice/audit_log.hpp"
#include "app/backoffice/help_desk.hpp"
#include "app/backoffice/member_actions.hpp"
#include "app/backoffice/scam_reports.hpp"
#include "app/backoffice/staff_auth.hpp"
#include "app/login.hpp"
#include "app/recovery.hpp"
#include "core/nir/nir.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/import_batch.hpp"
#include "core/ports/outbox_store.hpp"
#include "core/ports/store.hpp"

namespace mc::app::backoffice {
namespace {

// The API's `result` word of a member sign-in.
std::string_view result_of(const mc::Result<SignedIn>& r) { return r ? "ok" : mc::result_code(r.error().code); }

using namespace std::chrono_literals;

class FakeClock final : public ports::Clock {
 public:
  Instant now() const override { return t; }
  Instant t = from_millis(1'800'000'000'000);
};

const std::string kLocked = "2951099126111";   // active account, permanently locked
const std::string kNoAccount = "1850575123456";
const std::string kInactive = "1770269383103";
const std::string kPassword = "Ancien-Motdepasse-42";

std::string nir15(const std::string& nir13) { return nir::parse(nir13)->with_key(); }

Justification phone_check(std::string reason = "Appel au 36 46") {
  staff::Evidence e{staff::EvidenceChannel::phone, {"nir", "etat_civil", "adresse", "vitale_serial"}, "", ""};
  return {std::move(reason), e};
}

Justification counter_check() {
  staff::Evidence e{staff::EvidenceChannel::counter, {}, "passeport", ""};
  return {"Assuré reçu à l'accueil", e};
}

class BackOffice : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init_sodium();
    auto dir = std::filesystem::temp_directory_path() / "mc-backoffice";
    std::filesystem::create_directories(dir);
    std::random_device rd;
    path = (dir / ("bo-" + std::to_string(rd()) + ".sqlite")).string();
    backend = std::make_unique<storage::SqliteStore>(path);
    store = &backend->sign_in();
    hasher = std::make_unique<crypto::Argon2Hasher>(crypto::Argon2Params{1, 1024}, 1, 16);
    totp::SealingKey key{};
    sodium.random_bytes(key);
    totp = std::make_unique<totp::OathTotp>(sodium, key);
    sessions = std::make_unique<Sessions>(*store, sodium, clock);
    throttle = std::make_unique<SourceThrottle>(backend->budgets(), clock, ThrottleSettings{});
    deps = std::make_unique<Deps>(Deps{*store, backend->backoffice(), backend->devices(), backend->codes(),
                                       backend->limiter(), *throttle, *hasher, sodium, *totp, clock, messages,
                                       *sessions, settings});
    auth = std::make_unique<StaffAuth>(*deps);
    members = std::make_unique<MemberActions>(*deps);
    help = std::make_unique<HelpDesk>(*deps);
    audit = std::make_unique<AuditLog>(backend->backoffice(), sodium, clock);
    import();
    for (auto [login, role] : {std::pair{"conseil", "conseiller"}, {"fservices", "france_services"}, {"chef", "superviseur"}}) {
      auto r = auth->add_staff(Actor{"operator", staff::Role::superviseur, true}, login, role, "Conseil-Sur-2026!", "");
      ASSERT_TRUE(r) << r.error().message;
      secrets[login] = r->otpauth_uri.substr(r->otpauth_uri.find("secret=") + 7, 32);
    }
  }
  void TearDown() override {
    backend.reset();
    std::filesystem::remove(path);
  }

  void import() {
    ports::ImportBatch b;
    b.organismes.push_back({"CPAM-75", "general", "CPAM de Paris", "compte ameli", "36 46", ""});
    for (const auto& [nir13, name] : {std::pair{kLocked, "MARTIN"}, {kNoAccount, "DURAND"}, {kInactive, "DUBOIS"}}) {
      account::RegisterEntry r;
      r.nir13 = nir13;
      r.sex = "F";
      r.family_name = name;
      r.given_names = "Élodie";
      r.birth_date = "1995-10-01";
      r.address = "12 rue des Lilas";
      r.postal_code = "75015";
      r.city = "Paris";
      r.email = "old@example.org";
      r.phone = "0601020304";
      r.organisme = "CPAM-75";
      r.vitale_serial = "712345678";
      b.register_entries.push_back(r);
    }
    ports::ImportedAccount locked;
    locked.nir13 = kLocked;
    locked.password_hash = hasher->hash(kPassword);
    locked.lock = lockout::Record{6, {}, true, clock.t};
    locked.last_login_at = clock.t;
    b.accounts.push_back(locked);
    ports::ImportedAccount inactive;
    inactive.nir13 = kInactive;
    inactive.state = account::State::inactive;
    inactive.password_hash = hasher->hash(kPassword);
    b.accounts.push_back(inactive);
    store->import_batch(b, clock.t);
  }

  std::string code_for(const std::string& login, Instant at) {
    return totp->code_at(secrets[login], staff::totp_step(at, staff::TotpPolicy{}), 6);
  }
  Actor actor(const std::string& login) {
    return Actor{login, login == "conseil" ? staff::Role::conseiller
                        : login == "fservices" ? staff::Role::france_services
                                               : staff::Role::superviseur};
  }

  std::string path;
  FakeClock clock;
  crypto::SodiumCrypto sodium;
  messages::MessagesFr messages{"https://moncompte.ameli.fr"};
  Settings settings;
  std::unique_ptr<storage::SqliteStore> backend;
  ports::Store* store = nullptr;  // backend->sign_in()
  std::unique_ptr<crypto::Argon2Hasher> hasher;
  std::unique_ptr<totp::OathTotp> totp;
  std::unique_ptr<Sessions> sessions;
  std::unique_ptr<SourceThrottle> throttle;
  std::unique_ptr<Deps> deps;
  std::unique_ptr<StaffAuth> auth;
  std::unique_ptr<MemberActions> members;
  std::unique_ptr<HelpDesk> help;
  std::unique_ptr<AuditLog> audit;
  std::map<std::string, std::string> secrets;
};

// Every role × every action, through the use case that performs it.
// The API's `result` of an answer: "ok" (or "accepted") on success, else the error's code.
template <class T>
std::string kind(const Result<T>& r) {
  return r ? "ok" : std::string(result_code(r.error().code));
}

TEST_F(BackOffice, EveryUseCaseEnforcesThePermissionMatrix) {
  using A = staff::Action;
  HelpInput request{nir15(kNoAccount), "01/10/1995", "06 01 02 03 04", "maternity", "Je suis enceinte et bloquée."};
  for (const char* login : {"fservices", "conseil", "chef"}) {
    const Actor who = actor(login);
    std::map<A, std::string> kinds;
    auto lookup = members->lookup(who, kLocked, {"vérification", std::nullopt});
    kinds[A::lookup_state] = kind(lookup);
    ASSERT_TRUE(lookup) << login;
    EXPECT_EQ(lookup->full, staff::allowed(who.role, A::lookup_member)) << login;
    if (!lookup->full) {
      EXPECT_TRUE(lookup->entry.email.empty());
      EXPECT_TRUE(lookup->attempts.empty());
    }
    kinds[A::lookup_member] = kind(members->search(who, "MARTIN", "01/10/1995", {"vérification", std::nullopt}));
    kinds[A::unlock] = kind(members->unlock(who, kInactive, phone_check()));
    kinds[A::issue_code] = kind(members->issue_code(who, kInactive, "postal", phone_check()));
    kinds[A::start_reset] = kind(members->start_reset(who, kInactive, "postal", counter_check()));
    kinds[A::update_contact] =
        kind(members->update_contact(who, kNoAccount, {std::nullopt, std::string("0700000000")}, phone_check()));
    kinds[A::correct_civil_status] = kind(
        members->correct_civil_status(who, kNoAccount, {std::nullopt, std::string("DURAND-") + login}, phone_check()));
    kinds[A::reactivate] = kind(members->reactivate(who, kInactive, phone_check()));
    kinds[A::create_account] = kind(members->create_account(who, kNoAccount, "postal", phone_check()));
    kinds[A::file_help_request] = kind(help->file_for(who, request, counter_check()));
    kinds[A::work_help_queue] = kind(help->queue(who, std::nullopt));
    kinds[A::manage_staff] = kind(auth->list(who));
    kinds[A::read_audit] = kind(audit->recent(who, 10));
    kinds[A::watch_attacks] = kind(AttackWatch(backend->budgets(), *throttle, clock).throttled_sources(who));
    kinds[A::label_scam_reports] = kind(ScamReportDesk(backend->scam_reports(), sodium, clock).queue(who, false));
    ASSERT_EQ(kinds.size(), staff::kActions.size());
    for (auto action : staff::kActions) {
      bool refused = kinds[action] == "forbidden";
      EXPECT_EQ(refused, !staff::allowed(who.role, action)) << login << " × " << staff::to_string(action) << " → " << kinds[action];
    }
    // Put the inactive account back for the next role.
    store->set_account_state(kInactive, account::State::inactive);
  }
  EXPECT_TRUE(audit->verify().intact());
}

TEST_F(BackOffice, StaffSignInNeedsTheCurrentCodeOnce) {
  clock.t += 10min;
  auto code = code_for("conseil", clock.t);
  auto wrong = code == "000000" ? std::string("111111") : std::string("000000");
  EXPECT_EQ(kind(auth->sign_in("conseil", "Conseil-Sur-2026!", wrong, "10.0.0.1")), "invalid_credentials");
  EXPECT_EQ(kind(auth->sign_in("conseil", "mauvais", code, "10.0.0.1")), "invalid_credentials");
  auto ok = auth->sign_in("Conseil ", "Conseil-Sur-2026!", code, "10.0.0.1");
  ASSERT_EQ(kind(ok), "ok") << ok.error().message;
  EXPECT_EQ(ok->session.kind, "staff");
  EXPECT_EQ(ok->session.auth_method, "password+totp");
  auto ctx = auth->authenticate(ok->cookie_value);
  ASSERT_TRUE(ctx);
  EXPECT_EQ(ctx->actor.role, staff::Role::conseiller);
  // The same code again, seconds later: refused (RFC 6238 §5.2), and counted.
  clock.t += 5s;
  auto replay = auth->sign_in("conseil", "Conseil-Sur-2026!", code, "10.0.0.1");
  EXPECT_EQ(kind(replay), "invalid_credentials");
  // The next code works.
  clock.t += 30s;
  EXPECT_EQ(kind(auth->sign_in("conseil", "Conseil-Sur-2026!", code_for("conseil", clock.t), "10.0.0.1")), "ok");
  // Unknown logins answer the same.
  EXPECT_EQ(kind(auth->sign_in("personne", "Conseil-Sur-2026!", code, "10.0.0.1")), "invalid_credentials");
}

TEST_F(BackOffice, StaffLockoutAndSessions) {
  for (int i = 0; i < 2; ++i) EXPECT_EQ(kind(auth->sign_in("chef", "faux", "000000", "ip")), "invalid_credentials");
  EXPECT_EQ(kind(auth->sign_in("chef", "faux", "000000", "ip")), "temporarily_locked");
  EXPECT_EQ(kind(auth->sign_in("chef", "Conseil-Sur-2026!", code_for("chef", clock.t), "ip")), "temporarily_locked");
  EXPECT_TRUE(auth->unlock(Actor{"operator", staff::Role::superviseur, true}, "chef", "oubli"));
  auto ok = auth->sign_in("chef", "Conseil-Sur-2026!", code_for("chef", clock.t), "ip");
  ASSERT_EQ(kind(ok), "ok");
  // Idle 15 minutes: the staff session ends (members get 20).
  clock.t += 16min;
  EXPECT_FALSE(auth->authenticate(ok->cookie_value));
  // A deactivated member of staff is out at once.
  clock.t += 1min;
  auto again = auth->sign_in("conseil", "Conseil-Sur-2026!", code_for("conseil", clock.t), "ip");
  ASSERT_EQ(kind(again), "ok");
  EXPECT_TRUE(auth->set_active(actor("chef"), "conseil", false, "départ"));
  EXPECT_FALSE(auth->authenticate(again->cookie_value));
  EXPECT_EQ(kind(auth->set_active(actor("chef"), "chef", false, "x")), "conflict");
}

TEST_F(BackOffice, APermanentLockIsLiftedByAnAdvisorNotByFranceServices) {
  AttackMonitor monitor(0, {});
  Login login({*store, backend->devices(), *hasher, sodium, clock, *sessions, *throttle, monitor, messages,
               [](std::string_view d) { return std::string(d); }, settings});
  EXPECT_EQ(result_of(login({kLocked, kPassword, "ip"})), "permanently_locked");
  EXPECT_EQ(kind(members->unlock(actor("fservices"), kLocked, counter_check())), "forbidden");
  EXPECT_EQ(result_of(login({kLocked, kPassword, "ip"})), "permanently_locked");
  // Without the identity checks, nothing happens either.
  auto missing = members->unlock(actor("conseil"), kLocked, {"Appel", std::nullopt});
  EXPECT_EQ(kind(missing), "invalid_input");
  staff::Evidence partial{staff::EvidenceChannel::phone, {"nir", "adresse"}, "", ""};
  auto incomplete = members->unlock(actor("conseil"), kLocked, {"Appel", partial});
  EXPECT_EQ(kind(incomplete), "invalid_input");
  EXPECT_EQ(incomplete.error().details.problems.size(), 2u);
  EXPECT_EQ(kind(members->unlock(actor("conseil"), kLocked, {"  ", phone_check().evidence})), "invalid_input");

  auto r = members->unlock(actor("conseil"), nir15(kLocked), phone_check("Appel du 36 46 : bloqué après 6 essais"));
  ASSERT_EQ(kind(r), "ok") << r.error().message;
  EXPECT_EQ(result_of(login({kLocked, kPassword, "ip"})), "ok");
  auto view = members->view_after_action(actor("conseil"), kLocked);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->account_state, "active");
  ASSERT_GE(view->attempts.size(), 2u);
  EXPECT_EQ(view->attempts[0].outcome, "success");
  EXPECT_EQ(view->attempts[1].outcome, "advisor_unlock");
  auto log = audit->recent(actor("chef"), 50, kLocked);
  ASSERT_TRUE(log);
  ASSERT_FALSE(log->entries.empty());
  const auto& last = log->entries.back().draft;
  EXPECT_EQ(last.action, "unlock");
  EXPECT_EQ(last.actor, "conseil");
  EXPECT_EQ(last.reason, "Appel du 36 46 : bloqué après 6 essais");
  EXPECT_EQ(last.evidence, "phone: nir, etat_civil, adresse, secret_registre");
  EXPECT_NE(last.details.find("permanent"), std::string::npos);
}

TEST_F(BackOffice, ACounterCodeIsShownOnceAndRedeemedByTheMember) {
  // A counter code needs the ID document seen there.
  EXPECT_EQ(kind(members->issue_code(actor("conseil"), kLocked, "counter", phone_check())), "invalid_input");
  auto issued = members->issue_code(actor("conseil"), kLocked, "counter", counter_check());
  ASSERT_EQ(kind(issued), "ok") << issued.error().message;
  EXPECT_EQ(issued->channel, "counter");
  EXPECT_EQ(issued->purpose, "password_reset");
  EXPECT_EQ(issued->code.size(), 9u);  // ABCD-EFGH
  EXPECT_EQ(issued->expires_at, clock.t + 24h);
  EXPECT_EQ(backend->outbox().mail_counts().pending, 1);  // "un nouveau code a été émis" to the address on file
  // The audit entry never holds the code.
  auto log = audit->recent(actor("chef"), 1);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->entries.back().draft.details.find(issued->code.substr(0, 4)), std::string::npos);
  // The member uses it (the reset does not lift the permanent lock: unlock first).
  ASSERT_TRUE(members->unlock(actor("conseil"), kLocked, counter_check()));
  Recovery recovery({*store, backend->codes(), backend->limiter(), *throttle, backend->accounts(), backend->outbox(),
                     *hasher, sodium, clock, messages, settings});
  auto done = recovery.complete_with_code(kLocked, issued->code, "Nouveau-Jardin-2026!");
  EXPECT_TRUE(done.has_value()) << done.error().message;
}

TEST_F(BackOffice, CreatingAnAccountOnBehalfAndReactivating) {
  auto created = members->create_account(actor("conseil"), kNoAccount, "counter", counter_check());
  ASSERT_EQ(kind(created), "ok") << created.error().message;
  EXPECT_EQ(created->purpose, "activation");
  EXPECT_EQ(store->find_member(kNoAccount)->account->state, account::State::pending);
  EXPECT_EQ(kind(members->create_account(actor("conseil"), kLocked, "postal", phone_check())), "conflict");
  EXPECT_EQ(kind(members->reactivate(actor("conseil"), kLocked, phone_check())), "conflict");
  ASSERT_EQ(kind(members->reactivate(actor("conseil"), kInactive, phone_check())), "ok");
  AttackMonitor monitor(0, {});
  Login login({*store, backend->devices(), *hasher, sodium, clock, *sessions, *throttle, monitor, messages,
               [](std::string_view d) { return std::string(d); }, settings});
  EXPECT_EQ(result_of(login({kInactive, kPassword, "ip"})), "ok");
}

TEST_F(BackOffice, AChangedEmailIsToldToTheOldAddress) {
  auto r = members->update_contact(actor("conseil"), kLocked, {std::string("New@Example.org ")}, phone_check());
  ASSERT_EQ(kind(r), "ok") << r.error().message;
  EXPECT_EQ(store->find_member(kLocked)->entry.email, "new@example.org");
  auto mail = backend->outbox().claim_mail(clock.t, 1min);
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->mail.to, "old@example.org");
  EXPECT_EQ(mail->mail.kind, "notice_contact_changed");
  EXPECT_EQ(members->update_contact(actor("conseil"), kLocked, {std::string("pas-une-adresse")}, phone_check())
                .error()
                .details.field,
            "email");
  EXPECT_EQ(kind(members->update_contact(actor("conseil"), kLocked, {std::string("new@example.org")}, phone_check())),
            "invalid_input");  // nothing changes
  auto civil = members->correct_civil_status(actor("conseil"), kLocked,
                                             {std::nullopt, std::nullopt, std::string("Élodie Marie"), std::string("02/10/1995")},
                                             counter_check());
  ASSERT_EQ(kind(civil), "ok");
  auto m = store->find_member(kLocked);
  EXPECT_EQ(m->entry.given_names, "Élodie Marie");
  EXPECT_EQ(m->entry.birth_date, "1995-10-02");
}

TEST_F(BackOffice, HelpRequestsAreAnsweredAlikeAndWorkedByUrgency) {
  HelpInput known{nir15(kLocked), "01/10/1995", "06 01 02 03 04", "attestation_now", "Mon opticien attend l'attestation."};
  HelpInput unknown{nir15("1690575123999"), "03/03/1969", "0601020304", "daily_allowances", "J'attends mes IJ."};
  auto a = help->file(known, "192.0.2.1");
  clock.t += 1min;
  auto b = help->file(unknown, "192.0.2.1");
  ASSERT_EQ(kind(a), "ok");
  ASSERT_EQ(kind(b), "ok");
  EXPECT_NE(a->reference, b->reference);
  EXPECT_EQ(a->message.size() - a->reference.size(), b->message.size() - b->reference.size());
  auto bad_key = known;
  bad_key.nir = kLocked + "00";
  EXPECT_EQ(kind(help->file(bad_key, "192.0.2.1")), "invalid_nir");
  auto no_key = known;
  no_key.nir = kLocked;
  EXPECT_EQ(kind(help->file(no_key, "192.0.2.1")), "invalid_nir");
  auto q = help->queue(actor("conseil"), staff::HelpStatus::open);
  ASSERT_TRUE(q);
  ASSERT_EQ(q->size(), 2u);
  EXPECT_EQ((*q)[0].reference, b->reference);  // IJ before an attestation, though newer
  EXPECT_EQ(kind(help->resolve(actor("conseil"), a->reference, "Envoyée.", "email")), "conflict");  // claim first
  ASSERT_TRUE(help->claim(actor("conseil"), a->reference));
  EXPECT_EQ(kind(help->claim(actor("chef"), a->reference)), "conflict");
  EXPECT_EQ(kind(help->resolve(actor("fservices"), a->reference, "x", "email")), "forbidden");
  ASSERT_EQ(kind(help->resolve(actor("conseil"), a->reference, "Attestation envoyée par courrier.", "postal")), "ok");
  EXPECT_EQ(backend->outbox().letter_counts().pending, 1);
  // The register does not know the other NIR: only a call back is possible.
  ASSERT_TRUE(help->claim(actor("conseil"), b->reference));
  EXPECT_EQ(kind(help->resolve(actor("conseil"), b->reference, "Rappelé.", "email")), "conflict");
  EXPECT_EQ(kind(help->resolve(actor("conseil"), b->reference, "Rappelé, dossier IJ transmis.", "phone")), "ok");
}

TEST_F(BackOffice, AnEditedAuditRowIsNamedByVerify) {
  ASSERT_TRUE(members->unlock(actor("conseil"), kLocked, phone_check()));
  (void)members->lookup(actor("conseil"), kLocked, {"suivi", std::nullopt});
  auto before = audit->verify();
  ASSERT_TRUE(before.intact());
  const auto seq = before.head.seq - 1;  // the unlock
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  // The trigger refuses the edit; someone with file access drops it first.
  EXPECT_NE(sqlite3_exec(db, ("UPDATE audit_log SET reason = 'rien' WHERE seq = " + std::to_string(seq)).c_str(), nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         ("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET reason = 'rien' WHERE seq = " +
                          std::to_string(seq))
                             .c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto after = audit->verify();
  ASSERT_FALSE(after.intact());
  EXPECT_EQ(after.broken->seq, seq);
}

TEST_F(BackOffice, ScamReportsNeedConsentAreMaskedAndLabelledOnceWithAudit) {
  ScamReportDesk desk(backend->scam_reports(), sodium, clock);
  ScamReportInput in{"sms", "+33 6 39 98 10 01", "", "Ameli : rappelez le 09 70 12 34 56, code 482913, NIR 1 85 05 78 006 084 36",
                     "suspicious", false};
  auto refused = desk.submit(in);
  EXPECT_EQ(kind(refused), "invalid_input");
  EXPECT_EQ(refused.error().details.field, "consent");
  const Actor who = actor("conseil");
  EXPECT_TRUE(desk.queue(who, false)->empty());  // nothing stored without consent
  in.consent = true;
  auto filed = desk.submit(in);
  ASSERT_EQ(kind(filed), "ok") << filed.error().message;
  auto q = desk.queue(who, false);
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].sender, "+33 6 XX XX XX XX");
  EXPECT_EQ((*q)[0].text, "Ameli : rappelez le 09 XX XX XX XX, code [code masqué], NIR [NIR masqué]");
  EXPECT_EQ(kind(desk.label(actor("fservices"), filed->id, "scam")), "forbidden");
  EXPECT_EQ(kind(desk.label(who, filed->id, "spam")), "invalid_input");
  EXPECT_EQ(kind(desk.label(who, filed->id, "scam")), "ok");
  EXPECT_EQ(kind(desk.label(actor("chef"), filed->id, "legit")), "conflict");
  auto labelled = desk.queue(who, true);
  ASSERT_EQ(labelled->size(), 1u);
  const std::string line = corpus_line((*labelled)[0]);
  EXPECT_NE(line.find("\"label\":\"scam\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"source\":\"report\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"family\":\"report-"), std::string::npos) << line;
  EXPECT_EQ(kind(desk.discard(who, filed->id, "doublon")), "ok");
  EXPECT_EQ(kind(desk.discard(who, filed->id, "doublon")), "not_found");
  auto log = audit->recent(actor("chef"), 10);
  int labels = 0, discards = 0;
  for (const auto& e : log->entries) {
    labels += e.draft.action == "label_scam_report";
    discards += e.draft.action == "discard_scam_report";
  }
  EXPECT_EQ(labels, 1);
  EXPECT_EQ(discards, 1);
  EXPECT_TRUE(audit->verify().intact());
}

}  // namespace
}  // namespace mc::app::backoffice
