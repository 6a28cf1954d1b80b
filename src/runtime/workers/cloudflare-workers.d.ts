// The slice of workerd's `cloudflare:workers` module the Worker entry and the workers tests use. The full
// declarations (@cloudflare/workers-types) would clash with the DOM and Node types the rest of the
// project compiles with.
declare module 'cloudflare:workers' {
  /** The Worker's own exports: `exports.default` is src/runtime/workers/worker.ts, called like a service binding. */
  export const exports: {
    default: { fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> };
  };
  /** Bindings and vars, as the Worker receives them. */
  export const env: Record<string, unknown>;
}
