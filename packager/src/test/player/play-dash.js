// Plays a DASH MPD with dash.js or shaka-player in Debian Chromium (driven by playwright-core; no browser
// download) and prints one JSON line per second plus a final "RESULT {...}" line for the Java test.
// Usage: node play-dash.js <dashjs|shaka> <mpdUrl> <seconds>   (env CHROMIUM: the browser binary)
// The page and the player library are served by a static server on 127.0.0.1; the MPD, the segments and the
// UTCTiming clock come from the packager (another origin: it answers with Access-Control-Allow-Origin).
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [which, mpdUrl, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg || 25);
const lib = which === 'shaka'
  ? fs.readFileSync(require.resolve('shaka-player/dist/shaka-player.compiled.js'))
  : fs.readFileSync(path.join(__dirname, 'node_modules/dashjs/dist/modern/umd/dash.all.min.js'));
const start = which === 'shaka' ? `
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  window.player = player;
  player.addEventListener('error', e => window.errors.push({ type: 'shaka', code: e.detail.code, severity: e.detail.severity,
      data: JSON.stringify(e.detail.data).slice(0, 300) }));
  player.attach(video).then(() => player.load(${JSON.stringify(mpdUrl)}))
      .then(() => { window.tracks = player.getVariantTracks().map(t => ({ width: t.width, height: t.height,
          videoCodec: t.videoCodec, audioCodec: t.audioCodec })); window.live = player.isLive(); })
      .catch(e => window.errors.push({ type: 'load', code: e.code, data: String(e) }));
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
  });
  player.on(dashjs.MediaPlayer.events.FRAGMENT_LOADING_COMPLETED, e => {
    const t = e.request && e.request.mediaType;
    if (t) window.loaded[t] = (window.loaded[t] || 0) + 1;
  });
  player.initialize(video, ${JSON.stringify(mpdUrl)}, true);
`;
const page = `<!doctype html><html><body>
<video id="v" muted autoplay playsinline width="480"></video>
<script src="/player.js"></script>
<script>
  window.errors = [];
  window.tracks = [];
  window.loaded = {};
  const video = document.getElementById('v');
  ${start}
</script></body></html>`;

const server = http.createServer((req, res) => {
  if (req.url === '/player.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript' });
    res.end(lib);
  } else if (req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page);
  } else {
    res.writeHead(404);
    res.end();
  }
});

(async () => {
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  let exit = 0;
  try {
    const p = context.pages()[0] || await context.newPage();
    p.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') console.log(JSON.stringify({ console: m.text() })); });
    const requests = {};
    p.on('response', r => { if (r.status() >= 400) console.log(JSON.stringify({ http: r.status(), url: r.url() })); });
    await p.goto(`http://127.0.0.1:${server.address().port}/`);
    const samples = [];
    for (let i = 0; i < seconds; i++) {
      await p.waitForTimeout(1000);
      const s = await p.evaluate(() => {
        const v = document.getElementById('v');
        const q = v.getVideoPlaybackQuality();
        const b = v.buffered.length ? v.buffered.end(v.buffered.length - 1) : 0;
        return { currentTime: v.currentTime, bufferedEnd: b, totalVideoFrames: q.totalVideoFrames,
          droppedVideoFrames: q.droppedVideoFrames, readyState: v.readyState, paused: v.paused,
          errors: window.errors.length };
      });
      samples.push(s);
      console.log(JSON.stringify(s));
    }
    const final = await p.evaluate(() => ({ errors: window.errors, tracks: window.tracks, audio: window.audio || null,
      live: window.live === true, loaded: window.loaded }));
    console.log('RESULT ' + JSON.stringify({ samples, ...final }));
  } catch (e) {
    console.log('FAILED ' + (e && e.stack || e));
    exit = 2;
  } finally {
    await context.close();
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  process.exit(exit);
})();
