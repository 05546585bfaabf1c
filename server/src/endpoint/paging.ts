/**
 * Pages of a list: `maxResults` (0 or absent: the default page) and an opaque `nextToken` that
 * says where the next page starts. A token that is not one of ours is InvalidToken.
 */
import { invalidToken } from './errors';
import { MAX_NEXT_TOKEN, MAX_RESULTS, optionalInt, optionalString, type Body } from './validate';

export function page<T>(all: readonly T[], body: Body, defaultSize: number): { items: T[]; next: { nextToken?: string } } {
  const size = optionalInt(body, 'maxResults', 0, MAX_RESULTS) || defaultSize;
  const token = optionalString(body, 'nextToken', MAX_NEXT_TOKEN, 1);
  let start = 0;
  if (token !== undefined) {
    const m = /^p:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
    if (!m) throw invalidToken(`Invalid Token: '${token}'`);
    start = Number(m[1]);
  }
  const items = all.slice(start, start + size);
  const end = start + items.length;
  return { items, next: end < all.length ? { nextToken: Buffer.from(`p:${end}`).toString('base64') } : {} };
}
