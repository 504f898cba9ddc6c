import { defineConfig } from 'vitest/config';

// Two entries, stable file names: the overview page links /assets/dashboard.js and /assets/dashboard.css, the task
// list /assets/tasks.js (code both use lands in a chunk of its own, which they import).
// `npm run build` alone writes to dist/; the Maven build passes --outDir target/classes/static/assets.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { dashboard: 'src/dashboard.ts', tasks: 'src/tasks.ts' },
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: '[name].js',
        assetFileNames: 'dashboard[extname]',
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
