// Runs the Vite dev server (createServer from 'vite', no config file, no plugins) for the app
// in the current directory on 127.0.0.1 with a free port, prints `LISTENING <port>` and
// serves until killed (SIGTERM/SIGINT close it) or until stdin ends (the parent died).
// Started as a child process so that Vite's watchers and workers never outlive the test.
import { createServer } from 'vite';

const server = await createServer({
  root: process.cwd(),
  configFile: false,
  clearScreen: false,
  logLevel: 'warn',
  server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
});
await server.listen();
const { port } = server.httpServer.address();
console.log(`LISTENING ${port}`);

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  await server.close().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
process.stdin.on('end', close);
process.stdin.resume();
