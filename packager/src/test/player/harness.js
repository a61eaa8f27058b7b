// The part of the player tests that does not depend on the player library: serves a page and the library from
// 127.0.0.1 (loopback only), opens it in Debian Chromium through playwright-core (no browser download; env
// CHROMIUM: the binary, default /usr/bin/chromium), prints one JSON line per second (playhead, buffer, decoded
// and dropped frames), browser errors/warnings and HTTP errors as JSON lines, then "RESULT {...}" with the
// samples and what the page collected; "FAILED ..." and exit code 2 when the run itself breaks.
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required'];

/**
 * @param lib      the player library's bytes, served as /player.js
 * @param script   page script run after the library loads; `video` is the <video> element and
 *                 `window.errors` an array for player errors
 * @param seconds  how long to sample
 * @param collect  a function evaluated in the page at the end; its result goes into RESULT
 */
async function play({ lib, script, seconds, collect }) {
  const page = `<!doctype html><html><body>
<video id="v" muted autoplay playsinline width="480"></video>
<script src="/player.js"></script>
<script>
  window.errors = [];
  const video = document.getElementById('v');
  ${script}
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
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  let exit = 0;
  try {
    const p = context.pages()[0] || await context.newPage();
    p.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') console.log(JSON.stringify({ console: m.text() })); });
    p.on('response', r => { if (r.status() >= 400) console.log(JSON.stringify({ http: r.status(), url: r.url() })); });
    await p.goto(`http://127.0.0.1:${server.address().port}/`);
    const samples = [];
    for (let i = 0; i < seconds; i++) {
      await p.waitForTimeout(1000);
      const s = await p.evaluate(() => {
        const v = document.getElementById('v');
        const q = v.getVideoPlaybackQuality();
        const b = v.buffered.length ? v.buffered.end(v.buffered.length - 1) : 0;
        return { currentTime: v.currentTime, bufferedEnd: b, videoHeight: v.videoHeight, totalVideoFrames: q.totalVideoFrames,
          droppedVideoFrames: q.droppedVideoFrames, readyState: v.readyState, paused: v.paused,
          errors: window.errors.length };
      });
      samples.push(s);
      console.log(JSON.stringify(s));
    }
    const final = await p.evaluate(collect);
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
}

module.exports = { play };
