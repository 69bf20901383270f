/*
 * Sila web chat widget. Embed on the association's site with:
 *   <script src="https://HUB/webchat/widget.js" data-lang="ar" defer></script>
 * Plain JavaScript, no build step. Arabic (RTL) first; the header button switches to English.
 * Every text is inserted with textContent, never as HTML.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = script ? new URL(script.src, location.href).origin : location.origin;
  var STORE = 'sila.webchat.session';
  // The widget's words, by language, from the hub's templates (GET /api/webchat/texts), before it is shown.
  var T = null;
  var lang = (script && script.dataset.lang) || localStorage.getItem('sila.webchat.lang') || 'ar';
  var session = null;
  var seen = {};

  var css = '.sila-chat{position:fixed;bottom:16px;inset-inline-end:16px;width:340px;max-width:calc(100vw - 32px);' +
    'height:480px;display:flex;flex-direction:column;font:15px/1.5 Tahoma,Arial,sans-serif;background:#fff;' +
    'border:1px solid #cfd8dc;border-radius:12px;box-shadow:0 4px 16px rgba(0,0,0,.15);z-index:2147483000}' +
    '.sila-head{display:flex;justify-content:space-between;align-items:center;padding:10px 12px;background:#00695c;' +
    'color:#fff;border-radius:12px 12px 0 0}.sila-head button{background:none;border:1px solid #fff;color:#fff;' +
    'border-radius:6px;cursor:pointer}.sila-log{flex:1;overflow-y:auto;padding:10px;background:#f5f7f8}' +
    '.sila-msg{margin:6px 0;padding:8px 10px;border-radius:10px;max-width:80%;white-space:pre-wrap;' +
    'word-wrap:break-word}.sila-in{background:#dcf8c6;margin-inline-start:auto}.sila-out{background:#fff;' +
    'border:1px solid #e0e0e0}.sila-quick{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0}.sila-quick button' +
    '{border:1px solid #00695c;color:#00695c;background:#fff;border-radius:14px;padding:3px 10px;cursor:pointer}' +
    '.sila-form{display:flex;gap:6px;padding:8px;border-top:1px solid #e0e0e0}.sila-form textarea{flex:1;' +
    'resize:none;height:40px;font:inherit;padding:6px}.sila-form button{background:#00695c;color:#fff;border:0;' +
    'border-radius:6px;padding:0 14px;cursor:pointer}.sila-note{color:#b71c1c;font-size:13px;padding:0 10px}' +
    '.sila-file{color:#00695c;text-decoration:underline;cursor:pointer}';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  var style = el('style'); style.textContent = css; document.head.appendChild(style);
  var box = el('div', 'sila-chat'); box.setAttribute('role', 'dialog');
  var head = el('div', 'sila-head'); var title = el('strong'); var toggle = el('button');
  toggle.type = 'button'; toggle.className = 'sila-lang';
  head.appendChild(title); head.appendChild(toggle);
  var log = el('div', 'sila-log'); log.setAttribute('aria-live', 'polite');
  var note = el('div', 'sila-note');
  var form = el('form', 'sila-form'); var input = el('textarea'); input.maxLength = 4000;
  var send = el('button'); send.type = 'submit';
  form.appendChild(input); form.appendChild(send);
  box.appendChild(head); box.appendChild(log); box.appendChild(note); box.appendChild(form);

  function applyLanguage() {
    var t = T[lang];
    var other = lang === 'ar' ? 'en' : 'ar';
    box.setAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr'); box.setAttribute('lang', lang);
    title.textContent = t.title; toggle.textContent = T[other].language;
    input.placeholder = t.placeholder; send.textContent = t.send;
  }

  function show(m) {
    if (seen[m.id]) return;
    seen[m.id] = true;
    var bubble = el('div', 'sila-msg ' + (m.direction === 'IN' ? 'sila-in' : 'sila-out'), m.text);
    bubble.dataset.id = m.id;
    if (m.intent) bubble.dataset.intent = m.intent;
    log.appendChild(bubble);
    (m.files || []).forEach(function (f) {
      // The link opens with the session's token only, so the widget fetches it and hands the browser the bytes.
      var a = el('a', 'sila-file', '📎 ' + f.name); a.href = '#'; a.dataset.url = f.url;
      a.onclick = function (e) {
        e.preventDefault();
        api(f.url.replace('/api/webchat/sessions', '')).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.blob();
        }).then(function (blob) {
          var link = el('a'); link.href = URL.createObjectURL(blob); link.download = f.name;
          document.body.appendChild(link); link.click(); link.remove();
          setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
        }).catch(function () { note.textContent = T[lang].error; });
      };
      bubble.appendChild(el('br')); bubble.appendChild(a);
    });
    if (m.direction === 'OUT' && m.quickReplies && m.quickReplies.length) {
      var row = el('div', 'sila-quick');
      m.quickReplies.forEach(function (q) {
        var b = el('button', null, q.title); b.type = 'button';
        b.onclick = function () { post(q.title, q.payload); row.remove(); };
        row.appendChild(b);
      });
      log.appendChild(row);
    }
    log.scrollTop = log.scrollHeight;
  }

  function api(path, options) {
    options = options || {};
    options.headers = Object.assign({ 'Content-Type': 'application/json' }, options.headers || {});
    if (session) options.headers.Authorization = 'Bearer ' + session.token;
    return fetch(base + '/api/webchat/sessions' + path, options);
  }

  function start() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORE)); } catch (e) { saved = null; }
    var ready = saved && saved.sessionId ? Promise.resolve(saved) : api('', { method: 'POST', body: '{}' })
      .then(function (r) { return r.json(); })
      .then(function (s) { localStorage.setItem(STORE, JSON.stringify(s)); return s; });
    return ready.then(function (s) {
      session = s;
      return api('/' + s.sessionId + '/messages');
    }).then(function (r) {
      if (r.status === 401) { localStorage.removeItem(STORE); session = null; return start(); }
      return r.json().then(function (list) { list.forEach(show); stream(); });
    });
  }

  /* Server-sent events read with fetch, so the token travels in a header rather than the URL. */
  function stream() {
    api('/' + session.sessionId + '/stream', { headers: { Accept: 'text/event-stream' } }).then(function (r) {
      var reader = r.body.getReader(); var decoder = new TextDecoder(); var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) throw new Error('closed');
          buffer += decoder.decode(chunk.value, { stream: true });
          var events = buffer.split(/\r?\n\r?\n/); buffer = events.pop();
          events.forEach(function (e) {
            var data = e.split(/\r?\n/).filter(function (l) { return l.indexOf('data:') === 0; })
              .map(function (l) { return l.slice(5); }).join('\n');
            if (data) show(JSON.parse(data));
          });
          return pump();
        });
      }
      return pump();
    }).catch(function () { setTimeout(reconnect, 3000); });
  }

  function reconnect() {
    api('/' + session.sessionId + '/messages').then(function (r) { return r.json(); })
      .then(function (list) { list.forEach(show); stream(); })
      .catch(function () { setTimeout(reconnect, 5000); });
  }

  function post(text, payload) {
    note.textContent = '';
    var body = { text: text, language: lang, clientMessageId: String(Date.now()) + Math.random().toString(16).slice(2) };
    if (payload) body.quickReplyPayload = payload;
    return api('/' + session.sessionId + '/messages', { method: 'POST', body: JSON.stringify(body) })
      .then(function (r) {
        if (r.status === 429) { note.textContent = T[lang].slow; return; }
        if (!r.ok) { note.textContent = T[lang].error; return; }
        input.value = '';
      }).catch(function () { note.textContent = T[lang].error; });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (text && session) post(text);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  toggle.onclick = function () {
    lang = lang === 'ar' ? 'en' : 'ar';
    localStorage.setItem('sila.webchat.lang', lang);
    applyLanguage();
  };

  (document.body ? Promise.resolve() : new Promise(function (r) { addEventListener('DOMContentLoaded', r); }))
    .then(function () { return fetch(base + '/api/webchat/texts').then(function (r) { return r.json(); }); })
    .then(function (texts) {
      T = texts;
      if (!T[lang]) lang = 'ar';
      applyLanguage();
      document.body.appendChild(box);
      return start();
    });
})();
