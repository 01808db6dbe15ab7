import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The dashboard, served by the gateway from web/dist. `npm run build` builds it; for development,
// `npx vite --config services/gateway/web/vite.config.mts` proxies /api to a running gateway (GATEWAY_URL).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // the chart library in a chunk of its own: cached across dashboard releases
      output: {
        manualChunks: (id: string) => (/node_modules\/(echarts|zrender)\//.test(id) ? 'echarts' : undefined),
      },
    },
  },
  server: { proxy: { '/api': process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080' } },
});
