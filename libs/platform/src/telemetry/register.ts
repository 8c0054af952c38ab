// Loaded with `node --import @yiwang/platform/telemetry-register`, before the application's own modules,
// so the ESM loader hook can instrument http, grpc and pg as they load.
import { register } from 'node:module';
import { startTelemetry } from './sdk.js';

// Only the modules we instrument go through the ESM hook: wrapping every module (the default) makes
// each service start 2–3 times slower.
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
  data: { include: ['http', 'https', 'node:http', 'node:https', 'pg', '@grpc/grpc-js'] },
});
startTelemetry(process.env.OTEL_SERVICE_NAME ?? process.env.SERVICE_NAME ?? 'yiwang');
