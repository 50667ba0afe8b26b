// moncompte: the command line. Subcommands parse their options and call the wiring.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "adapters/crypto/sodium.hpp"
#include "adapters/csv/csv_reader.hpp"
#include "app/import_register.hpp"
#include "core/error.hpp"
#include "core/ports/register_loader.hpp"
#include "core/scam/checker.hpp"
#include "main/backoffice_cli.hpp"
#include "main/backup.hpp"
#include "main/config.hpp"
#include "main/demo_data.hpp"
#include "main/exit_codes.hpp"
#include "main/version.hpp"
#include "main/wiring.hpp"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

mc::Table read_csv(const std::string& path, const std::string& what) {
  auto t = mc::csv::parse(read_file(path));
  if (!t) throw std::runtime_error(what + " (" + path + "): " + t.error());
  return *t;
}

struct CommonOptions {
  std::string db = "sqlite:var/moncompte.sqlite";
  std::string config_file;
  std::vector<std::string> sets;
  void add_to(CLI::App* cmd) {
    cmd->add_option("--db", db, "Database URL: sqlite:PATH (default) or postgresql://…");
    cmd->add_option("--config", config_file, "TOML configuration file")->check(CLI::ExistingFile);
    cmd->add_option("--set", sets, "Override a configuration key: --set key=value (repeatable)");
  }
  mc::config::Config load() const {
    mc::config::Config cfg;
    if (!config_file.empty()) cfg.load_toml_file(config_file);
    for (const auto& s : sets) cfg.set(s);
    return cfg;
  }
};

void ensure_parent_dir(const std::string& db_url) {
  if (!db_url.starts_with("sqlite:")) return;
  std::string path = db_url.substr(7);
  if (path.starts_with("//")) path = path.substr(2);
  auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec)
    throw std::runtime_error("cannot open database " + db_url + ": cannot create the folder " + parent.string() + ": " +
                             ec.message());
}

namespace exit_code = mc::cli::exit_code;

// "moncompte frobnicate" or "moncompte staff frobnicate": CLI11 would only say that a subcommand
// is required. Name the word and the commands that exist instead.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv, int at) {
  if (at >= argc) return std::nullopt;
  const std::string word = argv[at];
  if (word.empty() || word.front() == '-') return std::nullopt;
  std::string valid;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == word) {
      if (sub->get_subcommands([](const CLI::App*) { return true; }).empty()) return std::nullopt;
      return unknown_command(*sub, argc, argv, at + 1);
    }
    valid += (valid.empty() ? "" : ", ") + sub->get_name();
  }
  std::string command = "moncompte", typed;  // "moncompte staff" and "staff frobnicate"
  for (int i = 1; i < at; ++i) command += " " + std::string(argv[i]), typed += std::string(argv[i]) + " ";
  return "error: unknown command '" + typed + word + "'; the commands of '" + command + "' are: " + valid + " (see '" +
         command + " --help')";
}

