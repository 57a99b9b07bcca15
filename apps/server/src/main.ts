/** Process entry point of the bundled server: everything goes through the `gpos` CLI. */
import { runCli } from './cli/main.js';

// `gpos org list | head -3`: a reader that stops early ends the command quietly, as it does for other tools.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await runCli(process.argv);
