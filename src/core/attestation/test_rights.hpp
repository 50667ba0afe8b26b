#pragma once
// The member the attestation tests (payload and PDF) print: one sample of Rights, tests only.
#include "core/attestation/attestation.hpp"

namespace mc::attestation::testing {

inline Rights jean_pierre() {
  Rights r;
  r.nir15 = "197039913909247";
  r.family_name = "LE GOFF";
  r.given_names = "Jean-Pierre";
  r.birth_date = "1997-03-18";
  r.organisme_code = "CPAM-93";
  r.organisme_name = "CPAM de la Seine-Saint-Denis";
  r.organisme_address = "195 avenue Paul Vaillant-Couturier, 93014 Bobigny Cedex";
  r.organisme_phone = "36 46";
  r.rights_from = "2024-01-01";
  r.rights_to = "2027-12-31";
  r.css = true;
  r.ald = false;
  r.issue_date = "2025-03-03";
  return r;
}

}  // namespace mc::attestation::testing
