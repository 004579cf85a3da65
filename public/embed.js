// Gongkai Atlas embed helper: resizes <iframe data-atlas-embed> to the height its page posts.
(function () {
  if (window.__atlasEmbed) return; window.__atlasEmbed = 1;
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.type !== 'atlas-embed-height' || typeof d.height !== 'number') return;
    var frames = document.querySelectorAll('iframe[data-atlas-embed]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) frames[i].style.height = Math.min(Math.max(d.height, 50), 5000) + 'px';
    }
  });
})();
