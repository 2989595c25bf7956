/* Frontline chat widget: one tag embeds it,
     <script src="https://frontline.example/widget.js" data-site="SITE_ID" defer></script>
   No framework, no build step. Message text is only ever set with textContent (links are
   built as elements, http/https only): nothing a customer, an agent or the bot writes is
   interpreted as HTML. The browser holds a session token for one conversation, never a key. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.FrontlineWidget) return;
  var base = new URL(script.src, location.href).origin;
  var site = script.getAttribute('data-site') || 'default';
  var product = script.getAttribute('data-product') || '';
  var storageKey = 'frontline-widget:' + base + ':' + site;
  var api = base + '/v1/widget';

  var session = null;           // {conversation_id, customer_id, token, expires_at}
  var lastSequence = 0;         // the last message shown (the stream resumes after it)
  var shown = {};               // sequence -> true
  var pending = {};             // message_id -> element of a customer message not yet stored
  var state = null;             // {status, agent_name}
  var streamAbort = null;
  var streamRetry = null;
  var waitingForReply = false;
  var opened = false;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // ---- the page ----
  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = base + '/widget.css';
  document.head.appendChild(css);

  var root = el('div', 'fl-widget');
  var launcher = el('button', 'fl-launcher', 'Open chat');
  launcher.type = 'button';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'fl-panel');
  var panel = el('section', 'fl-panel');
  panel.id = 'fl-panel';
  panel.hidden = true;
  panel.setAttribute('aria-labelledby', 'fl-title');
  var header = el('div', 'fl-header');
  var titles = el('div', 'fl-titles');
  var title = el('h2', null, 'Chat with us');
  title.id = 'fl-title';
  var status = el('p', 'fl-status', 'Our assistant answers right away');
  titles.append(title, status);
  var close = el('button', 'fl-close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close chat');
  header.append(titles, close);
  var log = el('div', 'fl-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', 'Conversation');
  log.tabIndex = 0;
  var typing = el('p', 'fl-typing');
  typing.setAttribute('role', 'status');
  var error = el('p', 'fl-error');
  error.setAttribute('role', 'alert');
  var form = el('form', 'fl-form');
  var label = el('label', 'fl-label', 'Message');
  label.htmlFor = 'fl-input';
  var input = el('textarea');
  input.id = 'fl-input';
  input.rows = 1;
  input.maxLength = 4000;
  input.placeholder = 'Type your message';
  var send = el('button', 'fl-send', 'Send');
  send.type = 'submit';
  form.append(label, input, send);
  panel.append(header, log, typing, error, form);
  root.append(launcher, panel);

  function mount() { document.body.appendChild(root); }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);

  // ---- session ----
  function loadSession() {
    try {
      var saved = JSON.parse(localStorage.getItem(storageKey) || 'null');
      if (saved && saved.token && saved.conversation_id && Date.parse(saved.expires_at) > Date.now()) return saved;
    } catch (e) { /* unreadable: start afresh */ }
    return null;
  }
  function saveSession(value) {
    session = value;
    try { localStorage.setItem(storageKey, JSON.stringify(value)); } catch (e) { /* private mode: this tab only */ }
  }

  function request(method, path, body, extraHeaders) {
    var headers = { 'Accept': 'application/json' };
    if (session) headers.Authorization = 'Bearer ' + session.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    for (var name in extraHeaders || {}) headers[name] = extraHeaders[name];
    return fetch(api + path, {
      method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store'
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          var failure = new Error((json.error && json.error.message) || ('HTTP ' + response.status));
          failure.status = response.status;
          failure.code = json.error && json.error.code;
          throw failure;
        }
        return json;
      });
    });
  }

  // A session for this browser (all tabs share it): kept, renewed when half its life has
  // passed, opened anew only when there is none or it can no longer be renewed.
  function ensureSession() {
    var saved = loadSession();
    if (saved) {
      session = saved;
      var left = Date.parse(saved.expires_at) - Date.now();
      var life = saved.lifetime_ms || 3600000;
      if (left > life / 2) return Promise.resolve(saved);
      return request('POST', '/sessions', { site: site }).then(adopt, function () { return openSession(); });
    }
    return openSession();
  }
  function openSession() {
    session = null;
    return request('POST', '/sessions', { site: site }).then(adopt);
  }
  function adopt(json) {
    json.lifetime_ms = Date.parse(json.expires_at) - Date.now();
    if (session && session.conversation_id !== json.conversation_id) resetLog();
    else if (session && session.agent_name) json.agent_name = session.agent_name;
    saveSession(json);
    return json;
  }
  // Another tab renewed or replaced the session.
  window.addEventListener('storage', function (event) {
    if (event.key !== storageKey) return;
    var saved = loadSession();
    if (!saved) return;
    var changed = !session || saved.conversation_id !== session.conversation_id;
    session = saved;
    if (changed && opened) { resetLog(); connect(); }
  });
  setInterval(function () { if (session && opened) ensureSession().catch(function () {}); }, 60000);

  // ---- rendering ----
  function linkify(node, text) {
    var pattern = /\bhttps?:\/\/[^\s<>"']+/gi;
    var at = 0, match;
    while ((match = pattern.exec(text))) {
      var url = match[0].replace(/[.,;:!?)\]]+$/, '');
      node.appendChild(document.createTextNode(text.slice(at, match.index)));
      node.appendChild(link(url, url));
      at = match.index + url.length;
      pattern.lastIndex = at;
    }
    node.appendChild(document.createTextNode(text.slice(at)));
    return node;
  }
  function safeURL(raw) {
    try {
      var url = new URL(raw);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) { return null; }
  }
  function link(href, text) {
    var safe = safeURL(href);
    if (!safe) return document.createTextNode(text);
    var a = el('a', null, text);
    a.href = safe;
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    return a;
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function note(text) {
    log.appendChild(el('p', 'fl-note', text));
    scrollDown();
  }
  function disableOldReplies() {
    var buttons = log.querySelectorAll('.fl-reply');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
  }

  function showMessage(message) {
    if (shown[message.sequence]) return;
    shown[message.sequence] = true;
    lastSequence = Math.max(lastSequence, message.sequence);
    if (message.role === 'customer') {
      var mine = message.message_id && pending[message.message_id];
      if (mine) {
        mine.classList.remove('fl-pending');
        delete pending[message.message_id];
        return;
      }
      disableOldReplies();
      log.appendChild(linkify(el('p', 'fl-msg fl-customer'), message.text));
      scrollDown();
      return;
    }
    setWaiting(false);
    if (message.role === 'system') { note(message.text); return; }
    var bubble = el('div', 'fl-msg ' + (message.role === 'agent' ? 'fl-agent' : 'fl-bot'));
    var who = message.role === 'agent' ? ((state && state.agent_name) || (session && session.agent_name) || 'Agent') : 'Assistant';
    bubble.appendChild(el('span', 'fl-who', who));
    linkify(bubble, message.text);
    if (message.kind) bubble.setAttribute('data-kind', message.kind);
    log.appendChild(bubble);
    if (message.article) log.appendChild(articleCard(message.article));
    if (message.buttons && message.buttons.length && message.sequence >= lastSequence) {
      var replies = el('div', 'fl-replies');
      replies.setAttribute('role', 'group');
      replies.setAttribute('aria-label', 'Suggested replies');
      message.buttons.forEach(function (text) {
        var button = el('button', 'fl-reply', text);
        button.type = 'button';
        button.addEventListener('click', function () { submit(text); input.focus(); });
        replies.appendChild(button);
      });
      log.appendChild(replies);
    }
    if (message.kind === 'handoff') status.textContent = 'Waiting for a person to join';
    scrollDown();
  }
  function articleCard(article) {
    var card = el('article', 'fl-card');
    card.appendChild(el('h3', null, article.title));
    if (article.summary) card.appendChild(el('p', null, article.summary));
    if (article.url && safeURL(article.url)) card.appendChild(link(article.url, 'Read the article'));
    return card;
  }

  function showState(next) {
    var before = state;
    state = next;
    if (next.status === 'agent') {
      // Remembered, so the agent's messages keep their name after a reload and a handback.
      if (next.agent_name && session && session.agent_name !== next.agent_name) {
        session.agent_name = next.agent_name;
        saveSession(session);
      }
      status.textContent = 'You are chatting with ' + (next.agent_name || 'an agent');
      if (before && (before.status !== 'agent' || before.agent_name !== next.agent_name)) {
        note((next.agent_name || 'An agent') + ' joined the chat');
      }
    } else if (next.status === 'handoff') {
      status.textContent = 'Waiting for a person to join';
    } else {
      status.textContent = 'Our assistant answers right away';
      if (before && (before.status === 'agent' || before.status === 'handoff') && next.status === 'bot') {
        note('You are chatting with our assistant again');
      }
      if (before && before.status !== 'closed' && next.status === 'closed') note('The conversation was closed. Write again any time.');
    }
  }

  function setWaiting(on) {
    waitingForReply = on;
    typing.textContent = on ? 'The assistant is typing…' : '';
  }
  function resetLog() {
    log.textContent = '';
    shown = {};
    pending = {};
    lastSequence = 0;
    state = null;
  }

  // ---- real-time events (server-sent events over fetch: the token goes in a header) ----
  function connect() {
    if (streamAbort) streamAbort.abort();
    clearTimeout(streamRetry);
    if (!session) return;
    var controller = new AbortController();
    streamAbort = controller;
    var headers = { 'Authorization': 'Bearer ' + session.token, 'Accept': 'text/event-stream' };
    if (lastSequence > 0) headers['Last-Event-ID'] = String(lastSequence);
    fetch(api + '/conversations/' + encodeURIComponent(session.conversation_id) + '/stream', {
      headers: headers, signal: controller.signal, credentials: 'omit', cache: 'no-store'
    }).then(function (response) {
      if (response.status === 401) { return ensureSession().then(function () { throw new Error('renewed'); }); }
      if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) throw new Error('stream ended');
          buffer += decoder.decode(chunk.value, { stream: true });
          var end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      if (controller.signal.aborted) return;
      streamRetry = setTimeout(connect, 1000);
    });
  }
  function dispatch(block) {
    var type = 'message', data = '';
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) type = line.slice(6).trim();
      else if (line.indexOf('data:') === 0) data += line.slice(5).trim();
    });
    if (!data) return;
    var payload;
    try { payload = JSON.parse(data); } catch (e) { return; }
    if (type === 'message') showMessage(payload);
    else if (type === 'state') showState(payload);
  }

  // ---- sending ----
  function context() {
    var metadata = { page: location.pathname, platform: 'web' };
    if (product) metadata.product = product;
    if (document.title) metadata.page_title = document.title.slice(0, 200);
    return metadata;
  }
  function submit(text) {
    text = text.trim();
    if (!text) return;
    error.textContent = '';
    disableOldReplies();
    var messageId = 'w-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
    var bubble = linkify(el('p', 'fl-msg fl-customer fl-pending'), text);
    pending[messageId] = bubble;
    log.appendChild(bubble);
    scrollDown();
    setWaiting(true);
    ensureSession().then(function () {
      if (!streamAbort) connect();
      return request('POST', '/conversations/' + encodeURIComponent(session.conversation_id) + '/messages',
        { text: text, message_id: messageId, metadata: context() });
    }).then(function (answer) {
      if (!answer.replies || !answer.replies.length) setWaiting(false);
      // The stream normally shows the replies at once; should it be down, read them instead.
      else setTimeout(catchUp, 1500);
    }).catch(function (failure) {
      setWaiting(false);
      bubble.classList.add('fl-failed');
      error.textContent = 'Your message was not sent: ' + failure.message;
    });
  }
  function catchUp() {
    if (!waitingForReply || !session) return;
    request('GET', '/conversations/' + encodeURIComponent(session.conversation_id) + '?after=' + lastSequence)
      .then(function (transcript) { transcript.messages.forEach(showMessage); showState(transcript.state); })
      .catch(function () { /* the stream or the next message will bring them */ });
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = '';
    submit(text);
    input.focus();
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit'));
    }
  });

  // ---- opening and closing ----
  function open() {
    opened = true;
    panel.hidden = false;
    root.classList.add('fl-open');
    launcher.setAttribute('aria-expanded', 'true');
    input.focus();
    ensureSession().then(function (current) {
      return request('GET', '/conversations/' + encodeURIComponent(current.conversation_id)).then(function (transcript) {
        transcript.messages.forEach(showMessage);
        showState(transcript.state);
        connect();
        if (!transcript.messages.length) track('page_view');
      });
    }).catch(function (failure) {
      if (failure.status === 401 || failure.status === 403) {
        return openSession().then(function () { connect(); });
      }
      error.textContent = 'The chat is not available right now: ' + failure.message;
    });
    try { sessionStorage.setItem(storageKey + ':open', '1'); } catch (e) { /* ignore */ }
  }
  function hide() {
    opened = false;
    panel.hidden = true;
    root.classList.remove('fl-open');
    launcher.setAttribute('aria-expanded', 'false');
    if (streamAbort) { streamAbort.abort(); streamAbort = null; }
    launcher.focus();
    try { sessionStorage.removeItem(storageKey + ':open'); } catch (e) { /* ignore */ }
  }
  launcher.addEventListener('click', open);
  close.addEventListener('click', hide);
  // Escape closes the chat from anywhere in it (or when focus fell back to the page, as
  // when a used quick reply is disabled).
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !opened) return;
    if (panel.contains(event.target) || event.target === document.body) hide();
  });

  // A proactive opener, when the server's rules offer one for what this visitor did: the
  // host page reports what happens (FrontlineWidget.track('error', {page, error}) or
  // ('cart', {cart_value})); opening the chat reports a page view.
  var openerShown = false;
  function track(type, details) {
    var event = { type: type, page: location.pathname };
    for (var name in details || {}) event[name] = details[name];
    return ensureSession().then(function () {
      return request('POST', '/conversations/' + encodeURIComponent(session.conversation_id) + '/activity', event);
    }).then(offerOpener).catch(function () { /* no opener: nothing to show */ });
  }
  function offerOpener() {
    var path = '/conversations/' + encodeURIComponent(session.conversation_id);
    return request('GET', path + '/prompt').then(function (answer) {
      if (!answer.prompt || lastSequence > 0 || openerShown) return;
      openerShown = true;
      if (!opened) open();
      var bubble = el('div', 'fl-msg fl-bot');
      bubble.setAttribute('data-kind', 'opener');
      bubble.appendChild(el('span', 'fl-who', 'Assistant'));
      bubble.appendChild(document.createTextNode(answer.prompt.text));
      var take = el('button', 'fl-reply', 'Yes, help me');
      take.type = 'button';
      take.addEventListener('click', function () {
        bubble.remove();
        take.remove();
        input.focus();
        request('POST', path + '/prompts/' + encodeURIComponent(answer.prompt.id) + '/accept', {})
          .then(function (transcript) { transcript.messages.forEach(showMessage); })
          .catch(function (failure) { error.textContent = 'The assistant could not start: ' + failure.message; });
      });
      log.append(bubble, take);
    });
  }

  // Resume where this browser left off: a chat left open stays open across reloads.
  var resumed = loadSession();
  var wasOpen = false;
  try { wasOpen = sessionStorage.getItem(storageKey + ':open') === '1'; } catch (e) { /* ignore */ }
  if (resumed && wasOpen) {
    if (document.body) open(); else document.addEventListener('DOMContentLoaded', open);
  }

  window.FrontlineWidget = { open: open, close: hide, track: track };
})();
