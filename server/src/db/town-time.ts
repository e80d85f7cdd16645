/** The town's calendar: today's date and this year in the time zone of setting `town.timeZone`. */
import type { Queryable } from './pool';
import { getSettings } from './settings';
import { dateIn, yearIn } from '../domain/time';

/** Today (YYYY-MM-DD) in the town, to pass to SQL instead of `current_date`. */
export async function townToday(c: Queryable): Promise<string> {
  return dateIn((await getSettings(c))['town.timeZone']);
}

/** The current calendar year in the town. */
export async function townYear(c: Queryable): Promise<number> {
  return yearIn((await getSettings(c))['town.timeZone']);
}
