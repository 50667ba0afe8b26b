// Progressive enhancement only: every page works without this file.
// A hint under the NIR field while the member types (length, characters, Corsica).
(function () {
  'use strict';
  function clean(v) { return v.replace(/[\s.\-]/g, '').toUpperCase(); }
  function hint(value) {
    var v = clean(value);
    if (v.length === 0) return '';
    if (/[^0-9AB]/.test(v)) return 'Seuls les chiffres (et 2A ou 2B pour la Corse) sont acceptés.';
    if (/^[^12345678]/.test(v)) return 'Le premier chiffre est 1 (homme) ou 2 (femme).';
    if (v.length < 13) return (13 - v.length) + ' caractère(s) encore (13 au total).';
    if (v.length === 13) return '13 caractères : c\u2019est complet.';
    if (v.length === 14) return 'Saisissez 13 caractères, ou 15 avec la clé.';
    if (v.length === 15) return '15 caractères avec la clé.';
    return 'Trop de caractères : 13 (ou 15 avec la clé).';
  }
  document.addEventListener('DOMContentLoaded', function () {
    var inputs = document.querySelectorAll('input[data-nir-hint]');
    Array.prototype.forEach.call(inputs, function (input) {
      var out = document.getElementById(input.getAttribute('data-nir-hint'));
      if (!out) return;
      input.addEventListener('input', function () { out.textContent = hint(input.value); });
    });
  });
})();
