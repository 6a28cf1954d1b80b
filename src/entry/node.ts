// `npm start`: the Node entry. Reads the environment, starts the server, handles SIGTERM/SIGINT.
import { StartupError, startNodeServer } from './node-server.ts';

const env = process.env;
try {
  const server = await startNodeServer({
    contentDir: env.CONTENT_DIR || 'content',
    env,
    port: Number(env.PORT || 8787),
    host: env.HOST || '0.0.0.0',
  });
  const stop = (signal: string) => {
    process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'shutting down', signal })}\n`);
    server.close(10_000).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  if (error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
