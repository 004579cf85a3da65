// The citation shows the address the reader actually used.
document.querySelectorAll('[data-site-url]').forEach((e) => { e.textContent = new URL(document.documentElement.dataset.base || '/', location.href).href; });
