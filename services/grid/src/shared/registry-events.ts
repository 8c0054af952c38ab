import { subjects } from '@yiwang/contracts';
import type { OutboxWriter } from '@yiwang/platform';
import type { EntityManager } from 'typeorm';

// Registry events for places and people, written in the caller's transaction. Payloads carry ids, grid
// codes and paths only: names, addresses, ID and phone numbers never leave the service.

type Change = 'created' | 'updated' | 'moved';

export async function publishBuildingChanged(
  outbox: OutboxWriter,
  manager: EntityManager,
  row: { id: string; gridCode: string | null; path: string },
  change: Change,
): Promise<void> {
  await outbox.publish(manager, subjects.registry.buildingChanged, {
    id: row.id,
    gridCode: row.gridCode,
    path: row.path,
    change,
    occurredAt: new Date().toISOString(),
  });
}

export async function publishHouseholdChanged(
  outbox: OutboxWriter,
  manager: EntityManager,
  row: { id: string; buildingId: string | null; gridCode: string | null; path: string },
  change: Change,
): Promise<void> {
  await outbox.publish(manager, subjects.registry.householdChanged, {
    id: row.id,
    buildingId: row.buildingId,
    gridCode: row.gridCode,
    path: row.path,
    change,
    occurredAt: new Date().toISOString(),
  });
}

export async function publishResidentChanged(
  outbox: OutboxWriter,
  manager: EntityManager,
  row: { id: string; householdId: string | null; gridCode: string | null; path: string },
  change: Change,
): Promise<void> {
  await outbox.publish(manager, subjects.registry.residentChanged, {
    id: row.id,
    householdId: row.householdId,
    gridCode: row.gridCode,
    path: row.path,
    change,
    occurredAt: new Date().toISOString(),
  });
}

export async function publishSiteChanged(
  outbox: OutboxWriter,
  manager: EntityManager,
  row: { id: string; kind: string; unitCode: string; path: string },
  change: Change,
): Promise<void> {
  await outbox.publish(manager, subjects.registry.siteChanged, {
    id: row.id,
    kind: row.kind as 'center' | 'station',
    unitCode: row.unitCode,
    path: row.path,
    change,
    occurredAt: new Date().toISOString(),
  });
}
