export {
  addDays,
  formatDay,
  formatStart,
  instantAt,
  localTime,
  weekdayOf,
  zoneOrUtc,
  type LocalTime,
} from './zones.ts';
