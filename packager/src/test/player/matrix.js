// The player matrix: several player x format pairs played at once, one page each in one Debian Chromium (driven by
// playwright-core, no browser download; env CHROMIUM: the binary, default /usr/bin/chromium), for PlayerMatrixIT.
// Usage: node matrix.js <config.json>
//   {"seconds": 30, "switchAt": 10, "fps": 25, "startupTimeout": 25, "timeUrl": "http://.../out/v1/time",
//    "pairs": [{"name": "hlsjs-ts", "player": "hlsjs|shaka|dashjs|dashjs-mss", "url": "...", "startAfter": 0}, ...]}
// (startAfter: seconds to wait before opening that page)
// Each page plays its URL; its run starts at the first `playing` event (startup) and lasts `seconds` of wall time;
// `switchAt` seconds into the run it turns ABR off and switches to the video rendition of the other height. The page
// watches the playhead every 250 ms from startup on (see stalls below). Prints one JSON line per page and second,
// browser errors and HTTP errors >= 400 as JSON lines, then "RESULT {name: {...}, ...}"; "FAILED ..." and exit
// code 2 when the run itself breaks.
//
// Stalls (docs/players.md, "Player matrix"): after startup, (1) every `waiting` event, (2) every 250 ms probe with
// readyState < 3 (HAVE_FUTURE_DATA), (3) every window of 3 s (consecutive, non-overlapping, from startup) over which
// currentTime advanced less than 0.9x the wall time that passed, (4) every such window in which fewer video frames
// were decoded than half of `fps` per second of wall time (the picture froze while the audio clock ran on).
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
  // several pages at once: none of them is "in the background"
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'];

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const dashDist = path.join(__dirname, 'node_modules/dashjs/dist/modern/umd');
const read = f => fs.readFileSync(f);
const LIBS = {
  hlsjs: () => read(require.resolve('hls.js/dist/hls.min.js')),
  // shaka-player reads MPEG-TS only through mux.js (window.muxjs), which must load first
  shaka: () => Buffer.concat([read(path.join(__dirname, 'node_modules/mux.js/dist/mux.min.js')), Buffer.from('\n;\n'),
    read(require.resolve('shaka-player/dist/shaka-player.compiled.js'))]),
  dashjs: () => read(path.join(dashDist, 'dash.all.min.js')),
  // dash.js 5 finds its MSS module as the global dashjs.MssHandler, set by dash.mss.min.js loaded after the player
  'dashjs-mss': () => Buffer.concat([read(path.join(dashDist, 'dash.all.min.js')), Buffer.from('\n;\n'),
    read(path.join(dashDist, 'dash.mss.min.js'))]),
};

// Per player: start playing `url`, report errors into window.errors, list the video renditions in window.tracks,
// and define window.switchTo(height) (ABR off, that rendition from now on; returns whether it found it).
const PLAYERS = {
  hlsjs: url => `
  const hls = new Hls({ enableWorker: true });
  hls.on(Hls.Events.ERROR, (e, d) => window.errors.push({ type: d.type, details: d.details, fatal: d.fatal,
      url: d.frag ? d.frag.url : (d.url || null), reason: d.reason || (d.error ? String(d.error) : null) }));
  hls.on(Hls.Events.MANIFEST_PARSED, (e, d) => { window.tracks = d.levels.map(l => ({ width: l.width, height: l.height })); });
  hls.loadSource(${JSON.stringify(url)});
  hls.attachMedia(video);
  video.play().catch(e => window.errors.push({ type: 'play', details: String(e) }));
  // smooth: from the next fragment on (hls.currentLevel would flush the buffer)
  window.switchTo = h => { const i = hls.levels.findIndex(l => l.height === h); if (i >= 0) hls.nextLevel = i; return i >= 0; };
  window.live = () => hls.levels.length > 0 && hls.levels[Math.max(hls.currentLevel, 0)].details
      ? hls.levels[Math.max(hls.currentLevel, 0)].details.live : null;`,
  shaka: url => `
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  player.addEventListener('error', e => window.errors.push({ type: 'shaka', code: e.detail.code, severity: e.detail.severity,
      data: JSON.stringify(e.detail.data).slice(0, 300) }));
  player.attach(video).then(() => player.load(${JSON.stringify(url)}))
      .then(() => { window.tracks = player.getVariantTracks().map(t => ({ width: t.width, height: t.height })); })
      .catch(e => window.errors.push({ type: 'load', code: e.code, data: String(e) }));
  window.switchTo = h => {
    player.configure({ abr: { enabled: false } });
    const t = player.getVariantTracks().find(t => t.height === h);
    // clearBuffer with a 2 s safe margin: the new rendition shows about 2 s later, without emptying the buffer
    if (t) player.selectVariantTrack(t, true, 2);
    return !!t;
  };
  window.live = () => player.isLive();`,
  dashjs: (url, timeUrl, mss) => `
  const player = dashjs.MediaPlayer().create();
  ${mss ? `// a Smooth manifest has no UTCTiming: without this dash.js asks time.akamai.com (unreachable here)
  player.updateSettings({ streaming: { utcSynchronization: { defaultTimingSource:
      { scheme: 'urn:mpeg:dash:utc:http-iso:2014', value: ${JSON.stringify(timeUrl)} } } } });
  // Default buffer settings on purpose: dash.js learns each next chunk only from the tfrf of the fragment it
  // loads and, with its 18 s buffer target, asks for the newest fragment as soon as it exists. The packager holds
  // that request until the next fragment exists, so its tfrf names it (LookAheadWait, docs/players.md).
  window.mss = typeof dashjs.MssHandler === 'function';` : ''}
  player.on(dashjs.MediaPlayer.events.ERROR, e => window.errors.push({ type: 'dashjs',
      code: e.error && e.error.code, message: e.error && e.error.message }));
  player.on(dashjs.MediaPlayer.events.PLAYBACK_ERROR, e => window.errors.push({ type: 'playback', message: String(e.error) }));
  player.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => {
    window.tracks = player.getRepresentationsByType('video').map(r => ({ width: r.width, height: r.height }));
  });
  player.initialize(video, ${JSON.stringify(url)}, true);
  window.switchTo = h => {
    player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
    const i = player.getRepresentationsByType('video').findIndex(r => r.height === h);
    // no forceReplace: the new rendition shows once what is buffered ahead has played. With forceReplace the
    // buffer is replaced and the picture freezes 1-2 s while the audio clock runs on (docs/players.md)
    if (i >= 0) player.setRepresentationForTypeByIndex('video', i, false);
    return i >= 0;
  };
  window.live = () => player.isDynamic();`,
};

