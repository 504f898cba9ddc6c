// Follow on an executor's log page: appends what the executor writes as it comes. The page shows its log without
// this script; the script only reads on from where the page ends (data-next-offset), through
// GET /api/executors/{id}/logs?file=…&offset=…, and adds the text as text (never as HTML).
(function () {
  'use strict';
  const log = document.getElementById('log');
  const button = document.getElementById('log-follow');
  const status = document.getElementById('log-status');
  if (!log || !button) {
    return;
  }
  const QUIET_MS = 1000; // between reads once the end is reached; while behind, the next read follows at once
  let next = Number(log.dataset.nextOffset);
  let following = false;
  let timer = null;

  function say(text) {
    status.textContent = text;
  }

  async function readOn() {
    timer = null;
    if (!following) {
      return;
    }
    const url = new URL(log.dataset.api, window.location.href);
    url.searchParams.set('offset', String(next));
    let behind = false;
    try {
      const response = await fetch(url, {headers: {Accept: 'application/json'}});
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        stop('stopped: ' + (problem.detail || response.status));
        return;
      }
      const piece = await response.json();
      if (piece.data.length > 0) {
        const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        log.append(document.createTextNode(piece.data));
        if (atBottom) {
          log.scrollTop = log.scrollHeight;
        }
      }
      next = piece.nextOffset;
      behind = piece.nextOffset < piece.size;
      say('following: ' + piece.nextOffset + ' bytes');
    } catch (e) {
      say('could not read (' + e.message + '); trying again');
    }
    if (following) {
      timer = window.setTimeout(readOn, behind ? 0 : QUIET_MS);
    }
  }

  function stop(why) {
    following = false;
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
    button.textContent = 'follow';
    say(why || '');
  }

  button.hidden = false;
  button.addEventListener('click', function () {
    if (following) {
      stop();
      return;
    }
    following = true;
    button.textContent = 'stop following';
    readOn();
  });
})();
