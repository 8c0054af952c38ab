import { runRegistryCli } from './cli/registry-cli.js';

process.exit(await runRegistryCli(process.argv.slice(2)));
