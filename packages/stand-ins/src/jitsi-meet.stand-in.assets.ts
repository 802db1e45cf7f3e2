/**
 * Browser-side code of the Jitsi stand-in: the IFrame API script and the room page. Kept as plain ES5-ish
 * strings (no build step); they talk to each other with postMessage, like the real API does.
 */

/** `window.JitsiMeetExternalAPI(domain, options)`: the subset of Jitsi's IFrame API our pages use. */
export const EXTERNAL_API_JS = String.raw`(function () {
  'use strict';
  var script = document.currentScript;
  var scriptOrigin = script && script.src ? new URL(script.src).origin : window.location.origin;
  var nextId = 0;

  function size(value, fallback) {
    if (value === undefined || value === null) return fallback;
    return typeof value === 'number' ? value + 'px' : String(value);
  }

  function hashParams(id, options) {
    var params = ['jitsi_meet_external_api_id=' + id];
    function add(prefix, values) {
      if (!values) return;
      Object.keys(values).forEach(function (key) {
        params.push(prefix + key + '=' + encodeURIComponent(JSON.stringify(values[key])));
      });
    }
    add('config.', options.configOverwrite);
    add('interfaceConfig.', options.interfaceConfigOverwrite);
    if (options.userInfo && options.userInfo.displayName) {
      params.push('userInfo.displayName=' + encodeURIComponent(JSON.stringify(options.userInfo.displayName)));
    }
    return params.join('&');
  }

  function JitsiMeetExternalAPI(domain, options) {
    if (!(this instanceof JitsiMeetExternalAPI)) return new JitsiMeetExternalAPI(domain, options);
    options = options || {};
    var protocol = options.noSSL ? 'http:' : new URL(scriptOrigin).protocol;
    var base = domain ? protocol + '//' + String(domain).replace(/\/+$/, '') : scriptOrigin;
    var self = this;
    this._id = nextId++;
    this._listeners = {};
    this._audioMuted = false;
    this._videoMuted = false;
    var src = base + '/' + encodeURIComponent(options.roomName || '') +
      (options.jwt ? '?jwt=' + encodeURIComponent(options.jwt) : '') + '#' + hashParams(this._id, options);
    this._frameOrigin = new URL(src).origin;
    var iframe = document.createElement('iframe');
    iframe.name = 'jitsiConferenceFrame' + this._id;
    iframe.id = iframe.name;
    iframe.title = 'Video call (local Jitsi stand-in)';
    iframe.allow = 'camera; microphone; display-capture; autoplay; fullscreen';
    iframe.style.border = '0';
    iframe.style.width = size(options.width, '100%');
    iframe.style.height = size(options.height, '100%');
    iframe.src = src;
    if (typeof options.onload === 'function') iframe.addEventListener('load', options.onload);
    this._iframe = iframe;
    this._onMessage = function (event) {
      if (!self._iframe || event.source !== self._iframe.contentWindow) return;
      var data = event.data;
      if (!data || data.jitsiStandIn !== true || data.apiId !== String(self._id)) return;
      if (data.event === 'audioMuteStatusChanged') self._audioMuted = !!(data.data && data.data.muted);
      if (data.event === 'videoMuteStatusChanged') self._videoMuted = !!(data.data && data.data.muted);
      self._emit(data.event, data.data || {});
    };
    window.addEventListener('message', this._onMessage);
    (options.parentNode || document.body).appendChild(iframe);
  }

  JitsiMeetExternalAPI.prototype._emit = function (event, data) {
    (this._listeners[event] || []).slice().forEach(function (listener) {
      try { listener(data); } catch (error) { setTimeout(function () { throw error; }); }
    });
  };
  JitsiMeetExternalAPI.prototype.addListener = function (event, listener) {
    (this._listeners[event] = this._listeners[event] || []).push(listener);
    return this;
  };
  JitsiMeetExternalAPI.prototype.addEventListener = JitsiMeetExternalAPI.prototype.addListener;
  JitsiMeetExternalAPI.prototype.on = JitsiMeetExternalAPI.prototype.addListener;
  JitsiMeetExternalAPI.prototype.addEventListeners = function (listeners) {
    var self = this;
    Object.keys(listeners || {}).forEach(function (event) { self.addListener(event, listeners[event]); });
  };
  JitsiMeetExternalAPI.prototype.removeListener = function (event, listener) {
    this._listeners[event] = (this._listeners[event] || []).filter(function (l) { return l !== listener; });
    return this;
  };
  JitsiMeetExternalAPI.prototype.removeEventListener = JitsiMeetExternalAPI.prototype.removeListener;
  JitsiMeetExternalAPI.prototype.off = JitsiMeetExternalAPI.prototype.removeListener;
  JitsiMeetExternalAPI.prototype.executeCommand = function (command) {
    if (!this._iframe || !this._iframe.contentWindow) return;
    var args = Array.prototype.slice.call(arguments, 1);
    this._iframe.contentWindow.postMessage({ jitsiStandInCommand: true, command: command, args: args }, this._frameOrigin);
  };
  JitsiMeetExternalAPI.prototype.executeCommands = function (commands) {
    var self = this;
    Object.keys(commands || {}).forEach(function (name) { self.executeCommand.apply(self, [name].concat(commands[name])); });
  };
  JitsiMeetExternalAPI.prototype.isAudioMuted = function () { return Promise.resolve(this._audioMuted); };
  JitsiMeetExternalAPI.prototype.isVideoMuted = function () { return Promise.resolve(this._videoMuted); };
  JitsiMeetExternalAPI.prototype.getIFrame = function () { return this._iframe; };
  JitsiMeetExternalAPI.prototype.dispose = function () {
    window.removeEventListener('message', this._onMessage);
    if (this._iframe) this._iframe.remove();
    this._iframe = null;
    this._listeners = {};
  };

  window.JitsiMeetExternalAPI = JitsiMeetExternalAPI;
})();
`;

