// CSV decoding and import validation: any file gives a table or a line-numbered error.
#include <cstdint>
#include <string_view>

#include "adapters/csv/csv_reader.hpp"
#include "app/import_register.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto t = mc::csv::parse(in);
  if (!t) return 0;
  static const mc::Table organismes = [] {
    mc::Table o;
    o.header = {"code", "regime", "name", "online_space", "phone"};
    o.rows.push_back({2, {"CPAM-75", "general", "CPAM de Paris", "compte ameli", "36 46"}});
    return o;
  }();
  mc::app::ImportFiles files{*t, organismes, *t};
  (void)mc::app::validate(files, mc::from_millis(1'800'000'000'000), {});
  return 0;
}
