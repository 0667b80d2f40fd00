import { defineConfig } from 'vite'

// Example payloads are emitted as plain files under dist/examples/ (fetched when picked), never inlined
// into the app's code: the app's size budget excludes them, and bench/ measures everything else.
export default defineConfig({
  base: './',
  server: { fs: { allow: ['../..'] } },
  build: {
    target: 'es2022',
    assetsInlineLimit: 0,
    // Vite's preload polyfill is an inline-free module, but the app has one entry: nothing to preload.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        assetFileNames: (asset) =>
          /\.(json|ndjson)$/.test(asset.names[0] ?? '')
            ? 'examples/[name]-[hash][extname]'
            : 'assets/[name]-[hash][extname]',
      },
    },
  },
  worker: { format: 'es' },
})
