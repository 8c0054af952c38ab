import { z } from 'zod';
import { defineSubject } from './define-subject.js';
import { unitCode } from './common.schemas.js';

/** Case events carry the unit path for data scope, never a resident's personal data. */
export const CaseCreatedV1 = z
  .object({
    caseId: z.string().uuid(),
    category: z.string().min(1).max(64),
    channel: z.string().min(1).max(32),
    unitCode: unitCode,
    unitPath: z.array(unitCode).min(1),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .strict();

/** The lifecycle states of a case (the 派单接单 closed loop). */
export const CASE_STATES = [
  'reported',
  'registered',
  'dispatched',
  'accepted',
  'returned',
  'in_progress',
  'suspended',
  'resolved',
  'rated',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Who acted: a user or client id and role, and the unit or department it acted for. No names. */
export const CaseActorV1 = z
  .object({
    subject: z.string().min(1).max(128),
    role: z.string().min(1).max(64),
    unitCode: z.string().max(40).nullable(),
    departmentCode: z.string().max(40).nullable(),
  })
  .strict();

/**
 * One shape for every transition event, so departmental webhooks, the event stream, the assessment
 * projection and other services filter on the same fields (department, category, unit subtree).
 */
export const CaseTransitionV1 = z
  .object({
    caseId: z.string().uuid(),
    /** Per-case sequence of transitions, starting at 1 with the creation: consumers order and de-duplicate with it. */
    seq: z.number().int().min(1),
    category: z.string().min(1).max(64),
    channel: z.string().min(1).max(32),
    priority: z.enum(['normal', 'urgent', 'emergency']),
    state: z.enum(CASE_STATES),
    previousState: z.enum(CASE_STATES).nullable(),
    unitCode: unitCode,
    unitPath: z.array(unitCode).min(1),
    /** The department currently responsible (the lead in joint handling), when dispatched. */
    departmentCode: z.string().max(40).nullable(),
    actor: CaseActorV1,
    reason: z.string().max(1000).nullable(),
    /** Transition-specific facts (rating, deadlines, tier, co-handlers …): codes, numbers and timestamps only. */
    details: z.record(
      z.string(),
      z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
    ),
    occurredAt: z.iso.datetime({ offset: true }),
  })
  .strict();

/** An attachment taken off a case: who, when, why. The metadata stays (for the record); the bytes go. */
export const CaseAttachmentDeletedV1 = z
  .object({
    caseId: z.string().uuid(),
    attachmentId: z.string().uuid(),
    category: z.string().min(1).max(64),
    unitCode: unitCode,
    unitPath: z.array(unitCode).min(1),
    type: z.string().max(120),
    size: z.number().int().min(0),
    sha256: z.string().length(64),
    actor: CaseActorV1,
    reason: z.string().min(1).max(500),
    occurredAt: z.iso.datetime({ offset: true }),
  })
  .strict();

const transition = (event: string) => defineSubject(`case.v1.${event}`, CaseTransitionV1);

export const caseSubjects = {
  created: defineSubject('case.v1.created', CaseCreatedV1),
  registered: transition('registered'),
  dispatched: transition('dispatched'),
  accepted: transition('accepted'),
  returned: transition('returned'),
  started: transition('started'),
  suspended: transition('suspended'),
  resumed: transition('resumed'),
  extended: transition('extended'),
  escalated: transition('escalated'),
  summoned: transition('summoned'),
  subtaskCompleted: transition('subtask-completed'),
  resolved: transition('resolved'),
  rated: transition('rated'),
  reopened: transition('reopened'),
  closed: transition('closed'),
  merged: transition('merged'),
  supervised: transition('supervised'),
  /** The handler asks to suspend, extend or rule a request unreasonable (details.request names which). */
  suspensionRequested: transition('suspension-requested'),
  extensionRequested: transition('extension-requested'),
  unreasonableRequested: transition('unreasonable-requested'),
  /** The tier's dispatcher turns a waiting request down (details.request names which); the case carries on. */
  requestRejected: transition('request-rejected'),
  attachmentDeleted: defineSubject('case.v1.attachment-deleted', CaseAttachmentDeletedV1),
  deadlineWarning: transition('deadline-warning'),
  overdue: transition('overdue'),
} as const;

export type CaseTransitionPayload = z.infer<typeof CaseTransitionV1>;
