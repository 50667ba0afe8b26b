#pragma once
// Print outbox (SPEC §10): letters as PDF files in one folder, plus one JSON line per
// letter in <folder>/manifest.jsonl, the way a print house picks them up.
//
// Each PDF is written to a hidden temporary file, fsync'ed and renamed, so a reader never
// sees a partial file; its manifest line is appended only afterwards, under an exclusive
// flock, so several processes can share the folder. A line left half-written by a crash
// is closed with a newline before the next one, keeping every later line parseable.
#include <chrono>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/pdf/render.hpp"

namespace mc::pdf {

struct ManifestEntry {
  std::string id;          // 16 random letters a-p (64 bits, never digits)
  std::string created_at;  // "2025-03-03T10:15:00Z"
  std::string kind;        // "attestation", "reset_code", … ([a-z0-9_-], max 40)
  std::string recipient_name;
  std::vector<std::string> address_lines;
  std::string postal_code;
  std::string city;
  int pages = 0;
  std::string file;    // file name inside the folder
  std::string sha256;  // hex of the PDF bytes
};

class PrintOutbox {
 public:
  explicit PrintOutbox(std::filesystem::path dir);

  // Writes the PDF and its manifest line; creates the folder when missing.
  std::expected<ManifestEntry, std::string> put(std::string_view kind, const PostalAddress& recipient,
                                                const Pdf& pdf, std::chrono::system_clock::time_point now);

  const std::filesystem::path& dir() const { return dir_; }

  // Every well-formed line of the manifest, in file order (a torn line is skipped).
  static std::expected<std::vector<ManifestEntry>, std::string> read_manifest(const std::filesystem::path& dir);

  // Letters hold provisional codes: once printed they must not linger (issue 17). Removes the
  // PDF of every letter the print house acknowledged in <folder>/acknowledged.jsonl (one JSON
  // object per line naming the letter by "id" or "file", as in the manifest), and of every
  // letter older than `keep` whatever the acknowledgement. Manifest lines stay (no code in
  // them). Returns how many PDFs were removed; idempotent.
  static int forget_printed(const std::filesystem::path& dir, std::chrono::system_clock::time_point now,
                            std::chrono::system_clock::duration keep);

 private:
  std::filesystem::path dir_;
};

}  // namespace mc::pdf
