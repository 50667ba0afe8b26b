#pragma once
// Recognised devices of an account (SPEC §3 device trust). A device is registered by a
// successful sign-in (Store::settle_attempt); its lockout counter lives in the lockouts table
// under device::counter_key.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lockout/lockout.hpp"
#include "core/ports/device.hpp"

namespace mc::ports {

class DeviceStore {
 public:
  virtual ~DeviceStore() = default;
  // The device if it is registered to that account (not removed).
  [[nodiscard]] virtual std::optional<Device> find_device(std::string_view nir13, std::string_view id) = 0;
  // Newest first.
  [[nodiscard]] virtual std::vector<Device> list_devices(std::string_view nir13) = 0;
  // Registers the device, or notes that it was seen again (a FranceConnect sign-in; a password
  // sign-in does it inside Store::settle_attempt).
  virtual void remember_device(const Device& device) = 0;
  // Forgets the device and its counter. False when it was not the account's.
  virtual bool remove_device(std::string_view nir13, std::string_view id) = 0;
  // Every lockout counter of the account: the shared one (key nir13) first, then one per device.
  struct Counter {
    std::optional<Device> device;  // nullopt: unknown devices (the shared counter)
    lockout::Record record;
  };
  [[nodiscard]] virtual std::vector<Counter> lockout_counters(std::string_view nir13) = 0;
};

}  // namespace mc::ports
