// The floor for the intake benchmark: a bare HTTP server on the same framework (Nest 12 + express, the
// same JSON body parser) that inserts the same case row straight into PostgreSQL and answers 201. No auth,
// no gRPC, no outbox, no logging: what intake would cost with nothing between HTTP and the table.
// Run by intake.bench.mjs as its own process: PORT, DATABASE_URL, POOL_SIZE.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { json } from 'express';
import { unitPathOf } from '@yiwang/contracts';
import pg from 'pg';

const POOL = 'floor-pool';

class FloorController {
  constructor(pool) {
    this.pool = pool;
  }

  async create(body) {
    if (!body || typeof body.title !== 'string' || !body.title.trim() || typeof body.unitCode !== 'string') {
      return { error: 'invalid' };
    }
    const path = unitPathOf(body.unitCode);
    const { rows } = await this.pool.query(
      `INSERT INTO "case".cases (id, title, description, category, channel, state, unit_code, unit_path, lat, lng,
         reported_by, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, 'reported', $6, $7, $8, $9, $10, NULL)
       RETURNING id, state, title, category, channel, unit_code, unit_path, created_at`,
      [
        randomUUID(),
        body.title.trim(),
        body.description ?? '',
        body.category,
        body.channel,
        body.unitCode,
        path,
        body.location?.lat ?? null,
        body.location?.lng ?? null,
        'floor',
      ],
    );
    const row = rows[0];
    return {
      id: row.id,
      state: row.state,
      title: row.title,
      category: row.category,
      channel: row.channel,
      unitCode: row.unit_code,
      unitPath: row.unit_path,
      createdAt: row.created_at.toISOString(),
    };
  }
}

// Decorators applied by hand: this file is plain JavaScript.
Controller('floor/cases')(FloorController);
Inject(POOL)(FloorController, undefined, 0);
const create = Object.getOwnPropertyDescriptor(FloorController.prototype, 'create');
Post()(FloorController.prototype, 'create', create);
HttpCode(201)(FloorController.prototype, 'create', create);
Body()(FloorController.prototype, 'create', 0);
Reflect.defineMetadata('design:paramtypes', [Object], FloorController.prototype, 'create');

class FloorModule {}
Module({
  controllers: [FloorController],
  providers: [
    {
      provide: POOL,
      useFactory: () =>
        new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) }),
    },
  ],
})(FloorModule);

const app = await NestFactory.create(FloorModule, { logger: false, bodyParser: false });
app.use(json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.stdout.write('floor ready\n');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
