#pragma once
// The exit status of every `moncompte` command: a small fixed set, documented in `--help` and in
// the README. Nothing else is returned (CLI11's own codes, 100 and up, are mapped to usage).
namespace mc::cli::exit_code {

inline constexpr int ok = 0;
inline constexpr int failure = 1;  // the command could not do its work: database, file, network, start-up
inline constexpr int usage = 2;    // bad command line or configuration (unknown command, option, key or value)
inline constexpr int finding = 3;  // the check ran and found something: scam signs, a broken audit chain
inline constexpr int refused = 4;  // the input was read and refused: an import row, a staff login in use…

inline constexpr const char* kHelp =
    "Exit status: 0 success; 1 failure (database, file, network, start-up); 2 usage (bad command line or\n"
    "configuration); 3 finding (scam-check found signs of a scam, audit verify found a broken chain);\n"
    "4 refused (import found a bad row, staff add or unlock was refused).";

}  // namespace mc::cli::exit_code
