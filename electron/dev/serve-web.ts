/**
 * `npm run dev:web`: serve the core (on its worker thread, as in the app) and the built renderer
 * on 127.0.0.1 for development without Electron. Data folder: FRONTDESK_DATA_DIR, or ./.frontdesk-dev.
 */
import path from 'node:path';
import { createLogger, streamSink } from '../foundation/logger';
import { startThreadedDevServer } from './dev-server';

const root = process.cwd();
const logger = createLogger(streamSink((line) => process.stderr.write(line)), { level: 'info' });
const server = await startThreadedDevServer({
  dataDir: path.resolve(process.env.FRONTDESK_DATA_DIR ?? path.join(root, '.frontdesk-dev')),
  migrationsFolder: path.join(root, 'migrations'),
  rendererDir: path.join(root, process.env.FRONTDESK_RENDERER_DIR ?? 'out/renderer'),
  port: process.env.PORT ? Number(process.env.PORT) : 0,
  logger,
});
logger.info('dev transport listening: open this URL in a browser', { url: server.url });
const stop = () => {
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error('shutdown failed', { error });
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
