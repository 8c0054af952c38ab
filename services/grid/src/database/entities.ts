import { UnitActivityEntity } from '../case-activity/unit-activity.entity.js';

export const gridEntities = [UnitActivityEntity];
