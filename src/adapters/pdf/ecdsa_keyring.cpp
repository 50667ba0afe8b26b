#include "adapters/pdf/ecdsa_keyring.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <utility>

#include "core/attestation/base32.hpp"

namespace mc::signing {

struct EcdsaKeyring::Key {
  std::string id;
  std::int64_t created = 0;
  bool can_sign = false;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey{nullptr, &EVP_PKEY_free};
};

namespace {

namespace fs = std::filesystem;
constexpr std::size_t kCoordinate = 32;  // P-256

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using Sig = std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)>;

std::string errno_text(std::string_view what, const fs::path& p) {
  return std::string{what} + " " + p.string() + ": " + std::strerror(errno);
}

// Closes a file descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool is_p256(EVP_PKEY* k) {
  if (!EVP_PKEY_is_a(k, "EC")) return false;
  char group[64] = {};
  std::size_t len = 0;
  if (EVP_PKEY_get_group_name(k, group, sizeof group, &len) != 1) return false;
  return std::string_view{group, len} == "prime256v1";
}

// 4 Base32 characters of SHA-256(SubjectPublicKeyInfo DER): 20 bits, enough to tell the
// handful of keys of one deployment apart (collisions are re-rolled on creation).
std::optional<std::string> key_id_of(EVP_PKEY* k) {
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(k, &der);
  if (len <= 0) return std::nullopt;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  const bool ok = EVP_Digest(der, static_cast<std::size_t>(len), digest, &digest_len, EVP_sha256(), nullptr) == 1;
  OPENSSL_free(der);
  if (!ok) return std::nullopt;
  return attestation::base32_encode(std::span{digest, 5}).substr(0, 4);
}

