import { AttachmentEntity } from '../attachments/attachment.entity.js';
import { CaseEntity } from '../intake/case.entity.js';

export const caseEntities = [CaseEntity, AttachmentEntity];
