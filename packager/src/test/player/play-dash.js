// Plays a DASH MPD with dash.js or shaka-player in Debian Chromium (see harness.js) for the Java test.
// Usage: node play-dash.js <dashjs|shaka> <mpdUrl> <seconds> [switchAtSeconds]   (env CHROMIUM: the browser binary)
// At switchAtSeconds (default a third of the run) it turns ABR off and switches to the other video
// Representation, replacing what is buffered (dash.js setRepresentationForTypeByIndex(.., true); shaka
// selectVariantTrack(track, true)), and records it in window.switched.
// The MPD, the segments and the UTCTiming clock come from the packager (another origin: it answers with
// Access-Control-Allow-Origin).
'use strict';
const fs = require('fs');
const path = require('path');
const { play } = require('./harness');

const [which, mpdUrl, secondsArg, switchArg] = process.argv.slice(2);
const switchAt = Number(switchArg || Math.round(Number(secondsArg || 25) / 3));
const lib = which === 'shaka'
  ? fs.readFileSync(require.resolve('shaka-player/dist/shaka-player.compiled.js'))
  : fs.readFileSync(path.join(__dirname, 'node_modules/dashjs/dist/modern/umd/dash.all.min.js'));
const script = which === 'shaka' ? `
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  player.configure({ streaming: { alwaysStreamText: true } });
  window.player = player;
  player.addEventListener('error', e => window.errors.push({ type: 'shaka', code: e.detail.code, severity: e.detail.severity,
      data: JSON.stringify(e.detail.data).slice(0, 300) }));
  player.attach(video).then(() => player.load(${JSON.stringify(mpdUrl)}))
      .then(() => {
        // shaka-player 5 (no setTextTrackVisibility any more): selecting a text track shows it
        const text = player.getTextTracks();
        if (text.length) {
          player.selectTextTrack(text[0]);
        }
      })
      .then(() => { window.tracks = player.getVariantTracks().map(t => ({ width: t.width, height: t.height,
          videoCodec: t.videoCodec, audioCodec: t.audioCodec })); window.live = player.isLive();
          window.textTracks = player.getTextTracks().map(t => ({ language: t.language, kind: t.kind,
              mimeType: t.mimeType, roles: t.roles })); })
      .catch(e => window.errors.push({ type: 'load', code: e.code, data: String(e) }));
  window.switchRendition = () => {
    player.configure({ abr: { enabled: false } });
    const track = player.getVariantTracks().find(t => t.height !== video.videoHeight);
    if (track) player.selectVariantTrack(track, true);
    return track ? track.height : null;
  };
` : `
  const player = dashjs.MediaPlayer().create();
  window.player = player;
  player.on(dashjs.MediaPlayer.events.ERROR, e => window.errors.push({ type: 'dashjs',
      code: e.error && e.error.code, message: e.error && e.error.message }));
  player.on(dashjs.MediaPlayer.events.PLAYBACK_ERROR, e => window.errors.push({ type: 'playback', message: String(e.error) }));
  player.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => {
    window.tracks = player.getRepresentationsByType('video').map(r => ({ width: r.width, height: r.height,
        codecs: r.codecs }));
    window.audio = player.getRepresentationsByType('audio').map(r => ({ codecs: r.codecs }));
    window.live = player.isDynamic();
    window.textTracks = player.getTracksFor('text').map(t => ({ language: t.lang, mimeType: t.mimeType,
        roles: t.roles }));
  });
  player.on(dashjs.MediaPlayer.events.FRAGMENT_LOADING_COMPLETED, e => {
    const t = e.request && e.request.mediaType;
    if (t) window.loaded[t] = (window.loaded[t] || 0) + 1;
  });
  player.initialize(video, ${JSON.stringify(mpdUrl)}, true);
  window.switchRendition = () => {
    player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
    const reps = player.getRepresentationsByType('video');
    const to = reps.findIndex(r => r.height !== video.videoHeight);
    if (to >= 0) player.setRepresentationForTypeByIndex('video', to, true);
    return to < 0 ? null : reps[to].height;
  };
`;
play({
  lib,
  seconds: Number(secondsArg || 25),
  script: "window.tracks = []; window.loaded = {};" + script + `
  setTimeout(() => {
    const from = video.videoHeight;
    const frames = video.getVideoPlaybackQuality().totalVideoFrames;
    try {
      window.switched = { from, to: window.switchRendition(), frames };
    } catch (e) {
      window.errors.push({ type: 'switch', message: String(e) });
    }
  }, ${switchAt * 1000});`,
  collect: () => ({ errors: window.errors, tracks: window.tracks, audio: window.audio || null,
    live: window.live === true, loaded: window.loaded, switched: window.switched || null,
    textTracks: window.textTracks || [],
    cues: Array.from(document.getElementById('v').textTracks).map(t => ({ label: t.label, mode: t.mode,
        cues: t.cues ? Array.from(t.cues).slice(0, 40).map(c => ({ start: c.startTime, text: c.text })) : [] })) }),
});
