#include "adapters/crypto/key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace mc::crypto {

namespace {

std::string errno_text() { return std::strerror(errno); }

constexpr std::string_view kRingHeader = "moncompte-keyring 1";
constexpr std::size_t kMaxRingBytes = 64 * 1024;

std::runtime_error read_error(std::string_view what, const std::string& path, const std::string& why) {
  std::string m = "cannot read the ";
  m.append(what).append(" '").append(path).append("': ").append(why);
  return std::runtime_error(m);
}

// The whole file (at most kMaxRingBytes + 1 bytes, so that an oversized file is refused).
std::string read_bytes(const std::string& path, std::string_view what) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw read_error(what, path, errno_text());
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = errno_text();
      ::close(fd);
      throw read_error(what, path, why);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > kMaxRingBytes) break;
  }
  ::close(fd);
  sodium_memzero(buf, sizeof buf);
  return out;
}

bool parse_hex_key(std::string_view hex, Key32& key) {
  if (hex.size() != 2 * key.size()) return false;
  std::size_t len = 0;
  return sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) == 0 &&
         len == key.size();
}

std::string hex_of(const Key32& key) {
  char hex[2 * 32 + 1];
  sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
  std::string out(hex);
  sodium_memzero(hex, sizeof hex);
  return out;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

bool same_key(const Key32& a, const Key32& b) { return sodium_memcmp(a.data(), b.data(), a.size()) == 0; }

// `ring` plus the legacy NAME.previous.key, when there is one and it is not in the ring already.
void add_legacy_previous(KeyRing& ring, const std::string& path, std::string_view what) {
  const std::string legacy = legacy_previous_path(path);
  std::error_code ec;
  if (!std::filesystem::exists(legacy, ec)) return;
  auto older = parse_key_ring(read_bytes(legacy, what));
  if (!older) throw std::runtime_error("the previous " + std::string(what) + " '" + legacy + "': " + older.error());
  struct stat st {};
  const std::int64_t retired = ::stat(legacy.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtim.tv_sec) : 0;
  for (const auto& k : older->all()) {
    bool known = same_key(k, ring.current);
    for (const auto& p : ring.previous) known = known || same_key(k, p.key);
    if (!known) ring.previous.push_back({k, retired});
  }
}

void fsync_dir(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

std::vector<Key32> KeyRing::all() const {
  std::vector<Key32> out{current};
  for (const auto& p : previous) out.push_back(p.key);
  return out;
}

std::expected<KeyRing, std::string> parse_key_ring(std::string_view bytes) {
  KeyRing ring;
  if (bytes.size() == ring.current.size() && !bytes.starts_with(kRingHeader)) {
    std::memcpy(ring.current.data(), bytes.data(), ring.current.size());
    return ring;
  }
  if (!bytes.starts_with(kRingHeader))
    return std::unexpected("is neither a 32-byte key nor a key ring (\"" + std::string(kRingHeader) + "\" first)");
  if (bytes.size() > kMaxRingBytes) return std::unexpected("is too large for a key ring");
  bool have_current = false;
  int line_no = 0;
  for (std::size_t pos = 0; pos < bytes.size();) {
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    const std::string_view line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line_no == 1) {
      if (line != kRingHeader) return std::unexpected("line 1: expected \"" + std::string(kRingHeader) + "\"");
      continue;
    }
    const auto w = words(line);
    if (w.empty() || w[0].starts_with("#")) continue;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    if (w[0] == "current") {
      if (have_current) return std::unexpected(where + "a second current key");
      if (w.size() != 2 || !parse_hex_key(w[1], ring.current))
        return std::unexpected(where + "expected \"current <64 hex digits>\"");
      have_current = true;
    } else if (w[0] == "previous") {
      PreviousKey p;
      std::int64_t at = 0;
      const auto* end = w.size() == 3 ? w[2].data() + w[2].size() : nullptr;
      if (w.size() != 3 || !parse_hex_key(w[1], p.key) || std::from_chars(w[2].data(), end, at).ptr != end || at < 0)
        return std::unexpected(where + "expected \"previous <64 hex digits> <unix seconds>\"");
      p.retired_at = at;
      ring.previous.push_back(p);
    } else {
      return std::unexpected(where + "unknown entry '" + std::string(w[0]) + "'");
    }
  }
  if (!have_current) return std::unexpected("has no current key");
  return ring;
}

std::string format_key_ring(const KeyRing& ring) {
  std::string out = std::string(kRingHeader) + "\n";
  out += "# Written by `moncompte keys`. The current key writes; every key verifies. docs/operations.md\n";
  out += "current " + hex_of(ring.current) + "\n";
  for (const auto& p : ring.previous) out += "previous " + hex_of(p.key) + " " + std::to_string(p.retired_at) + "\n";
  return out;
}

KeyRing rotated(const KeyRing& ring, const Key32& fresh, std::int64_t now) {
  KeyRing out;
  out.current = fresh;
  out.previous.push_back({ring.current, now});
  for (const auto& p : ring.previous) out.previous.push_back(p);
  return out;
}

std::size_t retire_old_keys(KeyRing& ring, std::int64_t now, std::int64_t older_than_s) {
  const auto before = ring.previous.size();
  std::erase_if(ring.previous, [&](const PreviousKey& p) { return now - p.retired_at >= older_than_s; });
  return before - ring.previous.size();
}

std::string key_fingerprint(const Key32& key) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, key.data(), key.size());
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 12);
}

