// Loaded with `node --import @yiwang/platform/telemetry-register`, before the application's own modules,
// so the ESM loader hook can instrument http, grpc and pg as they load.
import { register } from 'node:module';
import { startTelemetry } from './sdk.js';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
startTelemetry(process.env.OTEL_SERVICE_NAME ?? process.env.SERVICE_NAME ?? 'yiwang');
