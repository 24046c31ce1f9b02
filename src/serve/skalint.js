// skalint serve: small conveniences on top of a page that works without them. Dropping a file
// on the box chooses it, the chosen name is announced, the button says that the check is
// running, and the result's heading gets the focus so a screen reader starts there.
'use strict';
(function () {
  var input = document.getElementById('fil');
  var zone = document.querySelector('.drop');
  var chosen = zone && zone.querySelector('.chosen');
  function show() {
    if (chosen) chosen.textContent = input.files && input.files.length ? 'Vald fil: ' + input.files[0].name : '';
  }
  if (input && zone) {
    input.addEventListener('change', show);
    ['dragenter', 'dragover'].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
  }
  var form = document.querySelector('form.granska');
  if (form) {
    form.addEventListener('submit', function () {
      var button = form.querySelector('button[type=submit]');
      if (button) {
        button.disabled = true;
        button.textContent = 'Granskar …';
      }
    });
  }
  // Back from the result page the button must work again.
  window.addEventListener('pageshow', function () {
    var button = document.querySelector('form.granska button[type=submit]');
    if (button) { button.disabled = false; button.textContent = 'Granska'; }
  });
  var result = document.getElementById('resultat');
  if (result) result.focus();
})();
