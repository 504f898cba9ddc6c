import { defineConfig } from 'vitest/config';

// One entry per page that has a script, stable file names: the Thymeleaf pages link /assets/dashboard.js and
// /assets/dashboard.css, /assets/tasks.js (the task list: a batch's live progress and rows, or the list kept live),
// /assets/offers.js (the offers page kept live) and /assets/executor-logs.js
// (an executor's log page: follow). Code several entries use lands in a chunk of its own, which they import.
// `npm run build` alone writes to dist/; the Maven build passes --outDir target/classes/static/assets.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        dashboard: 'src/dashboard.ts',
        tasks: 'src/tasks.ts',
        offers: 'src/offers.ts',
        'executor-logs': 'src/executor-logs.ts',
      },
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
