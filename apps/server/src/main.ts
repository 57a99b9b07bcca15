/** Process entry point of the bundled server: everything goes through the `gpos` CLI. */
import { runCli } from './cli/main.js';

await runCli(process.argv);
