// Paging: follow `Link: <url>; rel="next"` headers (RFC 8288) until there is no next page.

/** Parse a Link header into rel → URL (first link wins for each rel). */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  // Scan link-values: "<url>" then ";"-separated params up to a comma outside quotes
  // (commas inside <…> or quoted params belong to the value).
  let i = 0;
  while (i < header.length) {
    const open = header.indexOf("<", i);
    if (open < 0) break;
    const close = header.indexOf(">", open);
    if (close < 0) break;
    const url = header.slice(open + 1, close).trim();
    let j = close + 1;
    let inQuotes = false;
    while (j < header.length && (inQuotes || header[j] !== ",")) {
      if (header[j] === '"') inQuotes = !inQuotes;
      j++;
    }
    const params = header.slice(close + 1, j);
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(params);
    for (const r of (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/).filter(Boolean)) {
      if (!(r in out)) out[r] = url;
    }
    i = j + 1;
  }
  return out;
}

/**
 * The absolute URL of the next page, resolved against the current page's URL; undefined at the end.
 * Throws if it points to another origin than `baseUrl`: following it would send our token elsewhere.
 */
export function nextPageUrl(header: string | undefined, currentUrl: string, baseUrl: string): string | undefined {
  const next = parseLinkHeader(header)["next"];
  if (!next) return undefined;
  const abs = new URL(next, currentUrl);
  if (abs.origin !== new URL(baseUrl).origin) {
    throw new Error(`refusing to follow a next-page link to another origin (${abs.origin})`);
  }
  return abs.toString();
}

/** Upper bound on pages, so a server that loops its links cannot hang a deployment. */
export const MAX_PAGES = 10_000;

/** Fetch every page starting at `firstUrl` and concatenate the items. */
export async function collectPages<T>(
  firstUrl: string,
  fetchPage: (url: string) => Promise<{ items: T[]; next?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let url: string | undefined = firstUrl;
  while (url) {
    if (seen.has(url) || seen.size >= MAX_PAGES) throw new Error(`paging did not terminate (page ${url} repeated or too many pages)`);
    seen.add(url);
    const page: { items: T[]; next?: string } = await fetchPage(url);
    items.push(...page.items);
    url = page.next;
  }
  return items;
}
