export {
  addDays,
  formatDay,
  instantAt,
  localTime,
  weekdayOf,
  zoneOrUtc,
  type LocalTime,
} from './zones.ts';
