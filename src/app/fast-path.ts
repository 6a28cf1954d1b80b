// The Node fast path: a repeat GET or HEAD of a URL whose document is already rendered is answered
// straight from the render cache, without building a Request, routing or a Response, so a poll costs
// about what serving a static file does. Anything it cannot answer exactly as the Hono route would
// (a new visible set, a coding not compressed yet, an unknown URL) falls through to the app.

import type { HeaderSource } from '../http/conditional.ts';
import { type Answer, answer, chooseCoding } from '../http/send.ts';
import type { HeraldContext } from './context.ts';

export type FastPath = (method: string, pathAndQuery: string, headers: HeaderSource) => Answer | undefined;

export function createFastPath(ctx: HeraldContext): FastPath {
  return (method, pathAndQuery, headers) => {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    const found = ctx.cache.recall(pathAndQuery);
    if (!found) return undefined;
    const store = ctx.currentStore();
    const now = ctx.clock().getTime();
    // The remembered entry is valid only for the store and visible set it was rendered from.
    if (found.entry.version !== store.version || found.entry.hidden !== store.hidden(now)) return undefined;
    const coding = chooseCoding(headers, ctx.compress);
    if (coding === null) return undefined;
    const variant = coding === 'identity' ? found.rep.identity : found.rep.ready(coding);
    if (!variant) return undefined;
    return answer(method, headers, found.rep, variant, ctx.policy(store), now);
  };
}
