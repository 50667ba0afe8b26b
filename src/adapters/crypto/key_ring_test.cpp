// Key rings (issue 19): the file format, rotation and retirement, the atomic write, the legacy
// NAME.previous.key, and the live ring that SIGHUP swaps while request threads read it.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "adapters/crypto/key_file.hpp"
#include "adapters/crypto/sodium.hpp"

namespace mc::crypto {
namespace {

namespace fs = std::filesystem;

Key32 key_of(std::uint8_t seed) {
  Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(seed + i * 3);
  return k;
}

class KeyRingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init_sodium();
    dir_ = fs::temp_directory_path() / ("mc-keyring-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  static void write_raw(const std::string& p, std::string_view bytes) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
  }
  fs::path dir_;
};

TEST_F(KeyRingTest, ThirtyTwoRawBytesAreARingOfOneKey) {
  const auto k = key_of(5);
  auto ring = parse_key_ring(std::string_view(reinterpret_cast<const char*>(k.data()), k.size()));
  ASSERT_TRUE(ring) << ring.error();
  EXPECT_EQ(ring->current, k);
  EXPECT_TRUE(ring->previous.empty());
  EXPECT_EQ(ring->all().size(), 1u);
}

TEST_F(KeyRingTest, FormatAndParseRoundTripWithPreviousKeysNewestFirst) {
  KeyRing ring{key_of(1), {{key_of(2), 2000}, {key_of(3), 1000}}};
  const auto text = format_key_ring(ring);
  EXPECT_TRUE(text.starts_with("moncompte-keyring 1\n"));
  auto back = parse_key_ring(text);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->current, key_of(1));
  ASSERT_EQ(back->previous.size(), 2u);
  EXPECT_EQ(back->previous[0].key, key_of(2));
  EXPECT_EQ(back->previous[0].retired_at, 2000);
  EXPECT_EQ(back->previous[1].key, key_of(3));
  const auto all = back->all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], key_of(1));  // verification tries the current key first
}

TEST_F(KeyRingTest, AMalformedRingIsRefusedWithTheReason) {
  const std::string hex(64, 'a');
  // "moncompte-keyring 1\n" followed by `lines`, each ended by a newline.
  auto text_of = [](std::initializer_list<std::string_view> lines, std::string_view header = "moncompte-keyring 1") {
    std::string out(header);
    out += '\n';
    for (auto l : lines) out.append(l).append("\n");
    return out;
  };
  const std::string cur = std::string("current ").append(hex), prev = std::string("previous ").append(hex);
  for (const auto& [text, why] : std::vector<std::pair<std::string, std::string>>{
           {text_of({}), "no current key"},
           {text_of({std::string("current ").append(hex.substr(2))}), "line 2"},
           {text_of({std::string("current ").append(64, 'z')}), "line 2"},
           {text_of({cur, cur}), "a second current key"},
           {text_of({cur, prev}), "line 3"},
           {text_of({cur, std::string(prev).append(" -5")}), "line 3"},
           {text_of({cur, std::string(prev).append(" 12x")}), "line 3"},
           {text_of({cur, std::string("next ").append(hex)}), "unknown entry 'next'"},
           {text_of({cur}, "moncompte-keyring 2"), "neither"},
           {text_of({cur}, "moncompte-keyring 1 "), "line 1"},
           {"short", "neither a 32-byte key nor a key ring"},
           {std::string(33, 'x'), "neither a 32-byte key nor a key ring"},
           {"", "neither"}}) {
    auto ring = parse_key_ring(text);
    ASSERT_FALSE(ring) << text;
    EXPECT_NE(ring.error().find(why), std::string::npos) << ring.error();
  }
  // Comments and blank lines are fine.
  auto ok = parse_key_ring(text_of({"# note", "", cur}));
  ASSERT_TRUE(ok) << ok.error();
}

