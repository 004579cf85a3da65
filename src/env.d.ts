/// <reference types="astro/client" />

/** Subresource-integrity hash of public/embed.js (sha384-…), computed when the site is built (astro.config.mjs). */
declare const __ATLAS_EMBED_SRI__: string;