std::string legacy_previous_path(const std::string& path) {
  std::string base = path;
  if (base.ends_with(".key")) base.resize(base.size() - 4);
  return base + ".previous.key";
}

KeyRing read_key_ring(const std::string& path, std::string_view what) {
  auto ring = parse_key_ring(read_bytes(path, what));
  if (!ring) throw std::runtime_error("the " + std::string(what) + " '" + path + "' " + ring.error());
  add_legacy_previous(*ring, path, what);
  return *ring;
}

KeyRing load_or_create_key_ring(const std::string& path, std::string_view what) {
  (void)load_or_create_key(path, what);
  return read_key_ring(path, what);
}

void write_key_ring(const std::string& path, const KeyRing& ring) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  const std::string text = format_key_ring(ring);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write the key ring '" + path + "': " + errno_text());
  (void)::fchmod(fd, 0600);  // O_CREAT's mode only applies to a new file
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  const std::string why = errno_text();
  ::close(fd);
  if (!written || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = written ? errno_text() : why;
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write the key ring '" + path + "': " + reason);
  }
  fsync_dir(target.parent_path());
}

LiveKeyRing::LiveKeyRing(std::string path, std::string what)
    : path_(std::move(path)),
      what_(std::move(what)),
      ring_(std::make_shared<const KeyRing>(load_or_create_key_ring(path_, what_))) {}

bool LiveKeyRing::reload() {
  auto fresh = std::make_shared<const KeyRing>(read_key_ring(path_, what_));  // throws: the old ring stays
  const auto old = ring_.load();
  auto same = [](const KeyRing& a, const KeyRing& b) {
    if (!same_key(a.current, b.current) || a.previous.size() != b.previous.size()) return false;
    for (std::size_t i = 0; i < a.previous.size(); ++i)
      if (!same_key(a.previous[i].key, b.previous[i].key)) return false;
    return true;
  };
  if (same(*old, *fresh)) return false;
  ring_.store(std::move(fresh));
  return true;
}

std::string LiveKeyRing::hmac_current(std::string_view data) const { return hmac_sha256_hex(get()->current, data); }

std::vector<std::string> LiveKeyRing::hmac_all(std::string_view data) const {
  const auto ring = get();
  std::vector<std::string> out{hmac_sha256_hex(ring->current, data)};
  for (const auto& p : ring->previous) out.push_back(hmac_sha256_hex(p.key, data));
  return out;
}

Key32 load_or_create_key(const std::string& path, std::string_view what) {
  namespace fs = std::filesystem;
  Key32 key{};
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (auto dir = fs::path(path).parent_path(); !dir.empty()) fs::create_directories(dir, ec);
    // Written under a private name, then linked into place: of two processes starting at once,
    // one key wins and both use it.
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create the " + std::string(what) + " '" + path + "': " + errno_text());
    randombytes_buf(key.data(), key.size());
    const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written || (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST)) {
      const std::string why = errno_text();
      ::unlink(tmp.c_str());
      throw std::runtime_error("cannot create the " + std::string(what) + " '" + path + "': " + why);
    }
    ::unlink(tmp.c_str());
  }
  std::string why;
  for (int i = 0; i < 50; ++i) {
    const std::string bytes = read_bytes(path, what);
    auto ring = parse_key_ring(bytes);
    if (ring) return ring->current;
    why = ring.error();
    if (bytes.size() >= key.size()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // another process is writing it
  }
  throw std::runtime_error("the " + std::string(what) + " '" + path + "' " + why);
}

std::string hmac_sha256_hex(const Key32& key, std::string_view data) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key.data(), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

std::string seal_text(const Key32& key, std::string_view clear) {
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + clear.size());
  unsigned char* nonce = box.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(clear.data()),
                        clear.size(), nonce, key.data());
  std::string b64(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), box.data(), box.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::strlen(b64.c_str()));
  return "s1:" + b64;
}

std::string open_text(const std::vector<Key32>& keys, std::string_view stored) {
  if (!stored.starts_with("s1:")) return std::string(stored);
  const std::string_view b64 = stored.substr(3);
  std::vector<unsigned char> box(b64.size());
  std::size_t len = 0;
  if (sodium_base642bin(box.data(), box.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    throw std::runtime_error("a sealed outbox body is corrupt");
  const std::size_t clear_len = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  std::string clear(clear_len, '\0');
  for (const auto& key : keys)
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(clear.data()), box.data() + crypto_secretbox_NONCEBYTES,
                                   len - crypto_secretbox_NONCEBYTES, box.data(), key.data()) == 0)
      return clear;
  throw std::runtime_error("a sealed outbox body cannot be opened with any key of keys/outbox.key");
}

}  // namespace mc::crypto
