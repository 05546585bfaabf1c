/**
 * Timestamps as Step Functions reads them (Choice Timestamp* rules, IsTimestamp, Wait Timestamp):
 * "the RFC3339 profile of ISO 8601, with the further restrictions that an uppercase T must
 * separate date and time, and an uppercase Z must denote that a numeric time zone offset is not
 * present" (ASL spec, "Timestamps"). Compared as instants, so offsets are honoured.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch (with sub-millisecond fractions), or undefined if not a timestamp. */
export function parseTimestamp(s: string): number | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const hour = +m[4];
  const minute = +m[5];
  const second = +m[6];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year < 100) ms = new Date(ms).setUTCFullYear(year);
  if (m[7]) ms += Number(`0${m[7]}`) * 1000;
  const zone = m[8];
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const zh = +zone.slice(1, 3);
    const zm = +zone.slice(4, 6);
    if (zh > 23 || zm > 59) return undefined;
    ms -= sign * (zh * 60 + zm) * 60_000;
  }
  return ms;
}