export interface RoomPageData {
  room: string;
  displayName: string | null;
  moderator: boolean;
  authFailed: boolean;
}

/** The room page: labels itself a stand-in, shows room, name and the local camera; obeys IFrame API commands. */
export function roomPageHtml(data: RoomPageData): string {
  // JSON inside a script element: escape '<' so no value can close the element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local Jitsi stand-in</title>
<style>
  :root { --accent: #1f6feb; }
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; background: #111827; color: #f9fafb; }
  header { display: flex; align-items: center; gap: 12px; padding: 10px 14px; background: var(--accent); }
  header img { height: 28px; }
  main { padding: 14px; display: grid; gap: 10px; }
  video { width: 100%; max-width: 640px; aspect-ratio: 4 / 3; background: #000; border-radius: 8px; }
  .badge { font-size: 12px; padding: 2px 8px; border-radius: 999px; background: rgba(0,0,0,.35); }
  #status { color: #d1d5db; }
</style></head>
<body>
<header><img id="logo" alt="" hidden><strong>Local Jitsi stand-in</strong><span class="badge" id="moderator" hidden>moderator</span></header>
<main>
  <div>Room: <span id="room" data-testid="jitsi-room"></span></div>
  <div>You: <span id="name" data-testid="jitsi-display-name"></span></div>
  <video id="self" autoplay playsinline muted aria-label="Your camera"></video>
  <div id="status" role="status">Connecting your camera...</div>
</main>
<script type="application/json" id="vc-data">${json}</script>
<script>
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('vc-data').textContent);
  var hash = new URLSearchParams(window.location.hash.slice(1));
  function fromHash(key) {
    var raw = hash.get(key);
    if (raw === null) return undefined;
    try { return JSON.parse(raw); } catch (e) { return undefined; }
  }
  var apiId = hash.get('jitsi_meet_external_api_id') || '0';
  var colour = fromHash('interfaceConfig.DEFAULT_BACKGROUND');
  if (typeof colour === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(colour)) document.documentElement.style.setProperty('--accent', colour);
  var logo = fromHash('interfaceConfig.DEFAULT_LOGO_URL');
  if (typeof logo === 'string' && logo.indexOf('https://') === 0) { var img = document.getElementById('logo'); img.src = logo; img.hidden = false; }
  var displayName = data.displayName || fromHash('userInfo.displayName') || 'Participant';
  document.getElementById('room').textContent = data.room;
  document.getElementById('name').textContent = String(displayName);
  document.getElementById('moderator').hidden = !data.moderator;
  var statusEl = document.getElementById('status');
  var video = document.getElementById('self');
  var stream = null, audioMuted = false, videoMuted = false;

  function emit(event, payload) {
    if (window.parent === window) return;
    window.parent.postMessage({ jitsiStandIn: true, apiId: apiId, event: event, data: payload || {} }, '*');
  }
  function setTracks(kind, enabled) {
    if (!stream) return;
    stream.getTracks().forEach(function (t) { if (t.kind === kind) t.enabled = enabled; });
  }
  function hangup() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.srcObject = null;
    statusEl.textContent = 'You left the call.';
    emit('videoConferenceLeft', { roomName: data.room });
    emit('readyToClose', {});
  }

  if (data.authFailed) {
    statusEl.textContent = 'Authentication failed: the token was refused.';
    emit('errorOccurred', { error: { name: 'conference.authenticationRequired', isFatal: true } });
    return;
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent) return;
    var m = event.data;
    if (!m || m.jitsiStandInCommand !== true) return;
    switch (m.command) {
      case 'toggleAudio':
        audioMuted = !audioMuted; setTracks('audio', !audioMuted);
        emit('audioMuteStatusChanged', { muted: audioMuted }); break;
      case 'toggleVideo':
        videoMuted = !videoMuted; setTracks('video', !videoMuted);
        emit('videoMuteStatusChanged', { muted: videoMuted }); break;
      case 'displayName':
        if (typeof m.args[0] === 'string') { displayName = m.args[0]; document.getElementById('name').textContent = displayName; }
        emit('displayNameChange', { displayname: displayName }); break;
      case 'hangup':
        hangup(); break;
      default:
        break;
    }
  });

  // Joining does not wait for the camera: a browser without one (or without permission) still joins.
  emit('videoConferenceJoined', { roomName: data.room, id: 'local', displayName: displayName });

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    statusEl.textContent = 'Camera not available in this browser.';
    return;
  }
  navigator.mediaDevices.getUserMedia({ video: true, audio: true })
    .catch(function () { return navigator.mediaDevices.getUserMedia({ video: true }); })
    .then(function (s) {
      stream = s; video.srcObject = s;
      statusEl.textContent = 'Your camera is on. (No other participants: this is a local stand-in.)';
      emit('cameraStarted', {});
    })
    .catch(function () { statusEl.textContent = 'Camera not available or not allowed.'; });
})();
</script>
</body></html>
`;
}
