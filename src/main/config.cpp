#include "main/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <sstream>

namespace mc::config {

Config::Config() {
  for (const auto& k : keys()) values_[k.key] = k.default_value;
}

const KeyInfo& Config::info(const std::string& key) const {
  for (const auto& k : keys())
    if (k.key == key) return k;
  throw ConfigError("unknown configuration key '" + key + "' (run 'moncompte config' to list them)");
}

static std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

void Config::set(const std::string& key, const std::string& value) {
  const auto& k = info(key);
  values_[k.key] = value;
  // Validate now, so that a typo is reported at start-up with the key's name.
  if (k.type == "number") (void)number(key);
  if (k.type == "integer") (void)integer(key);
  if (k.type == "bool") (void)boolean(key);
}

void Config::set(const std::string& assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos) throw ConfigError("--set expects key=value, got '" + assignment + "'");
  set(trim(assignment.substr(0, eq)), trim(assignment.substr(eq + 1)));
}

namespace {
void flatten(const toml::table& t, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& [k, node] : t) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (auto sub = node.as_table()) {
      flatten(*sub, key, out);
    } else if (auto arr = node.as_array()) {
      std::string joined;
      for (const auto& item : *arr) {
        if (!joined.empty()) joined += ",";
        if (auto s = item.value<std::string>()) joined += *s;
      }
      out.emplace_back(key, joined);
    } else if (auto s = node.value<std::string>()) {
      out.emplace_back(key, *s);
    } else if (node.is_boolean()) {
      // By type: value<bool>() also converts an integer (5 would become "true").
      out.emplace_back(key, *node.value<bool>() ? "true" : "false");
    } else if (node.is_integer()) {
      out.emplace_back(key, std::to_string(*node.value<long long>()));
    } else if (auto d = node.value<double>(); d && node.is_floating_point()) {
      std::ostringstream o;
      o << *d;
      out.emplace_back(key, o.str());
    } else {
      throw ConfigError("configuration key '" + key + "': unsupported value type");
    }
  }
}
}  // namespace

void Config::load_toml_file(const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream o;
    o << "cannot read configuration file '" << path << "': " << e.description();
    if (e.source().begin) o << " (line " << e.source().begin.line << ")";
    throw ConfigError(o.str());
  }
  std::vector<std::pair<std::string, std::string>> flat;
  flatten(t, "", flat);
  for (const auto& [k, v] : flat) {
    try {
      set(k, v);
    } catch (const ConfigError& e) {
      throw ConfigError(std::string(e.what()) + " in '" + path + "'");
    }
  }
}

std::string Config::str(const std::string& key) const {
  (void)info(key);
  return values_.at(key);
}

double Config::number(const std::string& key) const {
  std::string v = str(key);
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size() || d < 0)
    throw ConfigError("configuration key '" + key + "': expected a non-negative number, got '" + v + "'");
  return d;
}

long long Config::integer(const std::string& key) const {
  std::string v = str(key);
  long long i = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), i);
  if (ec != std::errc() || p != v.data() + v.size() || i < 0)
    throw ConfigError("configuration key '" + key + "': expected a non-negative whole number, got '" + v + "'");
  return i;
}

bool Config::boolean(const std::string& key) const {
  std::string v = str(key);
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  throw ConfigError("configuration key '" + key + "': expected true or false, got '" + v + "'");
}

std::vector<std::string> Config::list(const std::string& key) const {
  std::vector<std::string> out;
  std::stringstream ss(str(key));
  std::string item;
  while (std::getline(ss, item, ','))
    if (!trim(item).empty()) out.push_back(trim(item));
  return out;
}

namespace {
std::string toml_string(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string toml_value(const KeyInfo& k, const std::string& v) {
  if (k.type == "string") return toml_string(v);
  if (k.type == "bool") return v == "true" || v == "1" || v == "yes" ? "true" : "false";
  if (k.type == "list") {
    std::string o = "[";
    std::stringstream ss(v);
    std::string item;
    bool first = true;
    while (std::getline(ss, item, ',')) {
      o += (first ? "" : ", ") + toml_string(item);
      first = false;
    }
    return o + "]";
  }
  return v;
}
}  // namespace

std::string Config::documented_defaults() { return Config().to_toml(); }

std::string Config::to_toml() const {
  std::ostringstream o;
  bool changed = false;
  for (const auto& k : keys()) changed = changed || values_.at(k.key) != k.default_value;
  if (changed)
    o << "# MonCompte configuration: every key with its effective value (after --config and --set);\n"
         "# a key that differs from its default says the default in its comment.\n";
  else
    o << "# MonCompte configuration: every key with its default.\n";
  o << "# Durations accept decimals (lockout.temporary_minutes = 0.05 is 3 seconds).\n"
       "# Any key can also be given on the command line: --set section.key=value\n";
  std::string section;
  // Top-level keys must come before any [table] in TOML.
  std::vector<KeyInfo> ordered;
  for (const auto& k : keys())
    if (k.key.find('.') == std::string::npos) ordered.push_back(k);
  for (const auto& k : keys())
    if (k.key.find('.') != std::string::npos) ordered.push_back(k);
  for (const auto& k : ordered) {
    auto dot = k.key.find('.');
    std::string sec = dot == std::string::npos ? std::string() : k.key.substr(0, dot);
    if (sec != section) {
      section = sec;
      o << "\n[" << sec << "]\n";
    }
    const std::string& value = values_.at(k.key);
    o << "# " << k.doc;
    if (value != k.default_value) o << " (default: " << toml_value(k, k.default_value) << ")";
    o << "\n";
    std::string name = dot == std::string::npos ? k.key : k.key.substr(dot + 1);
    o << name << " = " << toml_value(k, value) << "\n";
  }
  return o.str();
}

}  // namespace mc::config
