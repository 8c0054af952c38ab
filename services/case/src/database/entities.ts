import { AssessmentDailyEntity } from '../assessment/assessment-daily.entity.js';
import { CaseTrackEntity, CaseTrackEventEntity } from '../deadlines/case-track.entity.js';
import { DeadlineClockEntity } from '../deadlines/deadline-clock.entity.js';
import {
  CalendarActivationEntity,
  CalendarRecomputeJobEntity,
  CalendarStateEntity,
  CalendarVersionEntity,
} from '../calendar/calendar.entities.js';
import { AttachmentEntity } from '../attachments/attachment.entity.js';
import { CaseEntity } from '../intake/case.entity.js';
import { CaseSubtaskEntity } from '../joint/case-subtask.entity.js';
import { CaseTransitionEntity } from '../lifecycle/case-transition.entity.js';
import { CaseDepartmentEntity } from '../routing/case-department.entity.js';
import {
  ResponsibilityActivationEntity,
  ResponsibilityEntryEntity,
  ResponsibilityVersionEntity,
} from '../responsibility/responsibility.entities.js';
import { SupervisionCardEntity } from '../supervision/supervision-card.entity.js';

export const caseEntities = [
  CaseEntity,
  CaseTransitionEntity,
  CaseSubtaskEntity,
  CaseDepartmentEntity,
  CaseTrackEntity,
  CaseTrackEventEntity,
  DeadlineClockEntity,
  SupervisionCardEntity,
  AssessmentDailyEntity,
  AttachmentEntity,
  CalendarVersionEntity,
  CalendarActivationEntity,
  CalendarStateEntity,
  CalendarRecomputeJobEntity,
  ResponsibilityVersionEntity,
  ResponsibilityEntryEntity,
  ResponsibilityActivationEntity,
];
