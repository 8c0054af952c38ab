import type { caseCalendarV1 } from '@yiwang/contracts';
import type { GrpcClient } from '@yiwang/platform';

export const CALENDAR_CLIENT = Symbol('calendar-client');
export type CalendarClient = GrpcClient<caseCalendarV1.CalendarServiceClient>;
