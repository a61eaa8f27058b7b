// Plays an HLS URL with hls.js in Debian Chromium (see harness.js) for the Java test to assert on.
// Usage: node play-hls.js <masterUrl> <seconds> [switchAtSeconds]   (env CHROMIUM: the browser binary, default /usr/bin/chromium)
// At switchAtSeconds (default a third of the run) it switches to the other video rendition (hls.nextLevel, a
// smooth switch at the next fragment) and records it in window.switched.
// The manifest and segments come from the packager (another origin: it answers with Access-Control-Allow-Origin).
'use strict';
const fs = require('fs');
const { play } = require('./harness');

const [masterUrl, secondsArg, switchArg] = process.argv.slice(2);
const switchAt = Number(switchArg || Math.round(Number(secondsArg || 25) / 3));
play({
  lib: fs.readFileSync(require.resolve('hls.js/dist/hls.min.js')),
  seconds: Number(secondsArg || 25),
  script: `
  window.levels = [];
  window.audioTracks = [];
  window.subtitleTracks = [];
  window.subtitleFragments = 0;
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
  hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, (e, d) => {
    window.subtitleTracks = d.subtitleTracks.map(t => ({ name: t.name, groupId: t.groupId, lang: t.lang, url: t.url }));
  });
  hls.on(Hls.Events.SUBTITLE_FRAG_PROCESSED, (e, d) => { if (d.success) window.subtitleFragments++; });
  hls.on(Hls.Events.BUFFER_CREATED, (e, d) => {
    for (const [type, t] of Object.entries(d.tracks)) window.sourceBuffers[type] = t.codec || t.levelCodec || null;
  });
  // Fragments appended per playlist type: "main" (video variant) and "audio" (the EXT-X-MEDIA group).
  hls.on(Hls.Events.FRAG_BUFFERED, (e, d) => {
    window.buffered[d.frag.type] = (window.buffered[d.frag.type] || 0) + 1;
  });
  // Rendition switch: ABR off for video (a manual level), to the level whose height is not the one playing.
  hls.on(Hls.Events.LEVEL_SWITCHED, (e, d) => { window.levelSwitches.push(d.level); });
  window.levelSwitches = [];
  setTimeout(() => {
    const from = video.videoHeight;
    const to = hls.levels.findIndex(l => l.height !== from);
    window.switched = { from, to: to < 0 ? null : hls.levels[to].height, frames: video.getVideoPlaybackQuality().totalVideoFrames };
    if (to >= 0) hls.nextLevel = to;
  }, ${switchAt * 1000});
  hls.loadSource(${JSON.stringify(masterUrl)});
  hls.attachMedia(video);
  video.play().catch(e => window.errors.push({ type: 'play', details: String(e), fatal: false }));
`,
  collect: () => ({ errors: window.errors, levels: window.levels, audioTracks: window.audioTracks,
    subtitleTracks: window.subtitleTracks, subtitleFragments: window.subtitleFragments,
    textTracks: Array.from(document.getElementById('v').textTracks).map(t => ({ kind: t.kind, label: t.label, mode: t.mode,
      cues: t.cues ? Array.from(t.cues).map(c => ({ start: c.startTime, end: c.endTime, text: c.text })) : [] })),
    sourceBuffers: window.sourceBuffers, buffered: window.buffered, switched: window.switched || null,
    levelSwitches: window.levelSwitches }),
});
