#pragma once
// Test helpers: temporary folders (test_support::TempDir) and external tools (pdftotext,
// pdftoppm, dmtxread, openssl).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "adapters/test_support/temp_dir.hpp"

namespace mc::pdf::testing {

using test_support::TempDir;

inline bool have_tool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs a shell command; returns its stdout (stderr discarded) and sets `status`.
inline std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* p = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int rc = ::pclose(p);
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

template <typename Bytes>
inline void write_file(const std::filesystem::path& p, const Bytes& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline std::string quote(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// Text of a PDF as pdftotext sees it (layout mode keeps lines together).
inline std::string pdf_text(const std::filesystem::path& pdf) {
  return run("pdftotext -layout " + quote(pdf) + " -");
}

}  // namespace mc::pdf::testing
