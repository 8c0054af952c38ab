import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { PlacesService } from '../places/places.service.js';
import { currentScope, PERMISSIONS, type DataScope } from '../scope/data-scope.js';
import { chinaToday, isCalendarDate } from '../shared/china-date.js';
import { isUuid } from '../shared/page-cursor.js';
import { publishResidentChanged } from '../shared/registry-events.js';
import { parseText } from '../shared/text-input.js';
import { uniqueViolation } from '../shared/unique-violation.js';
import { writeScope } from '../shared/write-scope.js';
import { pinyinInitials } from './chinese-names.js';
import { assertIdNumber } from './id-number.js';
import { parseMobile } from './phone.js';
import { PiiCipher } from './pii-cipher.js';
import { ResidenceRepository, type ResidenceRow } from './residence.repository.js';
import { ResidentPresenter, type ResidentView } from './resident-presenter.js';
import { ResidentRepository, type ResidentRow, type ResidentWrite } from './resident.repository.js';
import { ResidentErrors } from './residents.errors.js';

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'other'] as const;

export interface ResidentInput {
  name: string;
  idNumber: string;
  phone?: string | null;
  /** Relation to the head of household. */
  relation?: string | null;
  /** Where the resident lives: a household, else a grid, else a community. */
  householdId?: string | null;
  gridCode?: string | null;
  communityCode?: string | null;
  /** First day of the first residence (default today). */
  movedInOn?: string | null;
  synthetic?: boolean;
}

/** Absent fields stay as they are; `phone: null` (or '') removes the phone number. */
export type ResidentPatch = Partial<Pick<ResidentInput, 'name' | 'idNumber' | 'phone' | 'relation'>>;

/**
 * Residents (人): personal data validated on the way in and stored only encrypted plus keyed hashes,
 * masked on the way out unless revealed with permission and purpose (and then audited), and a residence
 * history that answers where someone lived on a past date.
 */
