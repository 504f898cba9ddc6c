import { defineConfig } from 'vitest/config';

// One entry, stable file names: the Thymeleaf page links /assets/dashboard.js and /assets/dashboard.css.
// `npm run build` alone writes to dist/; the Maven build passes --outDir target/classes/static/assets.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: 'src/dashboard.ts',
      output: {
        entryFileNames: 'dashboard.js',
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
