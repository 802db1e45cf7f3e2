/**
 * The Jitsi stand-in's room page: a real call between the pages of one room. Each page takes the camera and
 * microphone, joins the room's signalling (jitsi-meet.signalling.ts) and holds one RTCPeerConnection per other
 * participant (a full mesh). The browser code is a plain ES5-ish string (no build step).
 *
 * Who offers: a page that joins (or rejoins after its event stream dropped) offers to everyone already there
 * (the `welcome` list); the others wait for its offer. An offer always starts a fresh connection, so a
 * retry or a rejoin needs no renegotiation. Each offer carries a connection id (`conn`); answers and
 * candidates of a replaced connection are ignored. No STUN/TURN: host candidates only, for this machine or
 * a LAN.
 *
 * Test hook on the page's window (shape kept stable for the integration tests):
 *
 *   window.jitsiStandIn.stats(): Promise<Array<{
 *     peerId: string, displayName: string,
 *     connectionState: RTCPeerConnectionState,          // of the connection with them ('new' before one exists)
 *     inboundVideo: { framesDecoded, frameWidth, frameHeight } | null,       // from the inbound-rtp report
 *     inboundAudio: { totalAudioEnergy, totalSamplesReceived } | null,       // from the inbound-rtp report
 *     localVideoTrackLive: boolean, localAudioTrackLive: boolean,  // a live local track is on this connection
 *   }>>   one entry per remote participant, in the order they were seen
 *   window.jitsiStandIn.localTracks(): { video: 'live'|'ended'|'none', audio: 'live'|'ended'|'none' }
 */

export interface RoomPageData {
  room: string;
  displayName: string | null;
  moderator: boolean;
  authFailed: boolean;
  /** Signalling ticket (jitsi-meet.signalling.ts); null when this page may not join the call. */
  ticket: string | null;
}

