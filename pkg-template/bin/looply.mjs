#!/usr/bin/env node
// `looply`: the Looply Workflow API from a shell (`looply --help`). The code is in ../cli.mjs.
import { main } from '../cli.mjs';

// A reader that goes away (`looply executions | head`) ends the output, not with a stack.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await main(process.argv.slice(2));
