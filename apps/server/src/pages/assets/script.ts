/**
 * The app's one script, served at `/app/assets/app.js` (the CSP allows scripts from 'self' only).
 * Progressive enhancement: every page works without it.
 * - `button[data-copy]`: copies the text of the element with that id (shown only when JS runs).
 * - `[data-poll]`: re-reads that URL (an HTML fragment from our server) every 10 s and replaces the
 *   element's content, until the fragment says `data-final="true"` (the link is done).
 * - `form[data-once]`: disables its submit buttons after the first submit (the server is idempotent anyway).
 */
export const SCRIPT = `(function () {
  'use strict';
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) return;
      var text = source.textContent.trim();
      var done = function () {
        var label = button.textContent;
        button.textContent = 'Copied';
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {});
      } else {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
    });
  });
  document.querySelectorAll('[data-poll]').forEach(function (region) {
    var url = region.getAttribute('data-poll');
    var tick = function () {
      fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } })
        .then(function (res) { return res.ok ? res.text() : null; })
        .then(function (text) {
          if (text === null) return;
          var doc = new DOMParser().parseFromString(text, 'text/html');
          var fresh = doc.body.firstElementChild;
          if (!fresh) return;
          region.replaceChildren.apply(region, Array.prototype.slice.call(fresh.childNodes));
          if (fresh.getAttribute('data-final') === 'true') return;
          setTimeout(tick, 10000);
        }, function () { setTimeout(tick, 30000); });
    };
    if (region.getAttribute('data-final') !== 'true') setTimeout(tick, 10000);
  });
  document.querySelectorAll('form[data-once]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      var via = event.submitter;
      if (via && via.hasAttribute('formnovalidate')) return;
      setTimeout(function () {
        form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
})();
`
