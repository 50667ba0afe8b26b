#pragma once
// Configuration: one table of keys with their defaults and documentation (config_keys.cpp),
// filled from an optional TOML file, then from --set key=value. Unknown keys and malformed
// values are start-up errors that name the key.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace mc::config {

struct KeyInfo {
  std::string key;      // "lockout.temporary_minutes"
  std::string default_value;
  std::string type;     // "string", "number", "integer", "bool", "list"
  std::string doc;
};

const std::vector<KeyInfo>& keys();

class Config {
 public:
  Config();  // defaults
  void load_toml_file(const std::string& path);
  // "key=value"
  void set(const std::string& assignment);
  void set(const std::string& key, const std::string& value);

  [[nodiscard]] std::string str(const std::string& key) const;
  [[nodiscard]] double number(const std::string& key) const;
  [[nodiscard]] long long integer(const std::string& key) const;
  [[nodiscard]] bool boolean(const std::string& key) const;
  [[nodiscard]] std::vector<std::string> list(const std::string& key) const;  // comma-separated

  // The documented TOML file with every key and its default.
  static std::string documented_defaults();
  // The same file with the values in effect (after load_toml_file and set); a key whose value
  // differs from its default names the default in its comment.
  [[nodiscard]] std::string to_toml() const;

 private:
  const KeyInfo& info(const std::string& key) const;
  std::map<std::string, std::string> values_;
};

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace mc::config
