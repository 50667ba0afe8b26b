#pragma once
// One line of an advisor's member search (BackOfficeStore::search_members), as a value: the
// back office's use cases hand it out without depending on the BackOfficeStore port.
#include <string>

namespace mc::ports {

struct MemberSummary {
  std::string nir13, family_name, given_names, birth_date, postal_code, city;
  bool has_account = false;
};

}  // namespace mc::ports
