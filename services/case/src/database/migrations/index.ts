import { PlatformOutboxInbox1763769600000 } from '@yiwang/platform';
import { CreateCases1763769700000 } from './1763769700000-create-cases.js';
import { CaseClocksAssessment1795320662262 } from './1795320662262-case-clocks-assessment.js';
import { CaseLifecycle1795320948950 } from './1795320948950-case-lifecycle.js';
import { CaseAttachments1795320864848 } from './1795320864848-case-attachments.js';
import { CalendarVersions1796290934048 } from './1796290934048-calendar-versions.js';
import { CaseAddressAttributes1796321716994 } from './1796321716994-case-address-attributes.js';
import { ResponsibilityList1796321811928 } from './1796321811928-responsibility-list.js';
import { SubtaskClocks1796324304226 } from './1796324304226-subtask-clocks.js';
import { AttachmentDeletion1796324598895 } from './1796324598895-attachment-deletion.js';
import { ResponsibilityActivations1796399352400 } from './1796399352400-responsibility-activations.js';

/** In order. Never edit a migration once it is on main: add a new one. */
export const caseMigrations = [
  PlatformOutboxInbox1763769600000,
  CreateCases1763769700000,
  CaseClocksAssessment1795320662262,
  CaseAttachments1795320864848,
  CaseLifecycle1795320948950,
  CalendarVersions1796290934048,
  CaseAddressAttributes1796321716994,
  ResponsibilityList1796321811928,
  SubtaskClocks1796324304226,
  AttachmentDeletion1796324598895,
  ResponsibilityActivations1796399352400,
];
