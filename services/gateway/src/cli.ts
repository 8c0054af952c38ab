import { runGatewayCli } from './cli/gateway-cli.js';

process.exit(await runGatewayCli(process.argv.slice(2)));
