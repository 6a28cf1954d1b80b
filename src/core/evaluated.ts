// Which heavy modules this process has evaluated: the server reports whether it holds the compiler
// (runtime/node/server.ts), which a start on a compiled store, or one whose compile ran in a child
// process, must not. A module adds its name when it is evaluated; nothing else is kept here.
const names = new Set<string>();

export function markEvaluated(name: string): void {
  names.add(name);
}

export function wasEvaluated(name: string): boolean {
  return names.has(name);
}
