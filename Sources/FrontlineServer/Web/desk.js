/* Frontline agents' desk. The agent key stays in this tab's session storage and goes out
   only as a bearer header, never in a URL. Every text from a conversation is set with
   textContent: nothing customers (or anyone) wrote is interpreted as HTML. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var keyName = 'frontline-desk-key', agentName = 'frontline-desk-agent';
  var intents = [], slots = [];
  var current = null;         // the open conversation: {id, handoff}
  var queueTimer = null, conversationTimer = null;
  var shownSequence = -1;     // the last transcript sequence rendered
  var correctionsFor = null;  // the conversation the outcome form was built for

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  function key() { return sessionStorage.getItem(keyName); }
  function agent() { return sessionStorage.getItem(agentName) || 'agent'; }

  function call(method, path, body) {
    var headers = { 'Authorization': 'Bearer ' + key(), 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (response.status === 401) { signOut('That agent key was not accepted.'); }
          if (!response.ok) {
            var failure = new Error((json.error && json.error.message) || ('HTTP ' + response.status));
            failure.status = response.status;
            throw failure;
          }
          return json;
        });
      });
  }

  // ---- signing in ----
  $('sign-in').addEventListener('submit', function (event) {
    event.preventDefault();
    var given = $('agent-key').value.trim();
    if (!given) return;
    sessionStorage.setItem(keyName, given);
    sessionStorage.setItem(agentName, $('agent-name').value.trim().slice(0, 64) || 'agent');
    $('agent-key').value = '';
    start();
  });
  $('sign-out').addEventListener('click', function () { signOut(''); });

  function signOut(message) {
    sessionStorage.removeItem(keyName);
    clearInterval(queueTimer);
    clearInterval(conversationTimer);
    current = null;
    $('desk').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message;
    $('agent-key').focus();
  }

  function start() {
    call('GET', '/v1/desk/assistant').then(function (assistant) {
      intents = assistant.intents;
      slots = assistant.slots;
      $('sign-in').hidden = true;
      $('sign-in-error').textContent = '';
      $('desk').hidden = false;
      $('sign-out').hidden = false;
      $('who').textContent = 'Signed in as ' + agent();
      refreshQueue();
      queueTimer = setInterval(refreshQueue, 750);
      $('queue-title').focus();
    }).catch(function (failure) {
      if (failure.status !== 401) $('sign-in-error').textContent = 'Cannot sign in: ' + failure.message;
    });
  }

  // ---- the queue (polled every 0.75 s: new handoffs appear without a reload) ----
  function waited(seconds) {
    var minutes = Math.floor(seconds / 60);
    return minutes > 0 ? minutes + ' min ' + (seconds % 60) + ' s' : seconds + ' s';
  }
  function refreshQueue() {
    Promise.all([call('GET', '/v1/handoffs?status=open&limit=100'), call('GET', '/v1/handoffs?status=accepted&limit=100')])
      .then(function (lists) {
        var handoffs = lists[0].handoffs.concat(lists[1].handoffs.filter(function (h) { return h.agent_id === agent(); }));
        renderQueue(handoffs);
      }).catch(function (failure) { $('queue-status').textContent = 'The queue could not be read: ' + failure.message; });
  }
  function renderQueue(handoffs) {
    var list = $('queue');
    var focused = document.activeElement && document.activeElement.getAttribute('data-conversation');
    $('queue-status').textContent = handoffs.length ? '' : 'Nobody is waiting.';
    var items = handoffs.map(function (handoff) {
      var li = el('li');
      var button = el('button', 'queue-item');
      button.type = 'button';
      button.setAttribute('data-conversation', handoff.conversation_id);
      if (current && current.id === handoff.conversation_id) button.setAttribute('aria-current', 'true');
      button.appendChild(el('strong', null, (handoff.customer_id || 'anonymous customer') + ' · ' + handoff.channel));
      button.appendChild(el('span', null, (handoff.status === 'accepted' ? 'with you' : 'waited ' + waited(handoff.waited_seconds)) +
        ' · queue ' + handoff.queue + ' · ' + handoff.reason.replace(/_/g, ' ')));
      button.appendChild(el('span', null, handoff.summary));
      button.addEventListener('click', function () { openConversation(handoff.conversation_id, handoff); });
      li.appendChild(button);
      return li;
    });
    list.replaceChildren.apply(list, items);
    if (focused) {
      var again = list.querySelector('[data-conversation="' + CSS.escape(focused) + '"]');
      if (again) again.focus();
    }
    if (current) {
      var fresh = handoffs.filter(function (h) { return h.conversation_id === current.id; })[0];
      if (fresh) { current.handoff = fresh; renderOtherChannels(fresh.other_channels || []); }
    }
  }

  // ---- a conversation ----
  function openConversation(id, handoff) {
    current = { id: id, handoff: handoff };
    shownSequence = -1;
    $('transcript').replaceChildren();
    $('conversation').hidden = false;
    $('conversation-title').textContent = 'Conversation ' + id;
    $('conversation-meta').textContent = [handoff.customer_id || 'anonymous customer', handoff.channel, 'queue ' + handoff.queue,
      handoff.reason.replace(/_/g, ' ')].join(' · ');
    $('conversation-summary').textContent = handoff.summary;
    $('outcome-status').textContent = '';
    $('action-status').textContent = '';
    renderOtherChannels(handoff.other_channels || []);
    loadArticles(id);
    refreshConversation();
    clearInterval(conversationTimer);
    conversationTimer = setInterval(refreshConversation, 2000);
    $('conversation-title').focus();
  }

  function refreshConversation() {
    if (!current) return;
    var id = current.id;
    call('GET', '/v1/conversations/' + encodeURIComponent(id)).then(function (conversation) {
      if (!current || current.id !== id) return;
      var fresh = conversation.messages.filter(function (m) { return m.sequence > shownSequence; });
      fresh.forEach(renderEntry);
      if (fresh.length) {
        shownSequence = fresh[fresh.length - 1].sequence;
        if (fresh.some(function (m) { return m.role === 'customer'; })) loadArticles(id);
      }
      if (correctionsFor !== id || fresh.some(function (m) { return m.role === 'customer'; })) buildCorrections(conversation.messages);
    }).catch(function (failure) { $('action-status').textContent = 'The conversation could not be read: ' + failure.message; });
  }

  function renderEntry(message) {
    var li = el('li', message.role);
    li.appendChild(el('span', 'role', message.role === 'customer' ? 'Customer' : message.role === 'bot' ? 'Bot' :
      message.role === 'agent' ? 'Agent' : 'System'));
    li.appendChild(document.createTextNode(message.text));
    if (message.role === 'customer' && message.parse) {
      var toggle = el('button', 'parse-toggle', 'Show parse');
      toggle.type = 'button';
      var details = parseDetails(message.parse);
      details.id = 'parse-' + message.sequence;
      details.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.setAttribute('aria-controls', details.id);
      toggle.addEventListener('click', function () {
        details.hidden = !details.hidden;
        toggle.setAttribute('aria-expanded', String(!details.hidden));
        toggle.textContent = details.hidden ? 'Show parse' : 'Hide parse';
      });
      li.append(toggle, details);
    }
    $('transcript').appendChild(li);
  }
  function parseDetails(parse) {
    var dl = el('dl', 'parse');
    function row(term, value) { dl.append(el('dt', null, term), el('dd', null, value)); }
    row('Intent', parse.intent + (parse.out_of_scope ? ' (out of scope)' : ''));
    row('Confidence', (parse.confidence * 100).toFixed(1) + ' %');
    row('Slots', parse.slots.length ? parse.slots.map(function (s) { return s.slot + ' = ' + s.value; }).join(', ') : 'none');
    row('Learned from outcomes', parse.learned_from_outcomes ? 'yes' : 'no');
    return dl;
  }

  function renderOtherChannels(entries) {
    var list = $('other-channels');
    if (!entries.length) { list.replaceChildren(el('li', 'muted', 'No messages on other channels.')); return; }
    list.replaceChildren.apply(list, entries.map(function (m) {
      return el('li', null, m.channel + ' · ' + m.role + ': ' + m.text);
    }));
  }

  function loadArticles(id) {
    call('GET', '/v1/desk/conversations/' + encodeURIComponent(id) + '/articles').then(function (answer) {
      var list = $('articles');
      if (!answer.articles.length) { list.replaceChildren(el('li', 'muted', 'No article fits the last message.')); return; }
      list.replaceChildren.apply(list, answer.articles.map(function (article) {
        var li = el('li');
        var url = safeURL(article.url);
        if (url) {
          var a = el('a', null, article.title);
          a.href = url;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          li.appendChild(a);
        } else {
          li.appendChild(el('strong', null, article.title));
        }
        li.appendChild(document.createTextNode(' — ' + article.summary));
        return li;
      }));
    }).catch(function () { $('articles').replaceChildren(el('li', 'muted', 'Suggestions are unavailable.')); });
  }
  function safeURL(raw) {
    try {
      var url = new URL(raw);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) { return null; }
  }

  // ---- replying, handing back, closing ----
  $('reply-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = $('reply').value;
    if (!current || !text.trim()) return;
    call('POST', '/v1/conversations/' + encodeURIComponent(current.id) + '/agent-messages', { text: text, agent_id: agent() })
      .then(function () {
        $('reply').value = '';
        $('action-status').textContent = 'Sent.';
        refreshConversation();
      }).catch(function (failure) { $('action-status').textContent = 'Not sent: ' + failure.message; });
  });
  function move(action, done) {
    if (!current) return;
    call('POST', '/v1/conversations/' + encodeURIComponent(current.id) + '/' + action, { agent_id: agent() })
      .then(function () { $('action-status').textContent = done; refreshConversation(); refreshQueue(); })
      .catch(function (failure) { $('action-status').textContent = failure.message; });
  }
  $('handback').addEventListener('click', function () { move('handback', 'Handed back to the bot.'); });
  $('close').addEventListener('click', function () { move('close', 'Closed.'); });

  // ---- the outcome: where learning starts ----
  function buildCorrections(messages) {
    correctionsFor = current.id;
    var box = $('corrections');
    var customerTurns = messages.filter(function (m) { return m.role === 'customer'; });
    if (!customerTurns.length) { box.replaceChildren(el('p', 'muted', 'The customer has not written yet.')); return; }
    var kept = {};
    box.querySelectorAll('select, input').forEach(function (field) { kept[field.id] = field.value; });
    box.replaceChildren.apply(box, customerTurns.map(function (m) {
      var div = el('div', 'correction');
      div.appendChild(el('p', null, '“' + m.text + '”'));
      var selectId = 'intent-' + m.sequence;
      var label = el('label', null, 'Intent for message ' + m.sequence);
      label.htmlFor = selectId;
      var select = el('select');
      select.id = selectId;
      select.setAttribute('data-sequence', m.sequence);
      var keep = el('option', null, 'Bot was right' + (m.parse ? ': ' + m.parse.intent : ''));
      keep.value = '';
      select.appendChild(keep);
      intents.forEach(function (name) {
        var option = el('option', null, name);
        option.value = name;
        select.appendChild(option);
      });
      var slotsId = 'slots-' + m.sequence;
      var slotLabel = el('label', null, 'Slot values for message ' + m.sequence + ' (slot=value, …; known: ' + slots.join(', ') + ')');
      slotLabel.htmlFor = slotsId;
      var slotInput = el('input');
      slotInput.type = 'text';
      slotInput.id = slotsId;
      if (kept[selectId] != null) select.value = kept[selectId];
      if (kept[slotsId] != null) slotInput.value = kept[slotsId];
      div.append(label, select, slotLabel, slotInput);
      return div;
    }));
  }

  $('outcome-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (!current) return;
    var corrections = [], problem = null;
    $('corrections').querySelectorAll('select').forEach(function (select) {
      var sequence = Number(select.getAttribute('data-sequence'));
      var slotText = $('slots-' + sequence).value.trim();
      if (!select.value && !slotText) return;
      var correction = { sequence: sequence };
      if (select.value) correction.intent = select.value;
      if (slotText) {
        correction.slots = slotText.split(',').map(function (pair) {
          var at = pair.indexOf('=');
          if (at < 1) { problem = 'Write slot values as slot=value, separated by commas (message ' + sequence + ').'; return null; }
          return { slot: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
        }).filter(Boolean);
      }
      corrections.push(correction);
    });
    if (problem) { $('outcome-status').textContent = problem; return; }
    var verdict = document.querySelector('input[name="bot-right"]:checked').value;
    var body = { agent_id: agent(), corrections: corrections };
    if ($('resolution').value.trim()) body.resolution = $('resolution').value.trim();
    if (verdict) body.bot_was_right = verdict === 'yes';
    call('POST', '/v1/desk/conversations/' + encodeURIComponent(current.id) + '/outcome', body).then(function (saved) {
      var text = 'Outcome #' + saved.outcome.id + ' saved.';
      if (saved.learned && saved.learned_at) {
        var when = new Date(saved.learned_at).toLocaleTimeString();
        text += ' The assistant learned ' + saved.learned.learned + ' correction' + (saved.learned.learned === 1 ? '' : 's') +
          ' from it at ' + when + (saved.learned.duplicates ? ' (' + saved.learned.duplicates + ' already known)' : '') +
          (saved.learned.conflicts ? ' (' + saved.learned.conflicts + ' conflicting, set aside)' : '') + '.';
      } else {
        text += ' It is stored for the next retrain; the assistant did not learn from it yet.';
      }
      $('outcome-status').textContent = text;
    }).catch(function (failure) { $('outcome-status').textContent = 'Not saved: ' + failure.message; });
  });

  if (key()) start(); else $('agent-key').focus();
})();
