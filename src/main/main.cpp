// moncompte: the command line. Subcommands parse their options and call the wiring.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
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
  [[nodiscard]] mc::config::Config load() const { return mc::wiring::load_config(config_file, sets); }
};

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

// moncompte serve
struct ServeCommand {
  CLI::App* cmd = nullptr;
  CommonOptions opts;
  std::string listen;

  void add(CLI::App& cli) {
    cmd = cli.add_subcommand("serve", "Run the HTTP service");
    opts.add_to(cmd);
    cmd->add_option("--listen", listen, "HOST:PORT to listen on (default from server.listen)");
  }
  int run() const {
    auto cfg = opts.load();
    mc::wiring::setup_logging(cfg);
    mc::wiring::ensure_parent_dir(opts.db);
    return mc::wiring::serve(listen, opts.db, cfg, [this] { return opts.load(); });
  }
};

// moncompte import: the register and the accounts stream from their files (any size, constant
// memory); the organismes file is small.
struct ImportCommand {
  CLI::App* cmd = nullptr;
  CommonOptions opts;
  std::string register_file, organismes_file, accounts_file;
  std::size_t batch_rows = 5000;

  void add(CLI::App& cli) {
    cmd = cli.add_subcommand("import", "Import the register, organismes and accounts (one transaction)");
    opts.add_to(cmd);
    cmd->add_option("--register", register_file, "register.csv")->required();
    cmd->add_option("--organismes", organismes_file, "organismes.csv")->required();
    cmd->add_option("--accounts", accounts_file, "accounts.csv (passwords in clear, hashed on import)");
    cmd->add_option("--batch-rows", batch_rows,
                    "Rows per write transaction when a newer extract is applied to a live register")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  }

  // A progress line (rows, rows/s, ETA from the bytes left) on a terminal only: logs and pipes
  // get the summary alone.
  static std::function<void(std::int64_t)> progress(const mc::csv::FileRowStream& rows,
                                                    std::chrono::steady_clock::time_point started,
                                                    const char* what = "rows") {
    return [&rows, started, what, last_shown = started](std::int64_t n) mutable {
      const auto t = std::chrono::steady_clock::now();
      if (t - last_shown < std::chrono::milliseconds(500)) return;
      last_shown = t;
      const double s = std::chrono::duration<double>(t - started).count();
      const double rate = s > 0 ? static_cast<double>(n) / s : 0;
      const double done =
          rows.total_bytes() ? static_cast<double>(rows.bytes_read()) / static_cast<double>(rows.total_bytes()) : 0;
      const double eta = done > 0 ? s / done - s : 0;
      std::fprintf(stderr, "\r%lld %s, %.0f %s/s, ETA %.0f s   ", static_cast<long long>(n), what, rate, what, eta);
    };
  }

  int run() const {
    auto cfg = opts.load();
    mc::crypto::init_sodium();
    mc::wiring::ensure_parent_dir(opts.db);
    mc::csv::FileRowStream register_rows(register_file);
    mc::Table organismes = read_csv(organismes_file, "organismes");
    // The accounts file streams too (it may name millions of members): opened here, read after the register.
    std::optional<mc::csv::FileRowStream> accounts;
    if (!accounts_file.empty()) {
      try {
        accounts.emplace(accounts_file);
      } catch (const std::runtime_error& e) {
        throw std::runtime_error("accounts (" + accounts_file + "): " + e.what());
      }
    }
    auto store = mc::wiring::make_store(opts.db, cfg);
    auto* loader = &store->register_loader();
    // The service's hasher and lockout policy: imported hashes and locks read as the service's own.
    auto hasher = mc::wiring::make_hasher(cfg, mc::wiring::batch_hashing_pool());
    const auto settings = mc::wiring::build_settings(cfg);
    mc::wiring::SystemClock clock;
    mc::app::StreamImportOptions options;
    options.batch_rows = batch_rows;
    const auto started = std::chrono::steady_clock::now();
    const bool tty = ::isatty(STDERR_FILENO) == 1;
    if (tty) options.on_progress = progress(register_rows, started);
    if (tty && accounts)  // the accounts are hashed after the register: a line of their own
      options.on_account_progress = [&, p = std::function<void(std::int64_t)>()](std::int64_t n) mutable {
        if (!p) {
          std::fprintf(stderr, "\n");
          p = progress(*accounts, std::chrono::steady_clock::now(), "accounts");
        }
        p(n);
      };
    auto result = mc::app::import_stream(register_rows, organismes, accounts ? &*accounts : nullptr, *loader, *hasher,
                                         settings.lockout, clock.now(), options);
    if (tty) std::fprintf(stderr, "\n");
    if (!result) return refused(result.error());
    const auto& c = result->register_changes;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "Imported " << result->organismes << " organismes, " << result->register_rows << " register entries, "
              << result->accounts << " accounts.\n"
              << "Register: " << c.added << " added, " << c.changed << " changed, " << c.unchanged << " unchanged ("
              << c.emails_changed << " e-mail addresses changed, " << c.links_voided << " e-mailed links voided), "
              << c.batches << " write transactions, " << static_cast<long long>(seconds * 1000) << " ms.\n";
    return exit_code::ok;
  }

