#include "adapters/crypto/key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace mc::crypto {

namespace {

std::string errno_text() { return std::strerror(errno); }

// Reads exactly a key's worth of bytes; false when the file is shorter (still being written).
bool read_key(const std::string& path, std::string_view what, Key32& key, bool& too_long) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot read the " + std::string(what) + " '" + path + "': " + errno_text());
  std::array<std::uint8_t, 33> buf{};
  ssize_t n = ::read(fd, buf.data(), buf.size());
  ::close(fd);
  if (n < 0) throw std::runtime_error("cannot read the " + std::string(what) + " '" + path + "': " + errno_text());
  too_long = n > 32;
  if (n != 32) return false;
  std::memcpy(key.data(), buf.data(), key.size());
  sodium_memzero(buf.data(), buf.size());
  return true;
}

}  // namespace

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
  bool too_long = false;
  for (int i = 0; i < 50; ++i) {
    if (read_key(path, what, key, too_long)) return key;
    if (too_long) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // another process is writing it
  }
  throw std::runtime_error("the " + std::string(what) + " '" + path + "' is not a 32-byte key");
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
  throw std::runtime_error("a sealed outbox body cannot be opened with keys/outbox.key (nor outbox.previous.key)");
}

}  // namespace mc::crypto
