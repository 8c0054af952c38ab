import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run web:dev` proxies the API to a running gateway (npm start): GATEWAY_URL, default :3000.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The browser-safe part of libs/contracts (permissions, roles, case actions) straight from its source:
    // no build of the library needed first, and the same module for the build, the dev server and Vitest.
    alias: {
      '@yiwang/contracts/access': fileURLToPath(
        new URL('../libs/contracts/src/access/index.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: {
        // The big libraries in their own long-cached files, so a UI change does not re-download them.
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react)/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|rc-|@rc-component)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
      '/health': { target: gateway },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 60_000,
    // One module cache per worker: Ant Design loads once, not once per file (files clean up after themselves).
    isolate: false,
  },
});
