// Gongkai Atlas embed helper: resizes <iframe data-atlas-embed> to the height its page posts.
// A message counts only when it comes from the iframe's own window AND from the origin its src names:
// a frame navigated elsewhere (or any other window) cannot resize it.
(function () {
  if (window.__atlasEmbed) return; window.__atlasEmbed = 1;
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.type !== 'atlas-embed-height' || typeof d.height !== 'number' || !isFinite(d.height)) return;
    var frames = document.querySelectorAll('iframe[data-atlas-embed]');
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.contentWindow !== e.source) continue;
      var origin;
      try { origin = new URL(f.src, location.href).origin; } catch (err) { continue; }
      if (origin === 'null' || e.origin !== origin) continue;
      f.style.height = Math.min(Math.max(d.height, 50), 5000) + 'px';
    }
  });
})();
