import { CaseEntity } from '../intake/case.entity.js';

export const caseEntities = [CaseEntity];
