import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Served by the Doorstep server at /book/ (apps/portal/dist); in development Vite proxies /api to it.
export default defineConfig({
  base: '/book/',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5174, proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } } },
})
