import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@yiwang/platform';
import type { CaseConfig } from '../case.config.js';
import type { CaseEntity } from '../intake/case.entity.js';
import { DuplicateRepository } from './duplicate.repository.js';

export interface DuplicateCandidate {
  id: string;
  title: string;
  state: string;
  distanceMeters: number;
  createdAt: Date;
}

/**
 * Possible duplicates of a new report: open cases of the same category within a distance and a time
 * window (both configurable), nearest first. A suggestion only: a dispatcher merges with the merge action.
 */
@Injectable()
export class DuplicateFinderService {
  constructor(
    private readonly repository: DuplicateRepository,
    @Inject(CONFIG) private readonly config: CaseConfig,
  ) {}

  async candidates(record: CaseEntity): Promise<DuplicateCandidate[]> {
    if (record.lat === null || record.lng === null) return [];
    const radius = this.config.CASE_DUPLICATE_RADIUS_M;
    // Half the sides of a bounding box around the point, in degrees: index-friendly before the distance.
    const dLat = radius / 111_320;
    const dLng = radius / (111_320 * Math.max(Math.cos((record.lat * Math.PI) / 180), 0.01));
    const rows = await this.repository.nearby({
      of: { ...record, lat: record.lat, lng: record.lng },
      radiusMeters: radius,
      windowHours: this.config.CASE_DUPLICATE_WINDOW_HOURS,
      dLat,
      dLng,
    });
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      state: r.state,
      distanceMeters: Math.round(Number(r.distance) * 10) / 10,
      createdAt: r.createdAt,
    }));
  }
}
