import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, OutboxWriter, logger } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseConfig } from '../case.config.js';
import type { CaseEntity } from '../intake/case.entity.js';
import { CaseSubtaskRepository } from '../joint/case-subtask.repository.js';
import { CaseRoutingService } from '../routing/case-routing.service.js';
import { coversPath, currentActor, hasPermission, type CaseActor } from '../shared/case-actor.js';
import { parseActionParams, type ActionParams, type RawActionParams } from './action-params.js';
import type { ActionDeps } from './actions/action-deps.js';
import { CASE_ACTION_HANDLERS } from './case-actions.js';
import { CaseLifecycleErrors } from './case-lifecycle.errors.js';
import { CaseLifecycleRepository } from './case-lifecycle.repository.js';
import {
  CASE_ACTIONS,
  CASE_STATE_MACHINE,
  allowedActions,
  isCaseAction,
  tierUnit,
  type CaseAction,
} from './case-state-machine.js';
import { TransitionStep } from './transition-step.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs one lifecycle action: locks the case (in the caller's scope), checks the version, the state
 * machine, the permission and who is acting, then lets the action write its steps and events; the case
 * row, its timeline and its outbox events commit in one transaction.
 */
@Injectable()
export class CaseTransitionService {
  private readonly deps: ActionDeps;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseLifecycleRepository,
    private readonly outbox: OutboxWriter,
    routing: CaseRoutingService,
    subtasks: CaseSubtaskRepository,
    @Inject(CONFIG) config: CaseConfig,
  ) {
    this.deps = { config, routing, subtasks, cases };
  }

  async perform(input: {
    caseId: string;
    action: string;
    expectedVersion?: number;
    params: RawActionParams;
  }): Promise<CaseEntity> {
    const actor = currentActor();
    if (!isCaseAction(input.action)) {
      throw CaseLifecycleErrors.invalidAction([
        { field: 'action', message: `must be one of ${CASE_ACTIONS.join(', ')}` },
      ]);
    }
    const params = parseActionParams(input.action, input.params);
    const record = await this.dataSource.transaction((manager) =>
      this.performIn(manager, actor, input.caseId, input.action as CaseAction, params, input.expectedVersion),
    );
    logger().info(
      { caseId: record.id, action: input.action, state: record.state, version: record.version },
      'case action',
    );
    return record;
  }

  /** The same inside a transaction the caller owns (an event consumer's inbox transaction). */
  async performIn<A extends CaseAction>(
    manager: EntityManager,
    actor: CaseActor,
    caseId: string,
    action: A,
    params: ActionParams<A>,
    expectedVersion?: number,
  ): Promise<CaseEntity> {
    const record = UUID.test(caseId) ? await this.cases.lockVisible(manager, actor, caseId) : null;
    if (!record) throw CaseLifecycleErrors.notFound(caseId);
    if (expectedVersion !== undefined && expectedVersion !== record.version) {
      throw CaseLifecycleErrors.versionMismatch(expectedVersion, record.version);
    }
    const rule = CASE_STATE_MACHINE[action];
    const allowed = allowedActions(record);
    if (!allowed.includes(action)) throw CaseLifecycleErrors.notAllowed(action, record.state, allowed);
    if (!hasPermission(actor, rule.permission)) throw CaseLifecycleErrors.forbidden(rule.permission);
    if (rule.handler) checkHandler(actor, record);
    if (rule.tierUnit) checkTierUnit(actor, record);
    const previousVersion = record.version;
    const step = new TransitionStep(manager, record, actor, this.outbox, this.cases);
    await CASE_ACTION_HANDLERS[action](step, params, this.deps);
    record.version = previousVersion + 1;
    if (!(await this.cases.update(manager, record, previousVersion))) {
      throw CaseLifecycleErrors.concurrentChange();
    }
    return record;
  }
}

/** Department users act only on cases dispatched to their department; others on cases their unit holds. */
function checkHandler(actor: CaseActor, record: CaseEntity): void {
  if (actor.service) return;
  if (record.departmentCode !== null) {
    if (actor.departmentCode !== record.departmentCode) throw CaseLifecycleErrors.notHandler();
    return;
  }
  if (actor.departmentCode !== null || !coversTierUnit(actor, record)) throw CaseLifecycleErrors.notHandler();
}

/** Dispatching and approving belong to the unit holding the case (at its tier) or a unit above it. */
function checkTierUnit(actor: CaseActor, record: CaseEntity): void {
  if (actor.service) return;
  if (actor.departmentCode !== null || !coversTierUnit(actor, record)) {
    throw CaseLifecycleErrors.notTierUnit(tierUnit(record.unitPath, record.tier));
  }
}

function coversTierUnit(actor: CaseActor, record: CaseEntity): boolean {
  const unit = tierUnit(record.unitPath, record.tier);
  return coversPath(actor, record.unitPath.slice(0, record.unitPath.indexOf(unit) + 1));
}