std::string to_pem(EVP_PKEY* k, bool private_part) {
  Bio bio{BIO_new(BIO_s_mem()), &BIO_free};
  if (!bio) return {};
  const int ok = private_part
                     ? PEM_write_bio_PrivateKey(bio.get(), k, nullptr, nullptr, 0, nullptr, nullptr)
                     : PEM_write_bio_PUBKEY(bio.get(), k);
  if (ok != 1) return {};
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::expected<void, std::string> write_file_0600(const fs::path& path, std::string_view content) {
  const fs::path tmp = path.parent_path() / (".tmp-" + path.filename().string());
  Fd out{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
  if (out.fd < 0) return std::unexpected{errno_text("cannot create", tmp)};
  ::fchmod(out.fd, 0600);  // O_CREAT honours the umask only downwards; be explicit
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(out.fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::unexpected{errno_text("cannot write", tmp)};
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(out.fd) != 0) return std::unexpected{errno_text("cannot sync", tmp)};
  if (::rename(tmp.c_str(), path.c_str()) != 0) return std::unexpected{errno_text("cannot rename", tmp)};
  Fd dir{::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd >= 0) ::fsync(dir.fd);
  return {};
}

struct KeyFile {
  std::int64_t created;
  std::string id;
  bool is_private;
  fs::path path;
};

// "att-001741000000-ABCD.key.pem" -> {1741000000, "ABCD", true}
std::optional<KeyFile> parse_name(const fs::path& p) {
  const std::string name = p.filename().string();
  constexpr std::string_view kPrefix = "att-";
  std::string_view rest = name;
  if (!rest.starts_with(kPrefix)) return std::nullopt;
  rest.remove_prefix(kPrefix.size());
  bool is_private;
  if (rest.ends_with(".key.pem")) is_private = true;
  else if (rest.ends_with(".pub.pem")) is_private = false;
  else return std::nullopt;
  rest.remove_suffix(8);
  if (rest.size() != 12 + 1 + 4 || rest[12] != '-') return std::nullopt;
  std::int64_t created = 0;
  for (char c : rest.substr(0, 12)) {
    if (c < '0' || c > '9') return std::nullopt;
    created = created * 10 + (c - '0');
  }
  return KeyFile{created, std::string{rest.substr(13)}, is_private, p};
}

std::string file_name(std::int64_t created, std::string_view id, bool is_private) {
  char stamp[16];
  std::snprintf(stamp, sizeof stamp, "%012lld", static_cast<long long>(created));
  return "att-" + std::string{stamp} + "-" + std::string{id} + (is_private ? ".key.pem" : ".pub.pem");
}

std::expected<Pkey, std::string> read_key(const KeyFile& f) {
  if (f.is_private) {
    struct stat st{};
    if (::stat(f.path.c_str(), &st) != 0) return std::unexpected{errno_text("cannot stat", f.path)};
    if ((st.st_mode & 077) != 0)
      return std::unexpected{"private key " + f.path.string() + " is readable by others: chmod 600 it"};
  }
  std::FILE* in = std::fopen(f.path.c_str(), "rb");
  if (!in) return std::unexpected{errno_text("cannot open", f.path)};
  EVP_PKEY* k = f.is_private ? PEM_read_PrivateKey(in, nullptr, nullptr, nullptr)
                             : PEM_read_PUBKEY(in, nullptr, nullptr, nullptr);
  std::fclose(in);
  Pkey key{k, &EVP_PKEY_free};
  if (!key) return std::unexpected{"cannot parse key " + f.path.string()};
  if (!is_p256(key.get())) return std::unexpected{"key " + f.path.string() + " is not ECDSA P-256"};
  if (key_id_of(key.get()) != f.id)
    return std::unexpected{"key " + f.path.string() + " does not match the id in its name"};
  return key;
}

// Holds an exclusive flock on <dir>/.lock for the lifetime of the object.
class DirLock {
 public:
  static std::expected<DirLock, std::string> take(const fs::path& dir) {
    const fs::path p = dir / ".lock";
    DirLock l;
    l.fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (l.fd_ < 0) return std::unexpected{errno_text("cannot open", p)};
    while (::flock(l.fd_, LOCK_EX) != 0) {
      if (errno != EINTR) return std::unexpected{errno_text("cannot lock", p)};
    }
    return l;
  }
  DirLock(DirLock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  ~DirLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
  }

 private:
  DirLock() = default;
  int fd_ = -1;
};

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

EcdsaKeyring::EcdsaKeyring(fs::path dir) : dir_(std::move(dir)) {}
EcdsaKeyring::~EcdsaKeyring() = default;

std::expected<void, std::string> EcdsaKeyring::load_locked() const {
  std::error_code ec;
  std::map<std::string, KeyFile> by_id;  // a private file wins over the public one
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const auto f = parse_name(entry.path());
    if (!f) continue;
    auto [it, inserted] = by_id.try_emplace(f->id, *f);
    if (!inserted && f->is_private) it->second = *f;
  }
  if (ec) return std::unexpected{"cannot list " + dir_.string() + ": " + ec.message()};

  std::vector<std::shared_ptr<const Key>> keys;
  for (const auto& [id, f] : by_id) {
    auto pkey = read_key(f);
    if (!pkey) return std::unexpected{pkey.error()};
    auto k = std::make_shared<Key>();
    k->id = id;
    k->created = f.created;
    k->can_sign = f.is_private;
    k->pkey = std::move(*pkey);
    keys.push_back(std::move(k));
  }
  std::ranges::sort(keys, [](const auto& a, const auto& b) {
    return a->created != b->created ? a->created < b->created : a->id < b->id;
  });
  std::shared_ptr<const Key> signing;
  for (const auto& k : keys)
    if (k->can_sign) signing = k;

  std::lock_guard lock{mutex_};
  keys_ = std::move(keys);
  signing_ = std::move(signing);
  scanned_mtime_ = fs::last_write_time(dir_, ec);
  return {};
}

namespace {
// Generates a key whose id is not already used in `dir`, and writes it (public first, so a
// crash never leaves a private key that nothing can verify).
std::expected<std::string, std::string> create_key(const fs::path& dir, std::int64_t created,
                                                   const std::vector<std::string>& taken) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    Pkey k{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free};
    if (!k) return std::unexpected{"key generation failed"};
    const auto id = key_id_of(k.get());
    if (!id) return std::unexpected{"cannot compute key id"};
    if (std::ranges::find(taken, *id) != taken.end()) continue;
    const std::string pub = to_pem(k.get(), false), priv = to_pem(k.get(), true);
    if (pub.empty() || priv.empty()) return std::unexpected{"cannot encode key"};
    if (auto w = write_file_0600(dir / file_name(created, *id, false), pub); !w) return std::unexpected{w.error()};
    if (auto w = write_file_0600(dir / file_name(created, *id, true), priv); !w) return std::unexpected{w.error()};
    return *id;
  }
  return std::unexpected{"cannot find a free key id"};
}
}  // namespace