  static int refused(const std::vector<std::string>& errors) {
    std::cerr << "import refused, nothing was imported:";
    if (errors.size() == 1) {
      std::cerr << " " << errors.front() << "\n";
    } else {
      std::cerr << "\n";
      for (const auto& e : errors) std::cerr << "  " << e << "\n";
    }
    return exit_code::refused;
  }
};

// moncompte demo
struct DemoCommand {
  CLI::App* cmd = nullptr;
  std::string dir = "var/demo";
  int members = 60;

  void add(CLI::App& cli) {
    cmd = cli.add_subcommand("demo", "Write demo import files (valid NIR keys, every account state)");
    cmd->add_option("--out", dir, "Folder to write register.csv, organismes.csv, accounts.csv");
    cmd->add_option("--members", members, "How many members")->check(CLI::Range(1, 100000));
  }
  int run() const {
    auto w = mc::demo::write_demo_files(dir, members);
    std::cout << "Wrote " << w.members << " members to " << dir << " (register.csv, organismes.csv, accounts.csv)\n";
    return exit_code::ok;
  }
};

// moncompte config
struct ConfigCommand {
  CLI::App* cmd = nullptr;
  std::string file;
  std::vector<std::string> sets;

  void add(CLI::App& cli) {
    cmd = cli.add_subcommand(
        "config", "Print every configuration key as TOML: its default, or its effective value with --config and --set");
    cmd->add_option("--config", file, "TOML configuration file")->check(CLI::ExistingFile);
    cmd->add_option("--set", sets, "Override a configuration key: --set key=value (repeatable)");
  }
  int run() const {
    std::cout << mc::wiring::load_config(file, sets).to_toml();
    return exit_code::ok;
  }
};

// moncompte scam-check
struct ScamCheckCommand {
  CLI::App* cmd = nullptr;
  std::string file, sender, subject, channel = "sms";

  void add(CLI::App& cli) {
    cmd = cli.add_subcommand("scam-check", "Check an SMS or e-mail for scam signs (prints the verdict as JSON)");
    cmd->add_option("file", file, "File with the message text, or - for standard input")->required();
    cmd->add_option("--sender", sender, "Sender as displayed (number, name or address)");
    cmd->add_option("--subject", subject, "Subject (e-mails)");
    cmd->add_option("--channel", channel, "sms or email")->check(CLI::IsMember({"sms", "email"}));
  }
  int run() const {
    std::string text;
    if (file == "-") {
      std::ostringstream s;
      s << std::cin.rdbuf();
      text = s.str();
    } else {
      text = read_file(file);
    }
    if (!mc::scam::has_text(text)) {
      std::cerr << "error: the message to check is empty (" << (file == "-" ? "standard input" : file) << ")\n";
      return exit_code::usage;
    }
    auto r = mc::scam::Checker::builtin().check(
        {text, sender, subject, channel == "email" ? mc::scam::Channel::email : mc::scam::Channel::sms});
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& x : r.reasons) reasons.push_back({{"code", x.code}, {"message", x.message}});
    std::cout << nlohmann::json{{"verdict", mc::scam::to_string(r.verdict)},
                                {"score", r.score},
                                {"reasons", reasons},
                                {"advice", r.advice}}
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
    return r.verdict == mc::scam::Verdict::no_sign ? exit_code::ok : exit_code::finding;
  }
};

// Every subcommand of the command line.
struct Commands {
  ServeCommand serve;
  ImportCommand import;
  DemoCommand demo;
  ConfigCommand config;
  ScamCheckCommand scam_check;
  mc::cli::BackOfficeCommands backoffice;  // staff add|list|unlock, audit verify|export
  mc::cli::BackupCommands backups;         // backup, restore (docs/operations.md)
  mc::cli::KeysCommands keys;              // keys rotate|retire|list (docs/operations.md)

  void add(CLI::App& cli) {
    serve.add(cli);
    import.add(cli);
    demo.add(cli);
    config.add(cli);
    scam_check.add(cli);
    mc::cli::add_backoffice_commands(cli, backoffice);
    mc::cli::add_backup_commands(cli, backups);
    mc::cli::add_keys_commands(cli, keys);
  }

  // The selected command's exit code; its errors answered here.
  int run() const {
    try {
      if (auto rc = mc::cli::run_backoffice_commands(backoffice)) return *rc;
      if (auto rc = mc::cli::run_backup_commands(backups)) return *rc;
      if (auto rc = mc::cli::run_keys_commands(keys)) return *rc;
      if (*config.cmd) return config.run();
      if (*scam_check.cmd) return scam_check.run();
      if (*demo.cmd) return demo.run();
      if (*serve.cmd) return serve.run();
      if (*import.cmd) return import.run();
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
};

int run(int argc, char** argv) {
  CLI::App cli{"MonCompte — the online account of the Assurance Maladie"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "moncompte " MC_VERSION, "Print the version and exit");
  cli.footer(exit_code::kHelp);
  // Help shows each option's default; subcommands inherit this when they are created.
  cli.option_defaults()->always_capture_default();
  Commands commands;
  commands.add(cli);

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
  return commands.run();
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
