/** Calendar days in the browser's time zone, for grouping visits and for <input type="date">. */

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyy-MM-dd` of the local day `date` falls on. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The value of an <input type="date"> for the local day of `date`. */
export const toLocalDateInput = dayKey;

/** Local midnight of an <input type="date"> value (`yyyy-MM-dd`). */
export function fromLocalDateInput(value: string): Date {
  const [year = 1970, month = 1, day = 1] = value.split('-').map(Number);
  return new Date(year, month - 1, day);
}

/** `yyyy-MM-ddTHH:mm` in local time, for <input type="datetime-local">. */
export function toLocalInputValue(date: Date): string {
  return `${dayKey(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
