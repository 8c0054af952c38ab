export * from './working-calendar.js';
export * from './calendar-registry.js';
export * from './calendar-year.js';
export {
  BUILTIN_SOURCE,
  builtinNationalDays,
  builtinYears,
  holidayDataYears,
  holidayName,
} from './builtin-years.js';
