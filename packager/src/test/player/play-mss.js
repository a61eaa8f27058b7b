// Plays a Smooth Streaming manifest with dash.js and its MSS module in Debian Chromium (see harness.js) and
// reports the text tracks dash.js offers and the cues it puts on the video element, for SmoothSubtitlesLiveIT.
// Usage: node play-mss.js <manifestUrl> <timeUrl> <seconds>   (env CHROMIUM: the browser binary)
'use strict';
const fs = require('fs');
const path = require('path');
const { play } = require('./harness');

const [url, timeUrl, secondsArg] = process.argv.slice(2);
const dist = path.join(__dirname, 'node_modules/dashjs/dist/modern/umd');
// dash.js 5 finds its MSS module as the global dashjs.MssHandler, set by dash.mss.min.js loaded after the player
const lib = Buffer.concat([fs.readFileSync(path.join(dist, 'dash.all.min.js')), Buffer.from('\n;\n'),
  fs.readFileSync(path.join(dist, 'dash.mss.min.js'))]);
play({
  lib,
  seconds: Number(secondsArg || 8),
  script: `
  window.textTracks = [];
  const player = dashjs.MediaPlayer().create();
  // a Smooth manifest has no UTCTiming: without this dash.js asks time.akamai.com (unreachable here)
  player.updateSettings({ streaming: { utcSynchronization: { defaultTimingSource:
      { scheme: 'urn:mpeg:dash:utc:http-iso:2014', value: ${JSON.stringify(timeUrl)} } } } });
  player.on(dashjs.MediaPlayer.events.ERROR, e => window.errors.push({ type: 'dashjs',
      code: e.error && e.error.code, message: e.error && e.error.message }));
  player.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => {
    window.textTracks = player.getTracksFor('text').map(t => ({ language: t.lang, mimeType: t.mimeType,
        codec: t.codec, roles: t.roles }));
    if (window.textTracks.length) player.setTextTrack(0);
  });
  // dash.js renders TTML cues as HTML into this div (without it: "Impossible to display subtitles"); the cues stay
  // on the video element's text track, their text in cueHTMLElement
  const div = document.createElement('div');
  document.body.appendChild(div);
  player.initialize(video, ${JSON.stringify(url)}, true);
  player.attachTTMLRenderingDiv(div);`,
  collect: () => ({ errors: window.errors, mss: typeof dashjs.MssHandler === 'function',
    textTracks: window.textTracks, currentTime: document.getElementById('v').currentTime,
    rendered: document.querySelector('body > div') ? document.querySelector('body > div').textContent : '',
    cues: Array.from(document.getElementById('v').textTracks).map(t => ({ label: t.label, mode: t.mode,
        cues: t.cues ? Array.from(t.cues).slice(0, 40).map(c => ({ start: c.startTime, end: c.endTime,
            text: c.text || (c.cueHTMLElement ? c.cueHTMLElement.textContent : '') })) : [] })) }),
});
