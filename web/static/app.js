// Progressive enhancement only: every page works without this file.
// A hint under the NIR field while the member types (length, characters, Corsica), and a
// warning under a password field while Caps Lock is on.
(function () {
  'use strict';
  function clean(v) { return v.replace(/[\s.\-]/g, '').toUpperCase(); }
  // The key check the server makes (2A → 19, 2B → 18 in positions 6–7; remainder 0 → key 97);
  // null when the 13 characters are not well formed (the server says what is wrong).
  function keyMatches(v) {
    var body = v.slice(0, 13);
    if (!/^[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{6}$/.test(body) || !/^[0-9]{2}$/.test(v.slice(13))) return null;
    body = body.slice(0, 5) + body.slice(5, 7).replace('2A', '19').replace('2B', '18') + body.slice(7);
    var r = 0;
    for (var i = 0; i < body.length; i++) r = (r * 10 + body.charCodeAt(i) - 48) % 97;
    return 97 - r === parseInt(v.slice(13), 10);
  }
  function hint(value) {
    var v = clean(value);
    if (v.length === 0) return '';
    if (/[^0-9AB]/.test(v)) return 'Seuls les chiffres (et 2A ou 2B pour la Corse) sont acceptés.';
    if (/^[^12345678]/.test(v)) return 'Le premier chiffre est 1 (homme) ou 2 (femme).';
    if (v.length < 13) return (13 - v.length) + ' caractère(s) encore (13 au total).';
    if (v.length === 13) return '13 caractères : c\u2019est complet.';
    if (v.length === 14) return 'Saisissez 13 caractères, ou 15 avec la clé.';
    if (v.length === 15) {
      var ok = keyMatches(v);
      if (ok === false) return 'La clé (les 2 derniers chiffres) ne correspond pas au numéro : vérifiez la saisie.';
      return '15 caractères avec la clé.';
    }
    return 'Trop de caractères : 13 (ou 15 avec la clé).';
  }
  document.addEventListener('DOMContentLoaded', function () {
    // "Imprimer" buttons are hidden in the HTML: without JavaScript, the browser's own menu does it.
    Array.prototype.forEach.call(document.querySelectorAll('button[data-print]'), function (b) {
      b.hidden = false;
      b.addEventListener('click', function () { window.print(); });
    });
    // Caps Lock: the seed's first advice ("vérifiez que le clavier n'est pas en majuscules"),
    // on the password fields themselves. The warning exists only with JavaScript; it is an
    // aria-live region so that a screen reader announces it when it appears.
    Array.prototype.forEach.call(document.querySelectorAll('input[type="password"]'), function (input, i) {
      var warning = document.createElement('p');
      warning.className = 'caps-warning';
      warning.id = 'majuscules-' + (input.id || i);
      warning.setAttribute('aria-live', 'polite');
      warning.hidden = true;
      input.parentNode.insertBefore(warning, input.nextSibling);
      function update(e) {
        if (!e.getModifierState) return;
        var on = e.getModifierState('CapsLock');
        if (on === !warning.hidden) return;
        warning.hidden = !on;
        warning.textContent = on ? 'Attention : les majuscules sont verrouillées (touche Verr. Maj).' : '';
      }
      input.addEventListener('keydown', update);
      input.addEventListener('keyup', update);
      input.addEventListener('mousedown', update);
      input.addEventListener('blur', function () {
        warning.hidden = true;
        warning.textContent = '';
      });
    });
    var inputs = document.querySelectorAll('input[data-nir-hint]');
    Array.prototype.forEach.call(inputs, function (input) {
      var out = document.getElementById(input.getAttribute('data-nir-hint'));
      if (!out) return;
      input.addEventListener('input', function () { out.textContent = hint(input.value); });
    });
  });
})();
