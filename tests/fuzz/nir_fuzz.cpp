// NIR parsing: any bytes give a NIR or a precise error, and a parsed NIR round-trips.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/nir/nir.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = mc::nir::parse(in);
  if (r) {
    auto again = mc::nir::parse(r->with_key());
    if (!again || again->digits13 != r->digits13) std::abort();
    if (r->formatted().size() != 21) std::abort();
  } else {
    if (mc::nir::message_fr(r.error(), in).empty()) std::abort();
  }
  return 0;
}
