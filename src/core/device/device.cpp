#include "core/device/device.hpp"

#include <algorithm>

namespace mc::device {

namespace {

bool is_hex(std::string_view s, std::size_t size) {
  return s.size() == size && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool has(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

}  // namespace

std::string mac_input(std::string_view nir13, std::string_view id) {
  return "device|" + std::string(nir13) + "|" + std::string(id);
}

Entry make_entry(std::string_view nir13, std::string id, const Mac& mac) {
  std::string m = mac(mac_input(nir13, id)).substr(0, kIdHexChars);
  return {std::move(id), std::move(m)};
}

std::vector<Entry> parse_cookie(std::string_view value) {
  std::vector<Entry> out;
  while (!value.empty() && out.size() < kMaxEntries) {
    auto tilde = value.find('~');
    std::string_view item = value.substr(0, tilde);
    value = tilde == std::string_view::npos ? std::string_view{} : value.substr(tilde + 1);
    auto dot = item.find('.');
    if (dot == std::string_view::npos) continue;
    auto id = item.substr(0, dot), mac = item.substr(dot + 1);
    if (is_hex(id, kIdHexChars) && is_hex(mac, kIdHexChars)) out.push_back({std::string(id), std::string(mac)});
  }
  return out;
}

std::string format_cookie(const std::vector<Entry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    if (!out.empty()) out += '~';
    out += e.id + "." + e.mac;
  }
  return out;
}

std::optional<std::string> device_for(const std::vector<Entry>& entries, std::string_view nir13, const Mac& mac,
                                      const std::function<bool(std::string_view, std::string_view)>& equal) {
  for (const auto& e : entries) {
    const std::string expected = mac(mac_input(nir13, e.id)).substr(0, kIdHexChars);
    if (equal(expected, e.mac)) return e.id;
  }
  return std::nullopt;
}

std::optional<std::string> device_for_any(const std::vector<Entry>& entries, std::string_view nir13, const Macs& macs,
                                          const std::function<bool(std::string_view, std::string_view)>& equal) {
  for (const auto& e : entries)
    for (const auto& full : macs(mac_input(nir13, e.id)))
      if (equal(full.substr(0, kIdHexChars), e.mac)) return e.id;
  return std::nullopt;
}

std::vector<Entry> with_entry(const std::vector<Entry>& entries, Entry entry) {
  std::vector<Entry> out{std::move(entry)};
  for (const auto& e : entries)
    if (e.id != out.front().id && out.size() < kMaxEntries) out.push_back(e);
  return out;
}

std::string counter_key(std::string_view nir13, const std::optional<std::string>& device_id) {
  if (!device_id) return std::string(nir13);
  return counter_prefix(nir13) + *device_id;
}

std::string counter_prefix(std::string_view nir13) { return std::string(nir13) + "#"; }
std::string counter_prefix_end(std::string_view nir13) { return std::string(nir13) + "$"; }  // '$' follows '#'

std::string describe_user_agent(std::string_view ua) {
  std::string browser;
  if (has(ua, "SamsungBrowser/")) browser = "Samsung Internet";
  else if (has(ua, "Edg/") || has(ua, "EdgA/") || has(ua, "EdgiOS/")) browser = "Edge";
  else if (has(ua, "OPR/")) browser = "Opera";
  else if (has(ua, "Firefox/") || has(ua, "FxiOS/")) browser = "Firefox";
  else if (has(ua, "Chrome/") || has(ua, "CriOS/") || has(ua, "Chromium/")) browser = "Chrome";
  else if (has(ua, "Safari/")) browser = "Safari";
  std::string system;
  if (has(ua, "Android")) system = "Android";
  else if (has(ua, "iPhone")) system = "iPhone";
  else if (has(ua, "iPad")) system = "iPad";
  else if (has(ua, "Windows")) system = "Windows";
  else if (has(ua, "Mac OS X") || has(ua, "Macintosh")) system = "macOS";
  else if (has(ua, "CrOS")) system = "ChromeOS";
  else if (has(ua, "Linux")) system = "Linux";
  if (browser.empty() && system.empty()) return "Application ou navigateur inconnu";
  if (browser.empty()) return "Navigateur sur " + system;
  if (system.empty()) return browser;
  return browser + " sur " + system;
}

}  // namespace mc::device
