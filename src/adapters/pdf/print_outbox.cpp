#include "adapters/pdf/print_outbox.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

namespace mc::pdf {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string errno_text(std::string_view what, const fs::path& p) {
  return std::string{what} + " " + p.string() + ": " + std::strerror(errno);
}

bool write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0F];
  }
  return out;
}

std::string sha256_hex(const std::vector<std::uint8_t>& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr) != 1) return {};
  return hex(digest, len);
}

// 64 random bits written with the letters a-p, one per nibble: an id of hex digits can hold
// 13 decimal digits in a row (a few letters in a thousand), which log scanners and the privacy
// test rightly take for a NIR in clear. Letters only can never look like one.
std::string random_id() {
  unsigned char raw[8];
  if (RAND_bytes(raw, sizeof raw) != 1) return {};
  std::string out;
  out.reserve(sizeof raw * 2);
  for (const unsigned char byte : raw) {
    out += static_cast<char>('a' + (byte >> 4));
    out += static_cast<char>('a' + (byte & 0x0F));
  }
  return out;
}

std::string utc(std::chrono::system_clock::time_point t, const char* format) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

bool valid_kind(std::string_view kind) {
  if (kind.empty() || kind.size() > 40) return false;
  for (char c : kind)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

void fsync_dir(const fs::path& dir) {
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
}

}  // namespace

// A manifest line: every field, under its own name (a missing or mistyped one throws on reading).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ManifestEntry, id, created_at, kind, recipient_name, address_lines, postal_code,
                                   city, pages, file, sha256)

PrintOutbox::PrintOutbox(fs::path dir) : dir_(std::move(dir)) {}

std::expected<ManifestEntry, std::string> PrintOutbox::put(std::string_view kind, const PostalAddress& to,
                                                           const Pdf& pdf,
                                                           std::chrono::system_clock::time_point now) {
  if (!valid_kind(kind)) return std::unexpected{"kind must be 1-40 characters of [a-z0-9_-]"};
  if (pdf.bytes.empty()) return std::unexpected{"empty PDF"};
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return std::unexpected{"cannot create " + dir_.string() + ": " + ec.message()};

  ManifestEntry e;
  e.id = random_id();
  e.sha256 = sha256_hex(pdf.bytes);
  if (e.id.empty() || e.sha256.empty()) return std::unexpected{"OpenSSL random or digest failure"};
  e.created_at = utc(now, "%Y-%m-%dT%H:%M:%SZ");
  e.kind = kind;
  e.recipient_name = to.name;
  e.address_lines = to.lines;
  e.postal_code = to.postal_code;
  e.city = to.city;
  e.pages = pdf.pages;
  // Sorts by time in a directory listing; the id keeps names unique.
  e.file = utc(now, "%Y%m%dT%H%M%SZ") + "-" + e.kind + "-" + e.id + ".pdf";

  // 1. The PDF: hidden temporary file, data on disk, then an atomic rename.
  const fs::path final_path = dir_ / e.file;
  const fs::path tmp = dir_ / (".tmp-" + e.file);
  {
    Fd out{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)};
    if (out.fd < 0) return std::unexpected{errno_text("cannot create", tmp)};
    if (!write_all(out.fd, pdf.bytes.data(), pdf.bytes.size()) || ::fsync(out.fd) != 0) {
      const std::string err = errno_text("cannot write", tmp);
      ::unlink(tmp.c_str());
      return std::unexpected{err};
    }
  }
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    const std::string err = errno_text("cannot rename", tmp);
    ::unlink(tmp.c_str());
    return std::unexpected{err};
  }
  fsync_dir(dir_);

  // 2. The manifest line, appended under an exclusive lock.
  const fs::path manifest = dir_ / "manifest.jsonl";
  Fd m{::open(manifest.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640)};
  if (m.fd < 0) return std::unexpected{errno_text("cannot open", manifest)};
  while (::flock(m.fd, LOCK_EX) != 0) {
    if (errno != EINTR) return std::unexpected{errno_text("cannot lock", manifest)};
  }
  // Replace, never throw, on malformed UTF-8 in a name: the letter is already on disk.
  std::string line = json(e).dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  struct stat st{};
  if (::fstat(m.fd, &st) == 0 && st.st_size > 0) {
    char last = '\n';
    if (::pread(m.fd, &last, 1, st.st_size - 1) == 1 && last != '\n') line.insert(0, "\n");
  }
  const bool ok = write_all(m.fd, line.data(), line.size()) && ::fsync(m.fd) == 0;
  // The lock is released when m closes.
  if (!ok) return std::unexpected{errno_text("cannot append to", manifest)};
  return e;
}

std::expected<std::vector<ManifestEntry>, std::string> PrintOutbox::read_manifest(const fs::path& dir) {
  std::vector<ManifestEntry> out;
  std::ifstream in(dir / "manifest.jsonl");
  if (!in) return out;  // nothing printed yet
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    try {
      out.push_back(j.get<ManifestEntry>());
    } catch (const json::exception&) {
      continue;  // a line from a different writer version: skip, do not fail the batch
    }
  }
  return out;
}

int PrintOutbox::forget_printed(const fs::path& dir, std::chrono::system_clock::time_point now,
                                std::chrono::system_clock::duration keep) {
  auto manifest = read_manifest(dir);
  if (!manifest) return 0;
  std::vector<std::string> acked;
  {
    std::ifstream in(dir / "acknowledged.jsonl");
    std::string line;
    while (in && std::getline(in, line)) {
      const json j = json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) continue;
      for (const char* key : {"id", "file"})
        if (auto it = j.find(key); it != j.end() && it->is_string()) acked.push_back(it->get<std::string>());
    }
  }
  auto is_acked = [&](const ManifestEntry& e) {
    return std::find(acked.begin(), acked.end(), e.id) != acked.end() ||
           std::find(acked.begin(), acked.end(), e.file) != acked.end();
  };
  auto created = [](const std::string& text) -> std::optional<std::chrono::system_clock::time_point> {
    std::tm tm{};
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                    &tm.tm_sec) != 6)
      return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
  };
  int removed = 0;
  for (const auto& e : *manifest) {
    if (e.file.empty() || e.file.find('/') != std::string::npos || e.file.starts_with(".")) continue;
    const auto at = created(e.created_at);
    if (!is_acked(e) && !(at && *at + keep <= now)) continue;
    std::error_code ec;
    if (fs::remove(dir / e.file, ec)) ++removed;
  }
  return removed;
}

}  // namespace mc::pdf