function pageHtml(pair) {
  const script = pair.player === 'hlsjs' ? PLAYERS.hlsjs(pair.url)
    : pair.player === 'shaka' ? PLAYERS.shaka(pair.url)
      : PLAYERS.dashjs(pair.url, config.timeUrl, pair.player === 'dashjs-mss');
  return `<!doctype html><html><body>
<video id="v" muted autoplay playsinline width="480"></video>
<script>
  // what the player appends to Chromium: its MSE SourceBuffer MIME types (TS natively or transmuxed to MP4)
  window.sourceBufferTypes = [];
  const addSourceBuffer = MediaSource.prototype.addSourceBuffer;
  MediaSource.prototype.addSourceBuffer = function (type) { window.sourceBufferTypes.push(type); return addSourceBuffer.call(this, type); };
</script>
<script src="lib.js"></script>
<script>
  window.errors = []; window.tracks = [];
  const video = document.getElementById('v');
  // the watch: from the first 'playing' event on, waiting events, and a probe every 250 ms
  window.watch = { startedAt: null, waiting: [], probes: [], resizes: [] };
  video.addEventListener('playing', () => {
    if (window.watch.startedAt === null) {
      window.watch.startedAt = performance.now();
      setInterval(() => window.watch.probes.push({ t: performance.now(), ct: video.currentTime, rs: video.readyState,
          f: video.getVideoPlaybackQuality().totalVideoFrames, pr: video.playbackRate }), 250);
    }
  });
  video.addEventListener('waiting', () => {
    if (window.watch.startedAt !== null) window.watch.waiting.push({ t: performance.now(), ct: video.currentTime });
  });
  video.addEventListener('resize', () => window.watch.resizes.push({ t: performance.now(), h: video.videoHeight }));
  ${script}
</script></body></html>`;
}

const SAMPLE = () => {
  const v = document.getElementById('v');
  const q = v.getVideoPlaybackQuality();
  return { now: performance.now(), startedAt: window.watch.startedAt, currentTime: v.currentTime,
    videoHeight: v.videoHeight, totalVideoFrames: q.totalVideoFrames, droppedVideoFrames: q.droppedVideoFrames,
    readyState: v.readyState, paused: v.paused, errors: window.errors.length };
};

