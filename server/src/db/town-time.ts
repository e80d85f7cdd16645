/** The town's calendar: today's date in the time zone of setting `town.timeZone` (domain/time.ts has the year too). */
import type { Queryable } from './pool';
import { getSettings } from './settings';
import { dateIn } from '../domain/time';

/** Today (YYYY-MM-DD) in the town, to pass to SQL instead of `current_date`. */
export async function townToday(c: Queryable): Promise<string> {
  return dateIn((await getSettings(c))['town.timeZone']);
}
