#pragma once
// The FranceConnect "identité pivot": what the provider asserts about a person, as received
// (not normalised). Field names follow the OpenID claims; see docs/franceconnect.md.
#include <string>

namespace mc::identity {

struct PivotIdentity {
  std::string sub;                 // opaque, per-service pseudonym ("<64 hex>v1" at FC)
  std::string given_name;          // all given names, space-separated ("Jean-Pierre Marie")
  std::string family_name;         // birth name
  std::string birthdate;           // YYYY-MM-DD; presumed parts come as -01
  std::string gender;              // "male" | "female"
  std::string birthplace;          // INSEE COG commune code (may hold 2A/2B); empty if born abroad
  std::string birthcountry;        // COG country code, "99100" for France
  std::string email;               // verified by the identity provider, informational here
  std::string preferred_username;  // usage name, optional
};

}  // namespace mc::identity
