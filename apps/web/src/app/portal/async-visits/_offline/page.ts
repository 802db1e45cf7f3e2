/** The patient's async-visit page: its address, the folder of its files (apps/web/public) and its worker's scope. */
export const PAGE_PATH = '/portal/async-visits';

/** Fills the `{name}` placeholders of the page's messages: on the server for the HTML, in the browser after. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
