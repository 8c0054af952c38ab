import { trace, isSpanContextValid } from '@opentelemetry/api';
import { pino, type Logger, type LevelWithSilent } from 'pino';

/**
 * JSON logs on stdout. Every line written inside a span carries its trace_id and span_id, so one request
 * can be followed from the gateway through gRPC and NATS into another service's consumer.
 */
export function createLogger(service: string, level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const span = trace.getActiveSpan();
      const ctx = span?.spanContext();
      return ctx && isSpanContextValid(ctx) ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
    },
    redact: {
      // Defence in depth: personal data must never be logged, even by mistake.
      paths: [
        '*.idNumber',
        '*.phone',
        '*.password',
        '*.authorization',
        'req.headers.authorization',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}

let rootLogger: Logger = createLogger('yiwang', (process.env.LOG_LEVEL as LevelWithSilent) ?? 'info');

export function setRootLogger(logger: Logger): void {
  rootLogger = logger;
}

export function logger(): Logger {
  return rootLogger;
}
