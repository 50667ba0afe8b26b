#pragma once
// Test helper shared by the adapters' tests: a fresh folder under the system's temporary folder,
// removed with everything in it when the object goes. Header-only.
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace mc::test_support {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ =
        std::filesystem::temp_directory_path() / ("mc-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace mc::test_support
