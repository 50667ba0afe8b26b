#include "main/backoffice_cli.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "adapters/crypto/sodium.hpp"
#include "adapters/messages/messages_fr.hpp"
#include "adapters/totp/oath_totp.hpp"
#include "app/backoffice/audit_log.hpp"
#include "app/backoffice/scam_reports.hpp"
#include "app/backoffice/staff_auth.hpp"
#include "app/source_throttle.hpp"
#include "core/ports/backoffice_store.hpp"
#include "core/ports/scam_report_store.hpp"
#include "core/staff/audit.hpp"
#include "main/composition.hpp"
#include "main/config.hpp"
#include "main/exit_codes.hpp"

namespace mc::cli {
namespace {

void add_db_options(CLI::App* cmd, BackOfficeCommands& c) {
  cmd->add_option("--db", c.db, "Database URL: sqlite:PATH (default) or postgresql://…");
  cmd->add_option("--config", c.config_file, "TOML configuration file")->check(CLI::ExistingFile);
  cmd->add_option("--set", c.sets, "Override a configuration key: --set key=value (repeatable)");
}

// The password on the first line of stdin; typed without echo when stdin is a terminal.
std::string read_password() {
  const bool tty = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (tty) {
    std::cerr << "Password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Everything a back-office use case needs, opened for one command.
struct Env {
  config::Config cfg;
  app::Settings settings;
  std::unique_ptr<ports::Storage> storage;
  ports::Store* store = nullptr;  // storage->sign_in()
  ports::BackOfficeStore* bo = nullptr;
  wiring::SystemClock clock;
  crypto::SodiumCrypto crypto;
  std::unique_ptr<crypto::Argon2Hasher> hasher;
  std::unique_ptr<totp::OathTotp> totp;
  std::unique_ptr<messages::MessagesFr> messages;
  std::unique_ptr<app::Sessions> sessions;
  std::unique_ptr<app::SourceThrottle> throttle;

  // The service's own mapping of the configuration (composition.hpp): the same hasher
  // parameters, settings and keys as `serve`, on one hashing thread.
  explicit Env(const BackOfficeCommands& c)
      : cfg(wiring::load_config(c.config_file, c.sets)), settings(wiring::build_settings(cfg)) {
    crypto::init_sodium();
    storage = wiring::make_store(c.db, cfg);
    store = &storage->sign_in();
    bo = &storage->backoffice();
    hasher = wiring::make_hasher(cfg, wiring::HashingPool{1, 0});
    totp = std::make_unique<totp::OathTotp>(crypto, wiring::totp_sealing_keys(cfg, c.db));
    settings.secrets = wiring::secret_digest(cfg, c.db);
    wiring::seal_outboxes(cfg, c.db);
    messages = std::make_unique<messages::MessagesFr>(settings.base_url, settings.lockout.temporary_lock);
    sessions = std::make_unique<app::Sessions>(*store, crypto, clock);
    throttle = std::make_unique<app::SourceThrottle>(storage->budgets(), clock, wiring::throttle_settings(cfg));
  }

  app::backoffice::Deps deps() {
    return {
        *store, *bo,       storage->devices(), storage->codes(), storage->limiter(), *throttle, *hasher, crypto, *totp,
        clock,  *messages, *sessions,          settings};
  }
};

// The use cases answer in French for the back office's pages; the operator at the command line
// reads English. Other codes fall back to the use case's own words.
std::string operator_message(const Error& e) {
  const std::string& field = e.details.field;
  if (e.code == Errc::invalid_input && field == "login") return "the login must be 3 to 64 of a-z 0-9 . _ -";
  if (e.code == Errc::invalid_input && field == "role")
    return "the role must be conseiller, france_services or superviseur";
  if (e.code == Errc::invalid_input && field == "reason") return "--reason is required (at most 500 characters)";
  if (e.code == Errc::weak_password)
    return "the password breaks the password policy (8 to 64 characters with a lower-case letter, an upper-case "
           "letter, and a digit or a special character; not a common password)";
  if (e.code == Errc::conflict) return "this login is already in use";
  if (e.code == Errc::not_found) return "no member of staff has this login";
  return std::string(result_code(e.code)) + ": " + e.message;
}

app::backoffice::Actor operator_actor() {
  const char* user = std::getenv("USER");
  return {user && *user ? user : "operator", staff::Role::superviseur, /*command_line=*/true};
}

}  // namespace

void add_backoffice_commands(CLI::App& cli, BackOfficeCommands& c) {
  auto* staff = cli.add_subcommand("staff", "Back-office staff accounts");
  staff->require_subcommand(1);
  c.staff_add = staff->add_subcommand("add", "Add a member of staff (password on stdin; prints the TOTP otpauth:// URI)");
  add_db_options(c.staff_add, c);
  c.staff_add->add_option("--login", c.login, "Login: 3-64 of a-z 0-9 . _ -")->required();
  c.staff_add->add_option("--role", c.role, "conseiller, france_services or superviseur")
      ->required()
      ->check(CLI::IsMember({"conseiller", "france_services", "superviseur"}));
  c.staff_add->add_option("--reason", c.reason, "Why (written to the audit log)");
  c.staff_list = staff->add_subcommand("list", "List staff accounts");
  add_db_options(c.staff_list, c);
  c.staff_unlock = staff->add_subcommand("unlock", "Lift a member of staff's sign-in lock");
  add_db_options(c.staff_unlock, c);
  c.staff_unlock->add_option("--login", c.login, "Login")->required();
  c.staff_unlock->add_option("--reason", c.reason, "Why (written to the audit log)")->required();

  auto* audit = cli.add_subcommand("audit", "The back-office audit log");
  audit->require_subcommand(1);
  c.audit_verify = audit->add_subcommand("verify", "Check the hash chain; non-zero exit and the first broken entry if not intact");
  add_db_options(c.audit_verify, c);
  c.audit_export = audit->add_subcommand("export", "Write every entry (the export is logged first)");
  add_db_options(c.audit_export, c);
  c.audit_export->add_option("--format", c.format, "jsonl")->check(CLI::IsMember({"jsonl"}));
  c.audit_export->add_option("--out", c.out, "File to write (default: standard output)");
  c.audit_export->add_option("--reason", c.reason, "Why (written to the audit log)");

  auto* corpus = cli.add_subcommand("scam-corpus", "Members' reported messages, labelled by advisors (issue 16)");
  corpus->require_subcommand(1);
  c.scam_corpus_export = corpus->add_subcommand(
      "export", "Write the labelled reports as corpus lines (tests/scam/corpus.jsonl format; the export is logged first)");
  add_db_options(c.scam_corpus_export, c);
  c.scam_corpus_export->add_option("--out", c.out, "File to write (default: standard output)");
}

std::optional<int> run_backoffice_commands(const BackOfficeCommands& c) {
  if (c.staff_add && *c.staff_add) {
    Env env(c);
    std::string password = read_password();
    app::backoffice::StaffAuth auth(env.deps());
    auto r = auth.add_staff(operator_actor(), c.login, c.role, password, c.reason);
    if (!r) {
      std::cerr << "staff add refused: " << operator_message(r.error()) << "\n";
      return exit_code::refused;
    }
    std::cout << r->otpauth_uri << "\n";
    return exit_code::ok;
  }
  if (c.staff_list && *c.staff_list) {
    Env env(c);
    app::backoffice::StaffAuth auth(env.deps());
    for (const auto& row : auth.list(operator_actor()).value_or(std::vector<app::backoffice::StaffRow>{})) {
      std::cout << row.member.login << "\t" << staff::to_string(row.member.role) << "\t"
                << (row.member.active ? "active" : "inactive")
                << (row.lock.standing == lockout::Standing::open ? "" : "\tlocked") << "\n";
    }
    return exit_code::ok;
  }
  if (c.staff_unlock && *c.staff_unlock) {
    Env env(c);
    app::backoffice::StaffAuth auth(env.deps());
    auto r = auth.unlock(operator_actor(), c.login, c.reason);
    if (!r) {
      std::cerr << "staff unlock refused: " << operator_message(r.error()) << "\n";
      return exit_code::refused;
    }
    std::cout << "unlocked " << c.login << "\n";
    return exit_code::ok;
  }
  if (c.audit_verify && *c.audit_verify) {
    Env env(c);
    app::backoffice::AuditLog log(*env.bo, env.crypto, env.clock);
    auto r = log.verify();
    if (r.intact()) {
      std::cout << "audit log intact: " << r.entries << " entries, head #" << r.head.seq << " " << r.head.hash << "\n";
      return exit_code::ok;
    }
    std::cout << "audit log BROKEN at entry #" << r.broken->seq << ": " << r.broken->reason << " (" << r.entries
              << " entries verified before it)\n";
    std::cerr << "audit log BROKEN at entry #" << r.broken->seq << ": " << r.broken->reason << "\n";
    return exit_code::finding;
  }
  if (c.audit_export && *c.audit_export) {
    Env env(c);
    app::backoffice::AuditLog log(*env.bo, env.crypto, env.clock);
    std::ofstream file;
    if (!c.out.empty()) {
      file.open(c.out, std::ios::binary | std::ios::trunc);
      if (!file) throw std::runtime_error("cannot write '" + c.out + "'");
    }
    std::ostream& out = c.out.empty() ? std::cout : file;
    auto r = log.export_jsonl(operator_actor(), c.reason, [&](std::string_view line) { out << line; });
    out.flush();
    if (!r || !out) {
      std::cerr << "audit export failed: " << (r ? "cannot write" : operator_message(r.error())) << "\n";
      return exit_code::failure;
    }
    return exit_code::ok;
  }
  if (c.scam_corpus_export && *c.scam_corpus_export) {
    Env env(c);
    auto* reports = &env.storage->scam_reports();
    // Logged before anything is read, as for the audit export.
    const auto who = operator_actor();
    (void)env.bo->append_audit([&](const staff::ChainHead& head) {
      staff::AuditDraft d{env.clock.now(), "cli:" + who.login, "operator", "export_scam_corpus", "scam_reports",
                          "export du corpus", "", "{}"};
      return staff::seal(d, head, [&](std::string_view data) { return env.crypto.sha256_hex(data); });
    });
    std::ofstream file;
    if (!c.out.empty()) {
      file.open(c.out, std::ios::binary | std::ios::trunc);
      if (!file) throw std::runtime_error("cannot write '" + c.out + "'");
    }
    std::ostream& out = c.out.empty() ? std::cout : file;
    std::int64_t after = 0, n = 0;
    for (;;) {
      auto page = reports->scam_reports(/*labelled=*/true, after, 500);
      for (const auto& r : page) {
        out << app::backoffice::corpus_line(r) << "\n";
        after = r.id;
        ++n;
      }
      if (page.size() < 500) break;
    }
    out.flush();
    if (!out) {
      std::cerr << "scam-corpus export failed: cannot write\n";
      return exit_code::failure;
    }
    std::cerr << n << " labelled report(s) exported\n";
    return exit_code::ok;
  }
  return std::nullopt;
}

}  // namespace mc::cli
