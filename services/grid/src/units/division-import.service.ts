import { Injectable } from '@nestjs/common';
import { subjects } from '@yiwang/contracts';
import { OutboxWriter, outboxEvent } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { divisionsUnder, type DivisionRow } from './division-source.js';
import { kindOfUnit, levelOfCode, pathOfCode } from './unit-levels.js';
import { UnitRepository } from './unit.repository.js';

export interface DivisionImportReport {
  prefix: string;
  byLevel: Record<string, number>;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Loads the real administrative tree from the national division codes. Idempotent: a second run over the
 * same data changes no row and publishes no event.
 */
@Injectable()
export class DivisionImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly units: UnitRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async import(prefix: string, onProgress?: (seen: number) => void): Promise<DivisionImportReport> {
    const report: DivisionImportReport = { prefix, byLevel: {}, created: 0, updated: 0, unchanged: 0 };
    let batch: DivisionRow[] = [];
    let seen = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      await this.dataSource.transaction(async (manager) => {
        const changes = await this.units.upsertDivisions(
          manager,
          rows.map((row) => {
            const level = levelOfCode(row.code)!;
            return { ...row, level, kind: kindOfUnit(level, row.name), path: pathOfCode(row.code) };
          }),
        );
        const occurredAt = new Date().toISOString();
        await this.outbox.publishMany(
          manager,
          changes.map((change) =>
            outboxEvent(subjects.registry.unitChanged, {
              code: change.code,
              level: change.level as 'province',
              parentCode: change.parentCode,
              path: change.path,
              change: change.inserted ? 'created' : 'updated',
              occurredAt,
            }),
          ),
        );
        for (const change of changes) {
          if (change.inserted) report.created += 1;
          else report.updated += 1;
        }
        report.unchanged += rows.length - changes.length;
      });
    };
    for await (const row of divisionsUnder(prefix)) {
      const level = levelOfCode(row.code);
      if (!level) continue;
      report.byLevel[level] = (report.byLevel[level] ?? 0) + 1;
      batch.push(row);
      seen += 1;
      if (batch.length >= 1000) {
        await flush();
        onProgress?.(seen);
      }
    }
    await flush();
    onProgress?.(seen);
    return report;
  }
}
