/**
 * Browser-side code of the Jitsi stand-in: the IFrame API script (the room page is in jitsi-meet.room-page.ts).
 * Kept as plain ES5-ish strings (no build step); the two talk to each other with postMessage, like the real
 * API does.
 */

/**
 * `window.JitsiMeetExternalAPI(domain, options)`: the subset of Jitsi's IFrame API our pages use. Commands:
 * toggleAudio, toggleVideo, setAudioOnly, displayName, hangup, kickParticipant (moderators). Events:
 * videoConferenceJoined/Left, participantJoined/Left, participantKickedOut (`{ kicked: { id, local }, kicker: { id } }`),
 * audio/videoMuteStatusChanged, audioOnlyChanged (`{ enabled }`, as jitsi-meet sends it), displayNameChange,
 * readyToClose, errorOccurred (bad JWT).
 */
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
    this._participants = {}; // id -> getParticipantsInfo() entry, you included, kept from the events
    var src = base + '/' + encodeURIComponent(options.roomName || '') +
      (options.jwt ? '?jwt=' + encodeURIComponent(options.jwt) : '') + '#' + hashParams(this._id, options);
    this._frameOrigin = new URL(src).origin;
    var iframe = document.createElement('iframe');
    iframe.name = 'jitsiConferenceFrame' + this._id;
    iframe.id = iframe.name;
    iframe.title = 'Video call (local Jitsi stand-in)';
    // Exactly what the host page's Permissions-Policy delegates to the video origin.
    iframe.allow = 'camera; microphone; display-capture; fullscreen; autoplay';
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
      self._track(data.event, data.data || {});
      self._emit(data.event, data.data || {});
    };
    window.addEventListener('message', this._onMessage);
    (options.parentNode || document.body).appendChild(iframe);
  }

  JitsiMeetExternalAPI.prototype._track = function (event, data) {
    var p = this._participants;
    function put(id, name, me) {
      p[id] = { participantId: id, displayName: name, formattedDisplayName: me ? name + ' (me)' : name };
    }
    if (event === 'audioMuteStatusChanged') this._audioMuted = !!data.muted;
    else if (event === 'videoMuteStatusChanged') this._videoMuted = !!data.muted;
    else if (event === 'videoConferenceJoined') { this._myId = data.id; put(data.id, data.displayName, true); }
    else if (event === 'displayNameChange' && p[this._myId]) put(this._myId, data.displayname, true);
    else if (event === 'participantJoined') put(data.id, data.displayName, false);
    else if (event === 'participantLeft') delete p[data.id];
    else if (event === 'participantKickedOut' && data.kicked) delete p[data.kicked.id];
    else if (event === 'videoConferenceLeft') this._participants = {};
  };
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
  JitsiMeetExternalAPI.prototype.getNumberOfParticipants = function () { return Object.keys(this._participants).length; };
  JitsiMeetExternalAPI.prototype.getParticipantsInfo = function () {
    var p = this._participants;
    return Object.keys(p).map(function (id) { return p[id]; });
  };
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