/** The room page: labels itself a stand-in, shows the call; obeys IFrame API commands. */
export function roomPageHtml(data: RoomPageData): string {
  // JSON inside a script element: escape '<' so no value can close the element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local Jitsi stand-in</title>
<style>${ROOM_PAGE_CSS}</style></head>
<body class="alone">
<header>
  <span class="pill brand"><img id="logo" alt="" hidden>Local Jitsi stand-in<span class="badge" id="moderator" hidden>moderator</span></span>
  <span class="pill info">Room <span id="room" data-testid="jitsi-room"></span> · You: <span id="name" data-testid="jitsi-display-name"></span></span>
  <span class="pill" id="status" role="status">Starting...</span>
</header>
<main id="stage" aria-label="Other participants"></main>
<div class="tile" id="self"><video id="self-video" autoplay playsinline muted aria-label="Your camera"></video><div class="label" id="self-label"></div></div>
<script type="application/json" id="vc-data">${json}</script>
<script>${ROOM_PAGE_JS}</script>
</body></html>
`;
}

/**
 * Others' video large (one fills the frame, several share a grid), yours as a small mirrored picture in
 * the corner; alone, yours fills the frame. Works from a phone-sized frame (360 wide) to a desktop one.
 */
const ROOM_PAGE_CSS = `
  :root { --accent: #1f6feb; }
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; overflow: hidden; background: #0b0f17; color: #f9fafb;
    font: 14px/1.4 system-ui, sans-serif; }
  header { position: absolute; z-index: 3; top: 8px; left: 8px; right: 8px; display: flex; flex-wrap: wrap;
    gap: 6px; pointer-events: none; }
  .pill { display: inline-flex; align-items: center; gap: 6px; max-width: 100%; padding: 3px 10px;
    border-radius: 999px; background: rgba(0, 0, 0, .6); font-size: 12px; white-space: nowrap; overflow: hidden;
    text-overflow: ellipsis; }
  .brand { background: var(--accent); font-weight: 600; }
  .brand img { height: 18px; }
  .badge { padding: 0 6px; border-radius: 999px; background: rgba(0, 0, 0, .35); font-weight: 400; }
  @media (max-width: 520px) { .info { display: none; } }
  #stage { position: absolute; inset: 0; display: grid; gap: 6px; padding: 6px; }
  .tile { position: relative; min-width: 0; min-height: 0; overflow: hidden; border-radius: 10px; background: #000; }
  .tile video { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; }
  .label { position: absolute; left: 6px; bottom: 6px; max-width: calc(100% - 12px); padding: 2px 8px;
    border-radius: 6px; background: rgba(0, 0, 0, .6); font-size: 12px; white-space: nowrap; overflow: hidden;
    text-overflow: ellipsis; }
  .label .off { margin-left: 6px; padding: 0 5px; border-radius: 4px; background: #b42318; }
  #stage .label { max-width: calc(100% - 150px); }
  .sound { position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); padding: 8px 14px;
    border: 0; border-radius: 999px; background: var(--accent); color: #fff; font: inherit; cursor: pointer; }
  #self { position: absolute; z-index: 2; right: 10px; bottom: 10px; width: clamp(96px, 22%, 240px);
    aspect-ratio: 4 / 3; border: 2px solid rgba(255, 255, 255, .7); box-shadow: 0 4px 16px rgba(0, 0, 0, .6); }
  #self video { transform: scaleX(-1); object-fit: cover; }
  #self .label { left: 4px; bottom: 4px; font-size: 11px; }
  body.alone #self { inset: 0; width: auto; aspect-ratio: auto; border: 0; border-radius: 0; box-shadow: none; }
  body.alone #self video { object-fit: contain; }
  body.alone #self .label { left: 8px; bottom: 8px; }
  body.audio-only #stage video { visibility: hidden; }
`;

const ROOM_PAGE_JS = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('vc-data').textContent);
  var hash = new URLSearchParams(window.location.hash.slice(1));
  function fromHash(key) {
    var raw = hash.get(key);
    if (raw === null) return undefined;
    try { return JSON.parse(raw); } catch (e) { return undefined; }
  }
  function $(id) { return document.getElementById(id); }
  var apiId = hash.get('jitsi_meet_external_api_id') || '0';
  var colour = fromHash('interfaceConfig.DEFAULT_BACKGROUND');
  if (typeof colour === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(colour)) document.documentElement.style.setProperty('--accent', colour);
  var logo = fromHash('interfaceConfig.DEFAULT_LOGO_URL');
  if (typeof logo === 'string' && logo.indexOf('https://') === 0) { $('logo').src = logo; $('logo').hidden = false; }
  var displayName = String(data.displayName || fromHash('userInfo.displayName') || 'Participant');
  $('room').textContent = data.room;
  $('name').textContent = displayName;
  $('moderator').hidden = !data.moderator;
  var stage = $('stage'), selfVideo = $('self-video');
  var stream = null;
  var audioMuted = fromHash('config.startWithAudioMuted') === true;
  var videoMuted = fromHash('config.startWithVideoMuted') === true;
  // Audio-only mode (setAudioOnly): the camera off and no video received; the camera comes back on leaving it
  // only if audio-only mode is what turned it off.
  var audioOnly = false, videoOffByAudioOnly = false;
  var peers = {}; // remote peer id -> { id, displayName, media, pc, conn, tile, video, label, sound }
  var selfId = null, events = null, left = false, kickedOut = false;
  var signalPath = '/_signal/' + encodeURIComponent(data.room);

  function emit(event, payload) {
    if (window.parent === window) return;
    window.parent.postMessage({ jitsiStandIn: true, apiId: apiId, event: event, data: payload || {} }, '*');
  }
  function setStatus(text) { $('status').textContent = text; }
  function localTrack(kind) {
    return stream ? stream.getTracks().filter(function (t) { return t.kind === kind; })[0] : undefined;
  }
  function mediaState() {
    return {
      audio: localTrack('audio') ? (audioMuted ? 'off' : 'on') : 'none',
      video: localTrack('video') ? (videoMuted ? 'off' : 'on') : 'none',
      receiveVideo: !audioOnly
    };
  }
  function renderLabel(el, name, media, note) {
    el.textContent = name;
    var marks = [];
    if (media.audio !== 'on') marks.push(media.audio === 'none' ? 'no mic' : 'muted');
    if (media.video !== 'on') marks.push(media.video === 'none' ? 'no camera' : 'camera off');
    if (note) marks.push(note);
    marks.forEach(function (text) {
      var mark = document.createElement('span');
      mark.className = 'off';
      mark.textContent = text;
      el.appendChild(mark);
    });
  }
  function renderSelf() { renderLabel($('self-label'), 'You', mediaState(), audioOnly ? 'audio only' : ''); }
  function renderPeer(peer) {
    var state = peer.pc ? peer.pc.connectionState : 'new';
    var note = state === 'connected' ? '' : state === 'failed' ? 'reconnecting' : 'connecting';
    renderLabel(peer.label, peer.displayName, peer.media, note);
  }
  function names(list) {
    return list.length < 2 ? list.join('') : list.slice(0, -1).join(', ') + ' and ' + list[list.length - 1];
  }
  function update() {
    var ids = Object.keys(peers);
    document.body.classList.toggle('alone', ids.length === 0);
    // Several remote tiles: a grid shaped to the frame (side by side when wide, stacked when tall).
    var wide = stage.clientWidth >= stage.clientHeight;
    var cols = ids.length <= 1 ? 1 : wide ? Math.ceil(Math.sqrt(ids.length)) : ids.length <= 2 ? 1 : 2;
    stage.style.gridTemplateColumns = 'repeat(' + cols + ', minmax(0, 1fr))';
    stage.style.gridTemplateRows = 'repeat(' + Math.max(1, Math.ceil(ids.length / cols)) + ', minmax(0, 1fr))';
    if (left) setStatus(kickedOut ? 'You were removed from the call by a moderator.' : 'You left the call.');
    else if (selfId) setStatus(ids.length ? 'In the call with ' + names(ids.map(function (id) { return peers[id].displayName; })) : 'Waiting for others to join');
  }
  window.addEventListener('resize', update);

  // Outgoing signalling, one POST at a time: candidates must not overtake the offer they belong to.
  var outbox = [], posting = false;
  function send(message) {
    if (left || !selfId) return;
    outbox.push(message);
    flush();
  }
  function flush() {
    if (posting || !outbox.length) return;
    posting = true;
    fetch(signalPath + '?ticket=' + encodeURIComponent(data.ticket), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(outbox.splice(0, 16))
    }).catch(function () { /* a lost message leaves a connection that does not come up: the offerer retries */ })
      .then(function () { posting = false; flush(); });
  }

  function addPeer(info) {
    var peer = peers[info.id];
    if (peer) return peer;
    var tile = document.createElement('div');
    tile.className = 'tile';
    tile.setAttribute('data-peer-id', info.id);
    var video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute('aria-label', 'Video of ' + info.displayName);
    var label = document.createElement('div');
    label.className = 'label';
    var sound = document.createElement('button');
    sound.className = 'sound';
    sound.textContent = 'Turn on sound';
    sound.hidden = true;
    sound.onclick = function () { video.muted = false; sound.hidden = true; video.play().catch(function () {}); };
    tile.appendChild(video); tile.appendChild(label); tile.appendChild(sound);
    stage.appendChild(tile);
    peer = peers[info.id] = { id: info.id, displayName: info.displayName, media: { audio: 'on', video: 'on' },
      pc: null, conn: null, tile: tile, video: video, label: label, sound: sound };
    renderPeer(peer);
    emit('participantJoined', { id: peer.id, displayName: peer.displayName });
    return peer;
  }
  function removePeer(id) {
    var peer = peers[id];
    if (!peer) return;
    delete peers[id];
    if (peer.pc) peer.pc.close();
    peer.tile.remove();
    emit('participantLeft', { id: id });
  }
  function play(peer) {
    peer.video.play().catch(function (error) {
      // Sound without a user gesture can be refused: play muted and offer a button.
      if (!error || error.name !== 'NotAllowedError') return;
      peer.video.muted = true;
      peer.sound.hidden = false;
      peer.video.play().catch(function () {});
    });
  }

  function connect(peer, offerer, conn) {
    if (peer.pc) peer.pc.close();
    var pc = new RTCPeerConnection(); // no iceServers: host candidates, for this machine or a LAN
    peer.pc = pc; peer.conn = conn;
    pc.onicecandidate = function (e) {
      if (e.candidate && peer.pc === pc) send({ to: peer.id, type: 'candidate', conn: conn, candidate: e.candidate.toJSON() });
    };
    pc.ontrack = function (e) {
      // The other side sends both tracks in one stream, so one element plays them together.
      if (e.streams[0] && peer.video.srcObject !== e.streams[0]) { peer.video.srcObject = e.streams[0]; play(peer); }
    };
    pc.onconnectionstatechange = function () {
      if (peer.pc !== pc) return;
      renderPeer(peer);
      if (pc.connectionState === 'failed' && offerer) retryUnlessConnected(peer, pc, 1000);
    };
    renderPeer(peer);
    return pc;
  }
  // A connection that does not come up (a lost message) or breaks (ICE gave up after a network change) is
  // started afresh by the side that offered it.
  function retryUnlessConnected(peer, pc, delay) {
    setTimeout(function () {
      if (peer.pc === pc && peers[peer.id] === peer && pc.connectionState !== 'connected') offer(peer);
    }, delay);
  }
  function offer(peer) {
    var pc = connect(peer, true, Math.random().toString(36).slice(2));
    retryUnlessConnected(peer, pc, 15000);
    ['audio', 'video'].forEach(function (kind) {
      var track = localTrack(kind);
      // Without a track of ours, still ask to receive theirs.
      if (track) pc.addTrack(track, stream); else pc.addTransceiver(kind, { direction: 'recvonly' });
    });
    sendVideoTo(peer);
    pc.createOffer().then(function (description) { return pc.setLocalDescription(description); }).then(function () {
      if (peer.pc === pc) send({ to: peer.id, type: 'offer', conn: peer.conn, sdp: pc.localDescription.sdp, media: mediaState() });
    }).catch(function () { pc.close(); renderPeer(peer); });
  }
  function answer(peer, message) {
    var pc = connect(peer, false, message.conn);
    pc.setRemoteDescription({ type: 'offer', sdp: message.sdp }).then(function () {
      // addTrack after the offer fills the offer's transceivers, so each kind keeps one m-line.
      ['audio', 'video'].forEach(function (kind) { var track = localTrack(kind); if (track) pc.addTrack(track, stream); });
      sendVideoTo(peer);
      return pc.createAnswer();
    }).then(function (description) { return pc.setLocalDescription(description); }).then(function () {
      if (peer.pc === pc) send({ to: peer.id, type: 'answer', conn: message.conn, sdp: pc.localDescription.sdp, media: mediaState() });
    }).catch(function () { pc.close(); renderPeer(peer); });
  }
  function onSignal(message) {
    var peer = peers[message.from];
    if (!peer) return; // sent just before they left
    if (message.media) { peer.media = message.media; renderPeer(peer); sendVideoTo(peer); }
    if (message.type === 'offer') return answer(peer, message);
    if (!peer.pc || message.conn !== peer.conn) return; // belongs to a connection since replaced
    if (message.type === 'answer') peer.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp }).catch(function () {});
    if (message.type === 'candidate') peer.pc.addIceCandidate(message.candidate).catch(function () {});
  }
  function onWelcome(welcome) {
    if (!selfId) {
      selfId = welcome.self.id;
      emit('videoConferenceJoined', { roomName: data.room, id: selfId, displayName: displayName });
      if (audioMuted) emit('audioMuteStatusChanged', { muted: true });
      if (videoMuted) emit('videoMuteStatusChanged', { muted: true });
    }
    // On a rejoin after the event stream dropped, drop those who left meanwhile and connect afresh to the rest.
    var present = {};
    welcome.peers.forEach(function (info) { present[info.id] = true; });
    Object.keys(peers).forEach(function (id) { if (!present[id]) removePeer(id); });
    welcome.peers.forEach(function (info) { offer(addPeer(info)); });
    update();
  }

  function join() {
    if (left) return;
    if (!data.ticket) { setStatus('This page may not join the call: it came without a valid token.'); return; }
    setStatus('Joining the call...');
    events = new EventSource(signalPath + '/events?ticket=' + encodeURIComponent(data.ticket) +
      (data.displayName ? '' : '&name=' + encodeURIComponent(displayName)));
    function on(name, handler) {
      events.addEventListener(name, function (e) { if (!left) { handler(JSON.parse(e.data)); update(); } });
    }
    on('welcome', onWelcome);
    on('join', addPeer);
    on('leave', function (m) { removePeer(m.id); });
    // Like Jitsi: everyone hears participantKickedOut; the kicked one leaves the conference (no readyToClose).
    on('kicked', function (m) {
      var local = m.id === selfId;
      emit('participantKickedOut', { kicked: { id: m.id, local: local }, kicker: { id: m.by } });
      if (local) { kickedOut = true; hangup(false); }
    });
    on('signal', onSignal);
    events.onerror = function () {
      if (left) return;
      // EventSource retries by itself; CLOSED means the server refused this ticket (restarted) or the room is full.
      setStatus(events.readyState === EventSource.CLOSED ? 'Could not join the call. Reload the page to try again.' : 'Connection to the call lost, reconnecting...');
    };
  }
  function setMuted(kind, muted) {
    if (kind === 'audio') audioMuted = muted; else videoMuted = muted;
    var track = localTrack(kind);
    if (track) track.enabled = !muted;
    renderSelf();
    send({ type: 'media', media: mediaState() }); // to everyone in the room
    emit(kind + 'MuteStatusChanged', { muted: muted });
  }
  // A peer in audio-only mode receives no video: our camera's track leaves its sender (no renegotiation needed).
  function sendVideoTo(peer) {
    if (!peer.pc) return;
    var track = peer.media.receiveVideo === false ? null : localTrack('video') || null;
    peer.pc.getTransceivers().forEach(function (t) {
      if (t.receiver.track.kind !== 'video' || t.sender.track === track) return;
      if (!track && !t.sender.track) return;
      t.sender.replaceTrack(track).catch(function () {});
    });
  }
  function setAudioOnly(enable) {
    if (enable === audioOnly) return;
    audioOnly = enable;
    document.body.classList.toggle('audio-only', enable);
    if (enable && !videoMuted) { videoOffByAudioOnly = true; setMuted('video', true); }
    else if (!enable && videoOffByAudioOnly) { videoOffByAudioOnly = false; setMuted('video', false); }
    else { renderSelf(); send({ type: 'media', media: mediaState() }); }
    emit('audioOnlyChanged', { enabled: enable });
  }
  function hangup(closing) {
    if (left) return;
    left = true;
    if (events) events.close(); // closing the event stream is what tells the others
    Object.keys(peers).forEach(function (id) { if (peers[id].pc) peers[id].pc.close(); peers[id].tile.remove(); });
    peers = {};
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    selfVideo.srcObject = null;
    update();
    emit('videoConferenceLeft', { roomName: data.room });
    if (closing) emit('readyToClose', {});
  }

  if (data.authFailed) {
    setStatus('Authentication failed: the token was refused.');
    emit('errorOccurred', { error: { name: 'conference.authenticationRequired', isFatal: true } });
    return;
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent) return;
    var m = event.data;
    if (!m || m.jitsiStandInCommand !== true) return;
    switch (m.command) {
      case 'toggleAudio': setMuted('audio', !audioMuted); break;
      case 'toggleVideo':
        // Like Jitsi: turning the camera on leaves audio-only mode.
        if (audioOnly && videoMuted) { videoOffByAudioOnly = true; setAudioOnly(false); } else setMuted('video', !videoMuted);
        break;
      case 'setAudioOnly': setAudioOnly(m.args[0] === true); break;
      case 'displayName':
        // Changes your own label; the others keep the name the room was joined with (from the JWT).
        if (typeof m.args[0] === 'string') { displayName = m.args[0]; $('name').textContent = displayName; }
        emit('displayNameChange', { displayname: displayName }); break;
      case 'hangup': hangup(true); break;
      // Moderators only, as in Jitsi; the server checks it again (the ticket says who is one).
      case 'kickParticipant': if (data.moderator && typeof m.args[0] === 'string') send({ type: 'kick', to: m.args[0] }); break;
      default: break;
    }
  });

  window.jitsiStandIn = {
    stats: function () {
      return Promise.all(Object.keys(peers).map(function (id) {
        var peer = peers[id], pc = peer.pc;
        function sending(kind) {
          return !!pc && pc.getSenders().some(function (s) { return !!s.track && s.track.kind === kind && s.track.readyState === 'live'; });
        }
        var entry = { peerId: id, displayName: peer.displayName, connectionState: pc ? pc.connectionState : 'new',
          inboundVideo: null, inboundAudio: null, localVideoTrackLive: sending('video'), localAudioTrackLive: sending('audio') };
        if (!pc) return entry;
        return pc.getStats().then(function (report) {
          report.forEach(function (r) {
            if (r.type !== 'inbound-rtp') return;
            if (r.kind === 'video') entry.inboundVideo = { framesDecoded: r.framesDecoded || 0, frameWidth: r.frameWidth || 0, frameHeight: r.frameHeight || 0 };
            if (r.kind === 'audio') entry.inboundAudio = { totalAudioEnergy: r.totalAudioEnergy || 0, totalSamplesReceived: r.totalSamplesReceived || 0 };
          });
          return entry;
        });
      }));
    },
    localTracks: function () {
      function state(kind) { var t = localTrack(kind); return t ? t.readyState : 'none'; }
      return { video: state('video'), audio: state('audio') };
    }
  };

  renderSelf();
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { join(); return; }
  setStatus('Starting your camera and microphone...');
  function media(constraints) { return navigator.mediaDevices.getUserMedia(constraints); }
  // The call waits for the devices (or their refusal), so every connection starts with the tracks it will keep.
  media({ video: true, audio: true })
    .catch(function () { return media({ audio: true }); })
    .catch(function () { return media({ video: true }); })
    .then(function (s) {
      if (left) { s.getTracks().forEach(function (t) { t.stop(); }); return; }
      stream = s;
      s.getTracks().forEach(function (t) { t.enabled = !(t.kind === 'audio' ? audioMuted : videoMuted); });
      selfVideo.srcObject = s;
      emit('cameraStarted', {});
    }, function () { /* no devices or no permission: join to see and hear the others */ })
    .then(function () { renderSelf(); join(); });
})();
`;
