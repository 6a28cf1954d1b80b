// The one query parameter feeds accept, ?page=N, validated strictly: anything else answers 400 with a
// message saying what is accepted (never the parser's own output).

/** Far more pages than any store has, and small enough that page * items stays a safe integer. */
export const MAX_PAGE = 1_000_000;

export type PageParam = { ok: true; page: number } | { ok: false; message: string };

export function parsePage(url: URL): PageParam {
  const values = url.searchParams.getAll('page');
  if (values.length === 0) return { ok: true, page: 1 };
  const accepted = `page must be given once, as a whole number from 1 to ${MAX_PAGE} (for example ?page=2)`;
  if (values.length > 1) return { ok: false, message: `Bad request: ${accepted}.\n` };
  const value = values[0] as string;
  if (!/^[1-9]\d{0,6}$/.test(value) || Number(value) > MAX_PAGE) {
    return { ok: false, message: `Bad request: ${accepted}.\n` };
  }
  return { ok: true, page: Number(value) };
}
