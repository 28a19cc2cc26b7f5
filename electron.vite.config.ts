import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Main-process entries: the Electron app, the headless server and the benchmark's proxy process
// (`npm run bench`). All share the engine; only the Electron entry may import `electron`
// (enforced by ESLint).
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          serve: resolve(__dirname, 'src/main/console/serve.ts'),
          'bench-proxy': resolve(__dirname, 'bench/proxy-process.ts'),
          'bench-scale': resolve(__dirname, 'bench/scale-process.ts'),
          'bench-config': resolve(__dirname, 'bench/config-edits.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // The console is also served over HTTP by `npm run serve`: ship it minified.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