/** Stalls after startup, per the definition above, from the page's watch. */
function stalls(watch, endAt) {
  const probes = watch.probes.filter(p => p.t <= endAt);
  const slowWindows = [];
  const frozenWindows = [];
  let from = probes[0];
  for (const p of probes) {
    if (p.t - from.t >= 3000) {
      const rate = (p.ct - from.ct) / ((p.t - from.t) / 1000);
      const fps = (p.f - from.f) / ((p.t - from.t) / 1000);
      if (rate < 0.9) slowWindows.push({ at: +((from.t - watch.startedAt) / 1000).toFixed(2), rate: +rate.toFixed(3) });
      if (fps < 0.5 * config.fps) frozenWindows.push({ at: +((from.t - watch.startedAt) / 1000).toFixed(2), fps: +fps.toFixed(1) });
      from = p;
    }
  }
  const lowReadyState = probes.filter(p => p.rs < 3).map(p => ({ at: +((p.t - watch.startedAt) / 1000).toFixed(2), rs: p.rs }));
  const waiting = watch.waiting.filter(w => w.t <= endAt).map(w => +((w.t - watch.startedAt) / 1000).toFixed(2));
  let minRate = Infinity;
  for (let i = 0; i + 12 < probes.length; i += 12) {
    minRate = Math.min(minRate, (probes[i + 12].ct - probes[i].ct) / ((probes[i + 12].t - probes[i].t) / 1000));
  }
  const rates = probes.map(p => p.pr);
  return { waiting, lowReadyState, slowWindows, frozenWindows,
    playbackRates: [Math.min(...rates), Math.max(...rates)],
    count: waiting.length + lowReadyState.length + slowWindows.length + frozenWindows.length,
    probes: probes.length, minRate3s: minRate === Infinity ? null : +minRate.toFixed(3) };
}

async function run(context, pair, base) {
  if (pair.startAfter) {
    await new Promise(r => setTimeout(r, pair.startAfter * 1000));
  }
  const p = await context.newPage();
  const log = o => console.log(JSON.stringify({ pair: pair.name, ...o }));
  p.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') log({ console: m.text() }); });
  p.on('response', r => { if (r.status() >= 400) log({ http: r.status(), url: r.url() }); });
  await p.goto(`${base}/${pair.name}/`);
  const samples = [];
  const result = { player: pair.player, url: pair.url, samples };
  const deadline = Date.now() + config.startupTimeout * 1000;
  let startedAt = null;
  while (startedAt === null) {
    if (Date.now() > deadline) {
      result.startupFailed = true;
      result.errors = await p.evaluate(() => window.errors);
      return result;
    }
    await p.waitForTimeout(250);
    startedAt = await p.evaluate(() => window.watch.startedAt);
  }
  result.startupMs = Math.round(startedAt); // performance.now() counts from the page's navigation
  // one sample a second, measured from startup; the switch at switchAt s
  for (let i = 1; i <= config.seconds; i++) {
    const now = await p.evaluate(() => performance.now());
    await p.waitForTimeout(Math.max(0, startedAt + i * 1000 - now));
    if (i === config.switchAt) {
      result.switched = await p.evaluate(() => {
        const v = document.getElementById('v');
        const from = v.videoHeight;
        const other = window.tracks.find(t => t.height && t.height !== from);
        const to = other ? other.height : null;
        const ok = to !== null && window.switchTo(to);
        return { from, to, ok, at: performance.now(), frames: v.getVideoPlaybackQuality().totalVideoFrames };
      });
    }
    const s = await p.evaluate(SAMPLE);
    samples.push(s);
    log({ t: i, ct: +s.currentTime.toFixed(3), h: s.videoHeight, frames: s.totalVideoFrames, dropped: s.droppedVideoFrames,
      rs: s.readyState, errors: s.errors });
  }
  const end = samples[samples.length - 1];
  const final = await p.evaluate(() => ({ errors: window.errors, tracks: window.tracks, live: window.live(),
    sourceBufferTypes: window.sourceBufferTypes,
    mss: window.mss === undefined ? null : window.mss, watch: window.watch }));
  const first = final.watch.probes[0];
  result.errors = final.errors;
  result.tracks = final.tracks;
  result.sourceBufferTypes = final.sourceBufferTypes;
  result.live = final.live;
  result.mss = final.mss;
  result.runSeconds = +((end.now - startedAt) / 1000).toFixed(3);
  result.played = +(end.currentTime - (first ? first.ct : end.currentTime)).toFixed(3);
  result.frames = end.totalVideoFrames;
  result.dropped = end.droppedVideoFrames;
  result.finalHeight = end.videoHeight;
  result.paused = end.paused;
  result.stalls = stalls(final.watch, end.now);
  if (result.switched) {
    const shown = final.watch.resizes.find(r => r.t >= result.switched.at && r.h === result.switched.to);
    result.switched.latencyMs = shown ? Math.round(shown.t - result.switched.at) : null;
    result.switched.framesAfter = end.totalVideoFrames - result.switched.frames;
  }
  return result;
}

(async () => {
  const server = http.createServer((req, res) => {
    const m = /^\/([^/]+)\/(lib\.js)?$/.exec(req.url);
    const pair = m && config.pairs.find(x => x.name === m[1]);
    if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else if (!pair) {
      res.writeHead(404);
      res.end();
    } else if (m[2]) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(LIBS[pair.player]());
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(pageHtml(pair));
    }
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  let exit = 0;
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const results = await Promise.all(config.pairs.map(pair => run(context, pair, base).catch(e => ({ failed: String(e && e.stack || e) }))));
    const out = {};
    config.pairs.forEach((pair, i) => { out[pair.name] = results[i]; });
    console.log('RESULT ' + JSON.stringify(out));
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
