// The one source of "now": injected everywhere so tests freeze time and Workers read it per request.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function fixedClock(iso: string | number | Date): Clock {
  const at = new Date(iso).getTime();
  return () => new Date(at);
}