TEST_F(KeyRingTest, RotationKeepsTheOldKeysAndRetirementDropsTheOldEnoughOnes) {
  KeyRing ring{key_of(1), {}};
  ring = rotated(ring, key_of(2), 1'000);
  ring = rotated(ring, key_of(3), 5'000);
  EXPECT_EQ(ring.current, key_of(3));
  ASSERT_EQ(ring.previous.size(), 2u);
  EXPECT_EQ(ring.previous[0].key, key_of(2));
  EXPECT_EQ(ring.previous[0].retired_at, 5'000);
  EXPECT_EQ(ring.previous[1].key, key_of(1));
  EXPECT_EQ(ring.previous[1].retired_at, 1'000);
  // 4,000 s later: the key retired at 1,000 is 8,000 s old, the other 4,000 s.
  EXPECT_EQ(retire_old_keys(ring, 9'000, 4'001), 1u);
  ASSERT_EQ(ring.previous.size(), 1u);
  EXPECT_EQ(ring.previous[0].key, key_of(2));
  EXPECT_EQ(retire_old_keys(ring, 9'000, 4'001), 0u);
  EXPECT_EQ(retire_old_keys(ring, 9'000, 0), 1u);  // --older-than-days 0: every previous key
  EXPECT_EQ(ring.current, key_of(3));              // never the current one
}

TEST_F(KeyRingTest, WriteIsAtomicPrivateAndReadBack) {
  const auto p = path("secrets.key");
  write_raw(p, "x");  // an old file, wider mode
  ::chmod(p.c_str(), 0644);
  KeyRing ring{key_of(7), {{key_of(8), 42}}};
  write_key_ring(p, ring);
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto back = read_key_ring(p, "secrets key");
  EXPECT_EQ(back.current, key_of(7));
  ASSERT_EQ(back.previous.size(), 1u);
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  // load_or_create_key (the callers before rings) reads the current key of a ring.
  EXPECT_EQ(load_or_create_key(p, "secrets key"), key_of(7));
}

TEST_F(KeyRingTest, ALegacyPreviousKeyFileJoinsTheRing) {
  const auto p = path("outbox.key");
  const auto cur = key_of(1), old = key_of(2);
  write_raw(p, std::string_view(reinterpret_cast<const char*>(cur.data()), cur.size()));
  write_raw(legacy_previous_path(p), std::string_view(reinterpret_cast<const char*>(old.data()), old.size()));
  EXPECT_EQ(legacy_previous_path(p), path("outbox.previous.key"));
  auto ring = read_key_ring(p, "outbox sealing key");
  EXPECT_EQ(ring.current, cur);
  ASSERT_EQ(ring.previous.size(), 1u);
  EXPECT_EQ(ring.previous[0].key, old);
  // Already in the ring (after a rotation folded it in): not twice.
  write_key_ring(p, ring);
  EXPECT_EQ(read_key_ring(p, "outbox sealing key").previous.size(), 1u);
  // Sealed under the old key, opened by the ring.
  const auto sealed = seal_text(old, "bonjour");
  EXPECT_EQ(open_text(ring.all(), sealed), "bonjour");
  EXPECT_THROW((void)open_text({cur}, sealed), std::runtime_error);
}

TEST_F(KeyRingTest, MissingOrBrokenFilesAreClearErrors) {
  EXPECT_THROW((void)read_key_ring(path("nope.key"), "secrets key"), std::runtime_error);
  write_raw(path("bad.key"), "moncompte-keyring 1\ncurrent 12\n");
  try {
    (void)read_key_ring(path("bad.key"), "secrets key");
    FAIL() << "a broken ring was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("secrets key"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad.key"), std::string::npos) << e.what();
  }
}

TEST_F(KeyRingTest, LiveRingCreatesReloadsAndKeepsItsKeysWhenTheFileIsBad) {
  const auto p = path("device-cookie.key");
  LiveKeyRing live(p, "device cookie key");  // first start: created, 32 raw bytes
  EXPECT_EQ(fs::file_size(p), 32u);
  const auto first = live.get()->current;
  EXPECT_FALSE(live.reload());  // unchanged
  const auto mac_before = live.hmac_current("device|x");

  write_key_ring(p, rotated(*live.get(), key_of(9), 100));
  EXPECT_TRUE(live.reload());
  EXPECT_EQ(live.get()->current, key_of(9));
  const auto all = live.hmac_all("device|x");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], hmac_sha256_hex(key_of(9), "device|x"));
  EXPECT_EQ(all[1], mac_before);  // what the old key made still verifies
  EXPECT_NE(live.hmac_current("device|x"), mac_before);

  // A broken file, then a missing one: the reload throws, the ring in use stays.
  write_raw(p, "moncompte-keyring 1\ncurrent zz\n");
  EXPECT_THROW(live.reload(), std::runtime_error);
  EXPECT_EQ(live.get()->current, key_of(9));
  fs::remove(p);
  EXPECT_THROW(live.reload(), std::runtime_error);
  EXPECT_FALSE(fs::exists(p));  // a reload never creates a key
  EXPECT_EQ(live.get()->current, key_of(9));
  EXPECT_EQ(live.get()->previous.at(0).key, first);
}

TEST_F(KeyRingTest, ReadersSeeWholeRingsWhileReloadsSwapThem) {
  const auto p = path("secrets.key");
  write_key_ring(p, KeyRing{key_of(1), {}});
  LiveKeyRing live(p, "secrets key");
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::vector<std::jthread> readers;
  readers.reserve(3);
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&] {
      while (!stop) {
        const auto ring = live.get();
        // Every ring written below has current = previous[0] + 1 (or no previous).
        if (!ring->previous.empty() && ring->current[0] != static_cast<std::uint8_t>(ring->previous[0].key[0] + 1))
          ++torn;
      }
    });
  KeyRing ring{key_of(1), {}};
  for (std::uint8_t i = 2; i < 60; ++i) {
    ring = rotated(ring, key_of(i), i);
    write_key_ring(p, ring);
    EXPECT_TRUE(live.reload());
  }
  stop = true;
  readers.clear();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(live.get()->previous.size(), 58u);
}

TEST_F(KeyRingTest, FingerprintsAreShortAndDiffer) {
  EXPECT_EQ(key_fingerprint(key_of(1)).size(), 12u);
  EXPECT_NE(key_fingerprint(key_of(1)), key_fingerprint(key_of(2)));
}

}  // namespace
}  // namespace mc::crypto
