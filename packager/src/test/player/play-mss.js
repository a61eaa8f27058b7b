// Plays a Smooth Streaming manifest with dash.js and its MSS module in Debian Chromium (see harness.js) for the
// Java test. Usage: node play-mss.js <manifestUrl> <seconds> <timeUrl>   (env CHROMIUM: the browser binary)
// A Smooth manifest has no UTCTiming: dash.js then asks its default time source (time.akamai.com), unreachable
// here, and reports error 16; <timeUrl> (the packager's own ISO clock) replaces that default.
// dash.js 5 finds the MSS module as the global dashjs.MssHandler, which dash.mss.min.js sets: both builds are
// served as one script, the player first.
'use strict';
const fs = require('fs');
const path = require('path');
const { play } = require('./harness');

const [manifestUrl, secondsArg, timeUrl] = process.argv.slice(2);
const dist = path.join(__dirname, 'node_modules/dashjs/dist/modern/umd');
const lib = Buffer.concat([fs.readFileSync(path.join(dist, 'dash.all.min.js')), Buffer.from('\n;\n'),
  fs.readFileSync(path.join(dist, 'dash.mss.min.js'))]);
const script = `
  window.tracks = []; window.loaded = {}; window.mss = typeof dashjs.MssHandler === 'function';
  const player = dashjs.MediaPlayer().create();
  window.player = player;
  player.updateSettings({ streaming: { utcSynchronization: { defaultTimingSource:
      { scheme: 'urn:mpeg:dash:utc:http-iso:2014', value: ${JSON.stringify(timeUrl)} } } } });
  player.on(dashjs.MediaPlayer.events.ERROR, e => window.errors.push({ type: 'dashjs',
      code: e.error && e.error.code, message: e.error && e.error.message }));
  player.on(dashjs.MediaPlayer.events.PLAYBACK_ERROR, e => window.errors.push({ type: 'playback', message: String(e.error) }));
  player.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => {
    window.tracks = player.getRepresentationsByType('video').map(r => ({ width: r.width, height: r.height,
        codecs: r.codecs, bandwidth: r.bandwidth }));
    window.audio = player.getRepresentationsByType('audio').map(r => ({ codecs: r.codecs, bandwidth: r.bandwidth }));
    window.live = player.isDynamic();
  });
  player.on(dashjs.MediaPlayer.events.FRAGMENT_LOADING_COMPLETED, e => {
    const t = e.request && e.request.mediaType;
    if (t) window.loaded[t] = (window.loaded[t] || 0) + 1;
  });
  player.initialize(video, ${JSON.stringify(manifestUrl)}, true);
`;
play({
  lib,
  seconds: Number(secondsArg || 25),
  script,
  collect: () => ({ errors: window.errors, tracks: window.tracks, audio: window.audio || null,
    live: window.live === true, loaded: window.loaded, mss: window.mss }),
});
