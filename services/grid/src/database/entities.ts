import { UnitActivityEntity } from '../case-activity/unit-activity.entity.js';
import { DepartmentEntity } from '../departments/department.entity.js';
import { GridLineageEntity } from '../grids/grid-lineage.entity.js';
import { GridStaffEntity } from '../grids/grid-staff.entity.js';
import { GridTypeEntity } from '../grids/grid-type.entity.js';
import { GridEntity } from '../grids/grid.entity.js';
import { ImportErrorEntity } from '../imports/import-error.entity.js';
import { ImportJobEntity } from '../imports/import-job.entity.js';
import { PiiAccessEntity } from '../people/pii-access.entity.js';
import { ResidenceEntity } from '../people/residence.entity.js';
import { ResidentTagEntity } from '../people/resident-tag.entity.js';
import { ResidentEntity } from '../people/resident.entity.js';
import { BuildingEntity } from '../places/building.entity.js';
import { HouseholdEntity } from '../places/household.entity.js';
import { ServiceSiteEntity } from '../sites/service-site.entity.js';
import { UnitEntity } from '../units/unit.entity.js';

export const gridEntities = [
  UnitActivityEntity,
  UnitEntity,
  DepartmentEntity,
  GridTypeEntity,
  GridEntity,
  GridStaffEntity,
  GridLineageEntity,
  BuildingEntity,
  HouseholdEntity,
  ResidentEntity,
  ResidenceEntity,
  ResidentTagEntity,
  PiiAccessEntity,
  ServiceSiteEntity,
  ImportJobEntity,
  ImportErrorEntity,
];