@Injectable()
export class ResidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly cipher: PiiCipher,
    private readonly residents: ResidentRepository,
    private readonly residences: ResidenceRepository,
    private readonly presenter: ResidentPresenter,
    private readonly places: PlacesService,
  ) {}

  async create(input: ResidentInput): Promise<ResidentView> {
    const scope = writeScope();
    const id = randomUUID();
    const personal = {
      ...this.nameFields(input.name),
      ...this.idNumberFields(input.idNumber),
      ...this.phoneFields(input.phone ?? null),
      relation: relationOf(input.relation),
    };
    const movedInOn = input.movedInOn ? pastDate('movedInOn', input.movedInOn) : chinaToday();
    if (movedInOn < personal.birthDate) throw ResidentErrors.invalid('movedInOn', 'is before the birth date');
    const place = await this.places.resolvePlacement(scope, input);
    if (await this.residents.idNumberTaken(personal.idNumberHash, null)) throw ResidentErrors.exists();
    const row = await this.write(async (manager) => {
      const inserted = await this.residents.insert(manager, {
        id,
        ...personal,
        ...place,
        synthetic: input.synthetic ?? false,
      });
      await this.residences.open(manager, id, place, movedInOn);
      await publishResidentChanged(this.outbox, manager, inserted, 'created');
      return inserted;
    });
    return this.presentOne(scope, row);
  }

  async update(id: string, patch: ResidentPatch): Promise<ResidentView> {
    const scope = writeScope();
    const row = await this.write(async (manager) => {
      const current = await this.find(scope, id, manager, true);
      const next: ResidentWrite = { ...current };
      if (patch.name !== undefined) Object.assign(next, this.nameFields(patch.name));
      if (patch.idNumber !== undefined) {
        Object.assign(next, this.idNumberFields(patch.idNumber));
        if (await this.residents.idNumberTaken(next.idNumberHash, id)) throw ResidentErrors.exists();
      }
      if (patch.phone !== undefined) Object.assign(next, this.phoneFields(patch.phone));
      if (patch.relation !== undefined) next.relation = relationOf(patch.relation);
      const updated = await this.residents.updatePersonal(manager, next);
      await publishResidentChanged(this.outbox, manager, updated, 'updated');
      return updated;
    });
    return this.presentOne(scope, row);
  }

  /**
   * One resident, masked; with `reveal` the clear ID and phone numbers, which needs registry:read-pii and
   * a purpose, and writes the audit row before the data is returned.
   */
  async get(id: string, options: { reveal?: boolean; purpose?: string | null } = {}): Promise<ResidentView> {
    const scope = currentScope();
    let reveal: { purpose: string } | null = null;
    if (options.reveal) {
      if (!scope.permissions.has(PERMISSIONS.readPii)) throw ResidentErrors.piiForbidden();
      const purpose = parseText(options.purpose, 200);
      if (!purpose.ok) throw ResidentErrors.purposeRequired();
      reveal = { purpose: purpose.value };
    }
    const row = await this.find(scope, id);
    return (await this.presenter.present(scope, [row], reveal))[0];
  }

  /**
   * Moves a resident to another household from `date` (today or earlier): the open residence closes
   * on that date and the next one opens. Moving into the current household changes nothing.
   */
  async move(id: string, householdId: string, date: string): Promise<ResidentView> {
    const scope = writeScope();
    const from = pastDate('date', date);
    if (!householdId) throw ResidentErrors.invalid('householdId', 'is required');
    const row = await this.write(async (manager) => {
      const current = await this.find(scope, id, manager, true);
      const place = await this.places.resolvePlacement(scope, { householdId }, manager);
      if (current.householdId === place.householdId) return current;
      const open = await this.residences.findOpen(manager, id);
      if (open && from < open.validFrom) throw ResidentErrors.moveBeforeCurrent(open.validFrom);
      if (open && from === open.validFrom) {
        await this.residences.replacePlacement(manager, open.id, place);
      } else {
        if (open) await this.residences.close(manager, open.id, from);
        await this.residences.open(manager, id, place, from);
      }
      const moved = await this.residents.setPlacement(manager, id, place);
      await publishResidentChanged(this.outbox, manager, moved, 'moved');
      return moved;
    });
    return this.presentOne(scope, row);
  }

  /** Where the resident lived on `date`, from the residence history. */
  async whereLived(id: string, date: string): Promise<ResidenceRow> {
    const scope = currentScope();
    if (!isCalendarDate(date)) throw ResidentErrors.invalid('date', 'must be a date written YYYY-MM-DD');
    await this.find(scope, id);
    const residence = await this.residences.findOn(id, date);
    if (!residence) throw ResidentErrors.noResidence(date);
    return residence;
  }

  private async find(
    scope: DataScope,
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<ResidentRow> {
    const row = isUuid(id) ? await this.residents.findById(scope, id, manager, lock) : null;
    if (!row) throw ResidentErrors.notFound(id);
    return row;
  }

  private async presentOne(scope: DataScope, row: ResidentRow): Promise<ResidentView> {
    return (await this.presenter.present(scope, [row]))[0];
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      // A concurrent registration of the same number that slipped past the pre-check.
      if (uniqueViolation(error) === 'UQ_residents_id_number_hash') throw ResidentErrors.exists();
      throw error;
    }
  }

  private nameFields(value: unknown): { name: string; nameInitials: string } {
    const name = parseText(value, 32);
    if (!name.ok) throw ResidentErrors.invalid('name', name.reason);
    return { name: name.value, nameInitials: pinyinInitials(name.value).slice(0, 32) };
  }

  /** Gender and birth date come from the number itself (GB 11643), never from separate input. */
  private idNumberFields(value: string) {
    const parsed = assertIdNumber(value);
    return {
      idNumberEnc: this.cipher.encrypt(parsed.normalized),
      idNumberHash: this.cipher.lookupHash('id', parsed.normalized),
      gender: parsed.gender,
      birthDate: parsed.birthDate,
    };
  }

  private phoneFields(value: string | null): { phoneEnc: string | null; phoneHash: string | null } {
    if (value === null || value.trim() === '') return { phoneEnc: null, phoneHash: null };
    const parsed = parseMobile(value);
    if (!parsed.ok) throw ResidentErrors.invalid('phone', parsed.reason);
    return {
      phoneEnc: this.cipher.encrypt(parsed.value),
      phoneHash: this.cipher.lookupHash('phone', parsed.value),
    };
  }
}

function relationOf(value: string | null | undefined): string {
  const relation = value || 'other';
  if (!(RELATIONS as readonly string[]).includes(relation)) {
    throw ResidentErrors.invalid('relation', `must be one of ${RELATIONS.join(', ')}`);
  }
  return relation;
}

/** A calendar date no later than today in China: history is recorded, not planned. */
function pastDate(field: string, value: string): string {
  if (!isCalendarDate(value)) throw ResidentErrors.invalid(field, 'must be a date written YYYY-MM-DD');
  if (value > chinaToday()) throw ResidentErrors.invalid(field, 'must not be in the future');
  return value;
}
