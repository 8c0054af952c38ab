import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { subjects, type PayloadOf } from '@yiwang/contracts';
import { OnEvent, logger } from '@yiwang/platform';
import { AreaIndex } from '../geometry/index.js';
import { GridRepository } from '../grids/grid.repository.js';

export interface ResolvedLocation {
  gridCode: string;
  gridName: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  path: string;
}

interface IndexedGrid {
  name: string;
  path: string;
  communityCode: string;
}

const FULL_RELOAD_MS = 5 * 60_000;

/**
 * Location → grid from an in-memory R-tree of every active grid. Built at start, kept current by
 * `registry.v1.grid-changed` (every replica hears every change), and rebuilt in full every few minutes in
 * case a change was missed while disconnected. A point in no grid resolves to nothing: never a guess.
 */
@Injectable()
export class LocationIndexService implements OnApplicationBootstrap, OnModuleDestroy {
  private index = new AreaIndex<IndexedGrid>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly grids: GridRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.rebuild();
    this.timer = setInterval(
      () =>
        void this.rebuild().catch((err: unknown) => logger().warn({ err }, 'location index rebuild failed')),
      FULL_RELOAD_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async rebuild(): Promise<number> {
    const rows = await this.grids.allActiveForIndex();
    const next = new AreaIndex<IndexedGrid>();
    next.load(
      rows.map((g) => ({
        key: g.code,
        geometry: g.boundary,
        value: { name: g.name, path: g.path, communityCode: g.communityCode },
      })),
    );
    this.index = next;
    return next.size;
  }

  @OnEvent(subjects.registry.gridChanged, { durable: 'grid-location-index', broadcast: true })
  async onGridChanged(event: PayloadOf<typeof subjects.registry.gridChanged>): Promise<void> {
    if (event.change === 'staff-changed') return;
    const grid = await this.grids.forIndex(event.code);
    if (grid && grid.status === 'active') {
      this.index.upsert({
        key: grid.code,
        geometry: grid.boundary,
        value: { name: grid.name, path: grid.path, communityCode: grid.communityCode },
      });
    } else {
      this.index.remove(event.code);
    }
  }

  resolve(lat: number, lng: number): ResolvedLocation | null {
    const match = this.index.resolve(lng, lat);
    if (!match) return null;
    const parts = match.value.path.split('.');
    return {
      gridCode: match.key,
      gridName: match.value.name,
      communityCode: match.value.communityCode,
      streetCode: parts[3] ?? '',
      districtCode: parts[2] ?? '',
      path: match.value.path,
    };
  }

  get size(): number {
    return this.index.size;
  }
}
