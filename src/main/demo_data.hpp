#pragma once
// Demo data the project generates itself (valid NIR keys, French names and addresses), written
// as the three import files. Deterministic, so that the README can list sign-in examples.
#include <string>

namespace mc::demo {

struct Written {
  std::string register_csv, organismes_csv, accounts_csv;
  int members = 0;
};

// Writes register.csv, organismes.csv and accounts.csv into `dir` (created if needed).
Written write_demo_files(const std::string& dir, int members = 60);

}  // namespace mc::demo
