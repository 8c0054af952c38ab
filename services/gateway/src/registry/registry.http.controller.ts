import { Controller, Get, Inject, Param } from '@nestjs/common';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import { GRID_CLIENT, type GridClient } from '../downstream/downstream.module.js';
import { parseRequest } from '../http-validation.js';

const unitCodeParam = z
  .string()
  .regex(/^[0-9]{2,12}(-[A-Za-z0-9]{1,16})*$/, 'must be a division or grid code');

@Controller('api/v1/registry/units')
export class RegistryHttpController {
  constructor(@Inject(GRID_CLIENT) private readonly grid: GridClient) {}

  /** Case activity (事) recorded for a unit: the registry's view of how many cases it has seen. */
  @Get(':code/activity')
  @RequirePermission('registry:read')
  async activity(@Param('code') code: string): Promise<unknown> {
    const unitCode = parseRequest(unitCodeParam, code, 'path');
    return this.grid.call('getUnitActivity', { unitCode });
  }
}
