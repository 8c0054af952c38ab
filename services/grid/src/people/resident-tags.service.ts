import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { currentScope, PERMISSIONS, type DataScope } from '../scope/data-scope.js';
import { isUuid } from '../shared/page-cursor.js';
import { parseText } from '../shared/text-input.js';
import { toTagView, type ResidentTagView } from './resident-presenter.js';
import { ResidentTagRepository } from './resident-tag.repository.js';
import { ResidentRepository } from './resident.repository.js';
import { ResidentErrors } from './residents.errors.js';
import { isSpecialPopulationTag } from './special-population-tags.js';

/**
 * Special-population tags (独居老人, 残疾人, 低保 …): seeing, setting and removing them all take
 * registry:read-special-population; each change records who made it and when, and removal keeps the row.
 */
@Injectable()
export class ResidentTagsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly residents: ResidentRepository,
    private readonly tags: ResidentTagRepository,
  ) {}

  /** Idempotent: a tag the resident already carries is returned as it was set. */
  async set(residentId: string, tag: string, note?: string | null): Promise<ResidentTagView> {
    const scope = tagScope();
    checkTag(tag);
    let cleanNote: string | null = null;
    if (note) {
      const parsed = parseText(note, 200);
      if (!parsed.ok) throw ResidentErrors.invalid('note', parsed.reason);
      cleanNote = parsed.value;
    }
    return this.dataSource.transaction(async (manager) => {
      // Locking the resident serialises concurrent changes to its tags.
      await this.lockResident(scope, residentId, manager);
      const existing = await this.tags.findActive(manager, residentId, tag);
      const row =
        existing ??
        (await this.tags.insert(manager, { residentId, tag, setBy: scope.subject, note: cleanNote }));
      return toTagView(row);
    });
  }

  async remove(residentId: string, tag: string): Promise<void> {
    const scope = tagScope();
    checkTag(tag);
    await this.dataSource.transaction(async (manager) => {
      await this.lockResident(scope, residentId, manager);
      const existing = await this.tags.findActive(manager, residentId, tag);
      if (!existing) throw ResidentErrors.tagNotSet(tag);
      await this.tags.markRemoved(manager, existing.id, scope.subject);
    });
  }

  private async lockResident(scope: DataScope, id: string, manager: EntityManager): Promise<void> {
    const row = isUuid(id) ? await this.residents.findById(scope, id, manager, true) : null;
    if (!row) throw ResidentErrors.notFound(id);
  }
}

function tagScope(): DataScope {
  const scope = currentScope();
  if (!scope.permissions.has(PERMISSIONS.readSpecialPopulation)) {
    throw ResidentErrors.specialPopulationForbidden();
  }
  return scope;
}

function checkTag(tag: string): void {
  if (!isSpecialPopulationTag(tag)) throw ResidentErrors.unknownTag();
}
