import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { renderMetrics, metricsRegistry } from '../metrics/metrics.js';
import { HealthService } from './health.service.js';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('health/live')
  @HttpCode(200)
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** Everything, including other services where this process depends on them (the gateway). */
  @Get('health/ready')
  async ready(@Res() response: Response): Promise<void> {
    await this.answer(response, false);
  }

  /** This process alone: what Kubernetes probes. */
  @Get('health/ready/local')
  async readyLocal(@Res() response: Response): Promise<void> {
    await this.answer(response, true);
  }

  private async answer(response: Response, localOnly: boolean): Promise<void> {
    const result = await this.health.readiness({ localOnly });
    const status = !result.ready ? 'not_ready' : result.degraded ? 'degraded' : 'ready';
    response.status(result.ready ? 200 : 503).json({ status, checks: result.checks });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metrics(@Res() response: Response): Promise<void> {
    response.type(metricsRegistry.contentType).send(await renderMetrics());
  }
}
