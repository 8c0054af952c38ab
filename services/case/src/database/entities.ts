import { CaseEntity } from '../intake/case.entity.js';
import { CaseSubtaskEntity } from '../joint/case-subtask.entity.js';
import { CaseTransitionEntity } from '../lifecycle/case-transition.entity.js';
import { CaseDepartmentEntity } from '../routing/case-department.entity.js';

export const caseEntities = [CaseEntity, CaseTransitionEntity, CaseSubtaskEntity, CaseDepartmentEntity];