int run(int argc, char** argv) {
  CLI::App cli{"MonCompte — the online account of the Assurance Maladie"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "moncompte " MC_VERSION, "Print the version and exit");
  cli.footer(exit_code::kHelp);
  // Help shows each option's default; subcommands inherit this when they are created.
  cli.option_defaults()->always_capture_default();

  auto* serve = cli.add_subcommand("serve", "Run the HTTP service");
  CommonOptions serve_opts;
  std::string listen;
  serve_opts.add_to(serve);
  serve->add_option("--listen", listen, "HOST:PORT to listen on (default from server.listen)");

  auto* import = cli.add_subcommand("import", "Import the register, organismes and accounts (one transaction)");
  CommonOptions import_opts;
  std::string register_file, organismes_file, accounts_file;
  import_opts.add_to(import);
  import->add_option("--register", register_file, "register.csv")->required();
  import->add_option("--organismes", organismes_file, "organismes.csv")->required();
  import->add_option("--accounts", accounts_file, "accounts.csv (passwords in clear, hashed on import)");
  std::size_t import_batch_rows = 5000;
  import->add_option("--batch-rows", import_batch_rows,
                     "Rows per write transaction when a newer extract is applied to a live register")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));

  auto* demo = cli.add_subcommand("demo", "Write demo import files (valid NIR keys, every account state)");
  std::string demo_dir = "var/demo";
  int demo_members = 60;
  demo->add_option("--out", demo_dir, "Folder to write register.csv, organismes.csv, accounts.csv");
  demo->add_option("--members", demo_members, "How many members")->check(CLI::Range(1, 100000));

  auto* config_cmd = cli.add_subcommand(
      "config", "Print every configuration key as TOML: its default, or its effective value with --config and --set");
  std::string config_cmd_file;
  std::vector<std::string> config_cmd_sets;
  config_cmd->add_option("--config", config_cmd_file, "TOML configuration file")->check(CLI::ExistingFile);
  config_cmd->add_option("--set", config_cmd_sets, "Override a configuration key: --set key=value (repeatable)");

  auto* scam_cmd = cli.add_subcommand("scam-check", "Check an SMS or e-mail for scam signs (prints the verdict as JSON)");
  std::string scam_file, scam_sender, scam_subject, scam_channel = "sms";
  scam_cmd->add_option("file", scam_file, "File with the message text, or - for standard input")->required();
  scam_cmd->add_option("--sender", scam_sender, "Sender as displayed (number, name or address)");
  scam_cmd->add_option("--subject", scam_subject, "Subject (e-mails)");
  scam_cmd->add_option("--channel", scam_channel, "sms or email")->check(CLI::IsMember({"sms", "email"}));

  mc::cli::BackOfficeCommands backoffice;  // staff add|list|unlock, audit verify|export
  mc::cli::add_backoffice_commands(cli, backoffice);
  mc::cli::BackupCommands backups;  // backup, restore (docs/operations.md)
  mc::cli::add_backup_commands(cli, backups);
  mc::cli::KeysCommands keys;  // keys rotate|retire|list (docs/operations.md)
  mc::cli::add_keys_commands(cli, keys);

  if (auto unknown = unknown_command(cli, argc, argv, 1)) {
    std::cerr << *unknown << "\n";
    return exit_code::usage;
  }
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and --version (CLI11's "errors" with code 0) print and succeed; every parse error is
    // a usage error, whatever number CLI11 gives it.
    return cli.exit(e) == 0 ? exit_code::ok : exit_code::usage;
  }

  try {
    if (auto rc = mc::cli::run_backoffice_commands(backoffice)) return *rc;
    if (auto rc = mc::cli::run_backup_commands(backups)) return *rc;
    if (auto rc = mc::cli::run_keys_commands(keys)) return *rc;
    if (*config_cmd) {
      mc::config::Config cfg;
      if (!config_cmd_file.empty()) cfg.load_toml_file(config_cmd_file);
      for (const auto& a : config_cmd_sets) cfg.set(a);
      std::cout << cfg.to_toml();
      return exit_code::ok;
    }
    if (*scam_cmd) {
      std::string text;
      if (scam_file == "-") {
        std::ostringstream s;
        s << std::cin.rdbuf();
        text = s.str();
      } else {
        text = read_file(scam_file);
      }
      if (!mc::scam::has_text(text)) {
        std::cerr << "error: the message to check is empty (" << (scam_file == "-" ? "standard input" : scam_file)
                  << ")\n";
        return exit_code::usage;
      }
      auto r = mc::scam::Checker::builtin().check(
          {text, scam_sender, scam_subject, scam_channel == "email" ? mc::scam::Channel::email : mc::scam::Channel::sms});
      nlohmann::json reasons = nlohmann::json::array();
      for (const auto& x : r.reasons) reasons.push_back({{"code", x.code}, {"message", x.message}});
      std::cout << nlohmann::json{{"verdict", mc::scam::to_string(r.verdict)}, {"score", r.score}, {"reasons", reasons},
                                  {"advice", r.advice}}
                       .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
      return r.verdict == mc::scam::Verdict::no_sign ? exit_code::ok : exit_code::finding;
    }
    if (*demo) {
      auto w = mc::demo::write_demo_files(demo_dir, demo_members);
      std::cout << "Wrote " << w.members << " members to " << demo_dir << " (register.csv, organismes.csv, accounts.csv)\n";
      return exit_code::ok;
    }
    if (*serve) {
      auto cfg = serve_opts.load();
      mc::wiring::setup_logging(cfg);
      ensure_parent_dir(serve_opts.db);
      return mc::wiring::serve(listen, serve_opts.db, cfg, [&] { return serve_opts.load(); });
    }
    if (*import) {
      auto cfg = import_opts.load();
      mc::crypto::init_sodium();
      ensure_parent_dir(import_opts.db);
      // The register streams from its file (any size, constant memory); the other two are small.
      mc::csv::FileRowStream register_rows(register_file);
      mc::Table organismes = read_csv(organismes_file, "organismes");
      std::optional<mc::Table> accounts;
      if (!accounts_file.empty()) accounts = read_csv(accounts_file, "accounts");
      auto store = mc::wiring::open_store(import_opts.db);
      auto* loader = dynamic_cast<mc::ports::RegisterLoader*>(store.get());
      if (!loader) throw std::runtime_error("this database cannot import a register");
      mc::crypto::Argon2Hasher hasher({static_cast<unsigned>(cfg.integer("password.argon2_t_cost")),
                                       static_cast<std::size_t>(cfg.integer("password.argon2_m_cost_kib"))},
                                      std::max(1u, std::thread::hardware_concurrency()), 0);
      mc::lockout::Policy policy;
      policy.temporary_lock = mc::minutes(cfg.number("lockout.temporary_minutes"));
      mc::wiring::SystemClock clock;
      mc::app::StreamImportOptions options;
      options.batch_rows = import_batch_rows;
      // A progress line (rows, rows/s, ETA from the bytes left) on a terminal only: logs and
      // pipes get the summary alone.
      const auto started = std::chrono::steady_clock::now();
      auto last_shown = started;
      const bool tty = ::isatty(STDERR_FILENO) == 1;
      if (tty)
        options.on_progress = [&](std::int64_t rows) {
          const auto t = std::chrono::steady_clock::now();
          if (t - last_shown < std::chrono::milliseconds(500)) return;
          last_shown = t;
          const double s = std::chrono::duration<double>(t - started).count();
          const double rate = s > 0 ? static_cast<double>(rows) / s : 0;
          const double done = register_rows.total_bytes() ? static_cast<double>(register_rows.bytes_read()) /
                                                                static_cast<double>(register_rows.total_bytes())
                                                          : 0;
          const double eta = done > 0 ? s / done - s : 0;
          std::fprintf(stderr, "\r%lld rows, %.0f rows/s, ETA %.0f s   ", static_cast<long long>(rows), rate, eta);
        };
      auto result = mc::app::import_stream(register_rows, organismes, accounts, *loader, hasher, policy, clock.now(),
                                           options);
      if (tty) std::fprintf(stderr, "\n");
      if (!result) {
        std::cerr << "import refused, nothing was imported:";
        if (result.error().size() == 1) std::cerr << " " << result.error().front() << "\n";
        else {
          std::cerr << "\n";
          for (const auto& e : result.error()) std::cerr << "  " << e << "\n";
        }
        return exit_code::refused;
      }
      const auto& c = result->register_changes;
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::cout << "Imported " << result->organismes << " organismes, " << result->register_rows
                << " register entries, " << result->accounts << " accounts.\n"
                << "Register: " << c.added << " added, " << c.changed << " changed, " << c.unchanged << " unchanged ("
                << c.emails_changed << " e-mail addresses changed, " << c.links_voided << " e-mailed links voided), "
                << c.batches << " write transactions, " << static_cast<long long>(seconds * 1000) << " ms.\n";
      return exit_code::ok;
    }
  } catch (const mc::config::ConfigError& e) {
    std::cerr << "configuration error: " << e.what() << "\n";
    return exit_code::usage;
  } catch (const mc::StorageError& e) {
    std::cerr << "error: database unavailable (" << mc::to_string(e.cause()) << "): " << e.what() << "\n";
    return exit_code::failure;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_code::failure;
  }
  return exit_code::ok;
}

}  // namespace

int main(int argc, char** argv) {
  // run() answers every error of a command itself; what could still escape (building the command
  // line, std::bad_alloc) ends here with a failure code instead of std::terminate.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "error: unexpected failure\n");
  }
  return exit_code::failure;
}
