import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Daphne serves both /api and /ws; the dev server proxies them, upgrades included.
export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/api': 'http://localhost:8000',
      '/ws': { target: 'ws://localhost:8000', ws: true },
    },
  },
});
