// The bundled entry of `herald` (build/bundle.mjs): runs the command line with this process's arguments.
import { main } from './herald.ts';

process.exitCode = await main(process.argv.slice(2));
