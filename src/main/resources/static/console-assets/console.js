/* Live updates: the server names a conversation that changed; the page refetches the part that shows it. */
(function () {
  'use strict';
  if (!window.EventSource) { return; }
  var timer = null;
  function refresh() {
    ['inbox-rows', 'history'].forEach(function (id) {
      var el = document.getElementById(id);
      if (!el || !el.dataset.refresh) { return; }
      fetch(el.dataset.refresh, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.text();
      }).then(function (html) {
        var box = document.createElement(el.tagName === 'TBODY' ? 'table' : 'div');
        box.innerHTML = html.trim();
        var fresh = box.querySelector('#' + id);
        if (fresh) {
          el.replaceWith(fresh);
          if (id === 'history') { fresh.scrollTop = fresh.scrollHeight; }
        }
      }).catch(function () { /* next change tries again */ });
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    if (!document.getElementById('inbox-rows') && !document.getElementById('history')) { return; }
    var h = document.getElementById('history');
    if (h) { h.scrollTop = h.scrollHeight; }
    var live = document.getElementById('live');
    var source = new EventSource(document.querySelector('base') ? 'console/stream' : '/console/stream');
    source.addEventListener('ready', function () {
      if (live) { live.classList.add('text-bg-success'); }
      refresh(); // catch up on what changed between the page's rendering and the stream's (re)opening
    });
    source.addEventListener('change', function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    });
    source.onerror = function () { if (live) { live.classList.remove('text-bg-success'); } };
  });
})();
