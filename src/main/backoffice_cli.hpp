#pragma once
// `moncompte staff …` and `moncompte audit …`: the operator's back-office commands (docs/backoffice.md).
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mc::cli {

struct BackOfficeCommands {
  CLI::App* staff_add = nullptr;
  CLI::App* staff_list = nullptr;
  CLI::App* staff_unlock = nullptr;
  CLI::App* audit_verify = nullptr;
  CLI::App* audit_export = nullptr;
  CLI::App* scam_corpus_export = nullptr;  // labelled members' reports in the corpus format (issue 16)
  std::string db = "sqlite:var/moncompte.sqlite";
  std::string config_file;
  std::vector<std::string> sets;
  std::string login, role, reason, format = "jsonl", out;
};

void add_backoffice_commands(CLI::App& cli, BackOfficeCommands& c);
// The exit code of the selected back-office command; nullopt when none was selected.
std::optional<int> run_backoffice_commands(const BackOfficeCommands& c);

}  // namespace mc::cli