std::expected<std::unique_ptr<EcdsaKeyring>, std::string> EcdsaKeyring::open(
    const fs::path& dir, std::chrono::system_clock::time_point now) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return std::unexpected{"cannot create " + dir.string() + ": " + ec.message()};
    fs::permissions(dir, fs::perms::owner_all, ec);
  }
  auto lock = DirLock::take(dir);
  if (!lock) return std::unexpected{lock.error()};
  std::unique_ptr<EcdsaKeyring> ring{new EcdsaKeyring(dir)};
  if (auto r = ring->load_locked(); !r) return std::unexpected{r.error()};
  if (!ring->signing_) {
    auto id = create_key(dir, unix_seconds(now), ring->key_ids());
    if (!id) return std::unexpected{id.error()};
    if (auto r = ring->load_locked(); !r) return std::unexpected{r.error()};
  }
  return ring;
}

std::expected<std::string, std::string> EcdsaKeyring::rotate(std::chrono::system_clock::time_point now) {
  auto lock = DirLock::take(dir_);
  if (!lock) return std::unexpected{lock.error()};
  // Reload first: another process may have rotated since we loaded.
  if (auto r = load_locked(); !r) return std::unexpected{r.error()};
  std::int64_t created = unix_seconds(now);
  {
    std::lock_guard guard{mutex_};
    // Creation times order the keys: keep them strictly increasing even if the clock is not.
    if (!keys_.empty()) created = std::max(created, keys_.back()->created + 1);
  }
  auto id = create_key(dir_, created, key_ids());
  if (!id) return std::unexpected{id.error()};
  if (auto r = load_locked(); !r) return std::unexpected{r.error()};
  return id;
}

std::string EcdsaKeyring::key_id() const {
  std::lock_guard lock{mutex_};
  return signing_ ? signing_->id : std::string{};
}

std::vector<std::string> EcdsaKeyring::key_ids() const {
  std::lock_guard lock{mutex_};
  std::vector<std::string> ids;
  for (const auto& k : keys_) ids.push_back(k->id);
  return ids;
}

std::string EcdsaKeyring::public_key_pem() const {
  std::lock_guard lock{mutex_};
  return signing_ ? to_pem(signing_->pkey.get(), false) : std::string{};
}

std::vector<std::uint8_t> EcdsaKeyring::sign(std::string_view message) const {
  std::shared_ptr<const Key> key;
  {
    std::lock_guard lock{mutex_};
    key = signing_;
  }
  if (!key) return {};
  MdCtx ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  unsigned char der[80];
  std::size_t der_len = sizeof der;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key->pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), der, &der_len, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1)
    return {};
  // OpenSSL returns DER; 2D-Doc carries the raw r||s pair.
  const unsigned char* p = der;
  Sig sig{d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len)), &ECDSA_SIG_free};
  if (!sig) return {};
  const BIGNUM *r = nullptr, *s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::vector<std::uint8_t> out(2 * kCoordinate);
  if (BN_bn2binpad(r, out.data(), kCoordinate) != kCoordinate ||
      BN_bn2binpad(s, out.data() + kCoordinate, kCoordinate) != kCoordinate)
    return {};
  return out;
}

std::shared_ptr<const EcdsaKeyring::Key> EcdsaKeyring::find(std::string_view id) const {
  std::lock_guard lock{mutex_};
  for (const auto& k : keys_)
    if (k->id == id) return k;
  return nullptr;
}

bool EcdsaKeyring::verify(std::string_view key_id, std::string_view message,
                          std::span<const std::uint8_t> signature) const {
  if (signature.size() != 2 * kCoordinate) return false;
  auto key = find(key_id);
  if (!key) {
    // Maybe another process rotated: re-scan, but only when the directory changed, so
    // random ids in forged payloads cost a stat(), not a directory listing.
    std::error_code ec;
    const auto mtime = fs::last_write_time(dir_, ec);
    bool changed;
    {
      std::lock_guard lock{mutex_};
      changed = !ec && mtime != scanned_mtime_;
    }
    if (!changed) return false;
    if (!load_locked()) return false;
    key = find(key_id);
    if (!key) return false;
  }
  Sig sig{ECDSA_SIG_new(), &ECDSA_SIG_free};
  if (!sig) return false;
  BIGNUM* r = BN_bin2bn(signature.data(), kCoordinate, nullptr);
  BIGNUM* s = BN_bin2bn(signature.data() + kCoordinate, kCoordinate, nullptr);
  if (!r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return false;
  }
  unsigned char* der = nullptr;
  const int der_len = i2d_ECDSA_SIG(sig.get(), &der);
  if (der_len <= 0) return false;
  MdCtx ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key->pkey.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), der, static_cast<std::size_t>(der_len),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  OPENSSL_free(der);
  return ok;
}

}  // namespace mc::signing
