// NIR key rule of SPEC §2, for building test data: key = 97 − (13 characters as a number mod 97),
// with 2A → 19 and 2B → 18 at positions 6–7, and a remainder of 0 giving key 97.
export function nirKey(nir13) {
  if (!/^[1-8]\d{4}(\d{2}|2[AB])\d{6}$/.test(nir13)) throw new Error(`not a 13-character NIR: ${nir13}`);
  const digits = nir13.slice(0, 5) + nir13.slice(5, 7).replace('2A', '19').replace('2B', '18') + nir13.slice(7);
  const r = Number(BigInt(digits) % 97n);
  return r === 0 ? 97 : 97 - r;
}

export function withKey(nir13) {
  return nir13 + String(nirKey(nir13)).padStart(2, '0');
}

// A 15-character NIR whose key is deliberately wrong.
export function withWrongKey(nir13) {
  const k = nirKey(nir13);
  return nir13 + String(k === 1 ? 2 : k - 1).padStart(2, '0');
}
