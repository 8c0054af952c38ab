import { Injectable } from '@nestjs/common';
import { PERMISSIONS, type DataScope } from '../scope/data-scope.js';
import { ageOn, chinaToday } from '../shared/china-date.js';
import { maskIdNumber, maskPhone } from './masking.js';
import { PiiAccessRepository } from './pii-access.repository.js';
import { PiiCipher } from './pii-cipher.js';
import type { ResidentRow } from './resident.repository.js';
import { ResidentTagRepository, type ResidentTagRow } from './resident-tag.repository.js';
import { ResidentErrors } from './residents.errors.js';
import { tagLabels } from './special-population-tags.js';

export interface ResidentTagView {
  tag: string;
  labelZh: string;
  labelEn: string;
  setBy: string;
  setAt: Date;
  note: string | null;
}

/** A resident as a caller may see it. */
export interface ResidentView {
  id: string;
  name: string;
  nameInitials: string;
  gender: string;
  age: number;
  /** Only when revealed: the masked ID number hides the birth date, so this must not give it away. */
  birthDate: string | null;
  /** Masked (`440106********1234`) unless revealed. */
  idNumber: string;
  phone: string | null;
  revealed: boolean;
  householdId: string | null;
  relation: string;
  gridCode: string | null;
  path: string;
  synthetic: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Null when the caller may not see special-population tags (not the same as "none"). */
  tags: ResidentTagView[] | null;
}

export function toTagView(row: ResidentTagRow): ResidentTagView {
  const labels = tagLabels(row.tag);
  return {
    tag: row.tag,
    labelZh: labels.zh,
    labelEn: labels.en,
    setBy: row.setBy,
    setAt: row.setAt,
    note: row.note,
  };
}

/**
 * Turns stored rows into what the caller may see: numbers decrypted and masked, or clear after the
 * audit row is written; tags only for callers entitled to special-population data.
 */
@Injectable()
export class ResidentPresenter {
  constructor(
    private readonly cipher: PiiCipher,
    private readonly tags: ResidentTagRepository,
    private readonly audit: PiiAccessRepository,
  ) {}

  /** `reveal` must already be authorised (registry:read-pii and a purpose): see ResidentsService.get. */
  async present(
    scope: DataScope,
    rows: readonly ResidentRow[],
    reveal: { purpose: string } | null = null,
  ): Promise<ResidentView[]> {
    const tagsVisible = scope.permissions.has(PERMISSIONS.readSpecialPopulation);
    const tagsById = new Map<string, ResidentTagView[]>();
    if (tagsVisible) {
      for (const row of await this.tags.activeFor(rows.map((r) => r.id))) {
        const list = tagsById.get(row.residentId) ?? [];
        list.push(toTagView(row));
        tagsById.set(row.residentId, list);
      }
    }
    const clear = rows.map((row) => ({
      idNumber: this.decrypt(row.idNumberEnc),
      phone: row.phoneEnc === null ? null : this.decrypt(row.phoneEnc),
    }));
    if (reveal) {
      // Written before any clear value is returned: no unmasked read without its audit row.
      await this.audit.record(
        rows.map((row) => ({
          subject: scope.subject,
          residentId: row.id,
          fields: row.phoneEnc === null ? ['idNumber'] : ['idNumber', 'phone'],
          purpose: reveal.purpose,
        })),
      );
    }
    const today = chinaToday();
    return rows.map((row, index) => {
      const { idNumber, phone } = clear[index];
      return {
        id: row.id,
        name: row.name,
        nameInitials: row.nameInitials,
        gender: row.gender,
        age: ageOn(row.birthDate, today),
        birthDate: reveal ? row.birthDate : null,
        idNumber: reveal ? idNumber : maskIdNumber(idNumber),
        phone: phone === null || reveal ? phone : maskPhone(phone),
        revealed: reveal !== null,
        householdId: row.householdId,
        relation: row.relation,
        gridCode: row.gridCode,
        path: row.path,
        synthetic: row.synthetic,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        tags: tagsVisible ? (tagsById.get(row.id) ?? []) : null,
      };
    });
  }

  private decrypt(token: string): string {
    try {
      return this.cipher.decrypt(token);
    } catch {
      throw ResidentErrors.unreadable();
    }
  }
}
