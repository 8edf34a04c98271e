import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// adapter-node 6 no longer reads ORIGIN at runtime: without `paths.origin` it derives the origin
// from the Host header and assumes https (unless PROTOCOL_HEADER names a proxy header). So the
// canonical origin is baked in at build time from ORIGIN (e.g. http://localhost:3000 in dev),
// which keeps form CSRF checks and the cookie Secure flag right when served over plain http.
// eslint-disable-next-line no-restricted-properties -- build-time setting, not app config
const origin = process.env.ORIGIN || undefined;

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ precompress: false }),
      paths: { origin },
    }),
  ],
});
