// Plays an HLS URL with hls.js in Debian Chromium (driven by playwright-core; no browser download) and
// prints one JSON line per second plus a final "RESULT {...}" line for the Java test to assert on.
// Usage: node play-hls.js <masterUrl> <seconds>   (env CHROMIUM: the browser binary, default /usr/bin/chromium)
// The page and hls.js are served by a static server on 127.0.0.1 (loopback only); the manifest and segments
// come from the packager (another origin: it answers with Access-Control-Allow-Origin).
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [masterUrl, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg || 25);
const hlsJs = fs.readFileSync(require.resolve('hls.js/dist/hls.min.js'));
const page = `<!doctype html><html><body>
<video id="v" muted autoplay playsinline width="480"></video>
<script src="/hls.min.js"></script>
<script>
  window.errors = [];
  window.levels = [];
  window.audioTracks = [];
  const video = document.getElementById('v');
  const hls = new Hls({ enableWorker: true });
  hls.on(Hls.Events.ERROR, (e, d) => window.errors.push({ type: d.type, details: d.details, fatal: d.fatal,
      url: d.frag ? d.frag.url : (d.url || null), reason: d.reason || (d.error ? String(d.error) : null) }));
  window.buffered = {};
  window.sourceBuffers = {};
  hls.on(Hls.Events.MANIFEST_PARSED, (e, d) => {
    window.levels = d.levels.map(l => ({ width: l.width, height: l.height, codecs: l.attrs.CODECS }));
  });
  hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, (e, d) => {
    window.audioTracks = d.audioTracks.map(t => ({ name: t.name, groupId: t.groupId, url: t.url }));
  });
  hls.on(Hls.Events.BUFFER_CREATED, (e, d) => {
    for (const [type, t] of Object.entries(d.tracks)) window.sourceBuffers[type] = t.codec || t.levelCodec || null;
  });
  // Fragments appended per playlist type: "main" (video variant) and "audio" (the EXT-X-MEDIA group).
  hls.on(Hls.Events.FRAG_BUFFERED, (e, d) => {
    window.buffered[d.frag.type] = (window.buffered[d.frag.type] || 0) + 1;
  });
  hls.loadSource(${JSON.stringify(masterUrl)});
  hls.attachMedia(video);
  video.play().catch(e => window.errors.push({ type: 'play', details: String(e), fatal: false }));
</script></body></html>`;

const server = http.createServer((req, res) => {
  if (req.url === '/hls.min.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript' });
    res.end(hlsJs);
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
    p.on('console', m => { if (m.type() === 'error') console.log(JSON.stringify({ console: m.text() })); });
    await p.goto(`http://127.0.0.1:${server.address().port}/`);
    const samples = [];
    for (let i = 0; i < seconds; i++) {
      await p.waitForTimeout(1000);
      const s = await p.evaluate(() => {
        const v = document.getElementById('v');
        const q = v.getVideoPlaybackQuality();
        return { currentTime: v.currentTime, totalVideoFrames: q.totalVideoFrames, droppedVideoFrames: q.droppedVideoFrames,
          readyState: v.readyState, paused: v.paused, errors: window.errors.length };
      });
      samples.push(s);
      console.log(JSON.stringify(s));
    }
    const final = await p.evaluate(() => ({ errors: window.errors, levels: window.levels, audioTracks: window.audioTracks,
      sourceBuffers: window.sourceBuffers, buffered: window.buffered }));
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
