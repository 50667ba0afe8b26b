#pragma once
// Device trust (SPEC §3 "Strangers must not lock a member out"), the pure part: what a device
// cookie holds, how it is bound to one account, which lockout counter an attempt uses, and a
// browser's family as the member sees it in "Mes appareils".
//
// The cookie holds up to kMaxEntries "id.mac" pairs separated by '~' (a family computer may
// serve several members): `id` is 128 random bits in hex, `mac` the first 128 bits of
// HMAC-SHA-256(server key, "device|" + nir13 + "|" + id) in hex. A pair whose mac does not match
// the NIR being signed in is simply not a device of that account; whether the id is still
// registered (not removed, not revoked) is the store's answer.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mc::device {

inline constexpr std::size_t kIdHexChars = 32;
inline constexpr std::size_t kMaxEntries = 5;

struct Entry {
  std::string id;
  std::string mac;
};

// Keyed MAC of a string, in hex (the adapter's HMAC-SHA-256 under the device key).
using Mac = std::function<std::string(std::string_view)>;

[[nodiscard]] std::string mac_input(std::string_view nir13, std::string_view id);
[[nodiscard]] Entry make_entry(std::string_view nir13, std::string id, const Mac& mac);

// Well-formed entries only, at most kMaxEntries; anything else is ignored, never an error.
[[nodiscard]] std::vector<Entry> parse_cookie(std::string_view value);
[[nodiscard]] std::string format_cookie(const std::vector<Entry>& entries);

// The id of the entry bound to `nir13`, if one is (constant-time comparison of the mac).
[[nodiscard]] std::optional<std::string> device_for(const std::vector<Entry>& entries, std::string_view nir13,
                                                    const Mac& mac,
                                                    const std::function<bool(std::string_view, std::string_view)>& equal);

// Keyed MACs of a string under every key of the device key ring, current key first (rotation:
// a cookie made under a previous key still names its device).
using Macs = std::function<std::vector<std::string>(std::string_view)>;
// As device_for, an entry matching under any of the keys.
[[nodiscard]] std::optional<std::string> device_for_any(
    const std::vector<Entry>& entries, std::string_view nir13, const Macs& macs,
    const std::function<bool(std::string_view, std::string_view)>& equal);

// `entry` first, without another entry of the same id, at most kMaxEntries.
[[nodiscard]] std::vector<Entry> with_entry(const std::vector<Entry>& entries, Entry entry);

// The lockout counter an attempt is counted on: the account's own row (unknown devices, and
// the seed's rule when device trust is off) or the device's row.
[[nodiscard]] std::string counter_key(std::string_view nir13, const std::optional<std::string>& device_id);
// Every device counter of an account sorts within [prefix, prefix_end) (range scans, purges).
[[nodiscard]] std::string counter_prefix(std::string_view nir13);
[[nodiscard]] std::string counter_prefix_end(std::string_view nir13);

// "Firefox sur Android", "Safari sur iPhone", "Application ou navigateur inconnu".
[[nodiscard]] std::string describe_user_agent(std::string_view user_agent);

}  // namespace mc::device
