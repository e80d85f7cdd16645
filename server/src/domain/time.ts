// Dates in the town's time zone (setting `town.timeZone`): "today" and "this year" for the people
// who use the tool, not for the server's clock. Before 08:00 in Beijing the UTC date is still
// yesterday's. The clock is injectable so tests can stand at any instant.

/** The current instant; replaced in tests. */
export type Clock = () => Date;

const systemClock: Clock = () => new Date();
let clock: Clock = systemClock;

/** Replaces the clock (tests); `null` restores the system clock. */
export function setClock(next: Clock | null): void {
  clock = next ?? systemClock;
}

/** The current instant by the (possibly injected) clock. */
export function now(): Date {
  return clock();
}

function parts(timeZone: string, at: Date): { year: string; month: string; day: string } {
  const formatted = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => formatted.find((p) => p.type === type)!.value;
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** The calendar date (YYYY-MM-DD) in `timeZone` at `at` (now by default). */
export function dateIn(timeZone: string, at: Date = now()): string {
  const { year, month, day } = parts(timeZone, at);
  return `${year}-${month}-${day}`;
}

/** The calendar year in `timeZone` at `at` (now by default). */
export function yearIn(timeZone: string, at: Date = now()): number {
  return Number(parts(timeZone, at).year);
}
