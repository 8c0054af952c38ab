import type { NextFunction, Request, Response } from 'express';
import { httpDuration, httpRequests } from '../metrics/metrics.js';

/**
 * Request counts and latencies by route template, measured when the response finishes so error responses
 * count with their real status. Raw paths are never labels: they would explode cardinality.
 */
export function httpMetricsMiddleware(request: Request, response: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  response.once('finish', () => {
    const route = request.route?.path
      ? String(request.baseUrl ?? '') + String(request.route.path)
      : 'unmatched';
    if (route.startsWith('/health') || route === '/metrics') return;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    httpDuration.observe({ method: request.method, route }, seconds);
    httpRequests.inc({ method: request.method, route, status: response.statusCode });
  });
  next();
}
