export * from './working-calendar.js';
export * from './calendar-registry.js';
export { holidayDataYears, holidayName } from './holiday-data.js';
