import { runCaseCli } from './cli/case-cli.js';

process.exit(await runCaseCli(process.argv.slice(2)));
