// The slice of `cloudflare:test` the Cron test uses (see src/runtime/workers/cloudflare-workers.d.ts for why not
// the full declarations).
declare module 'cloudflare:test' {
  export interface TestExecutionContext {
    waitUntil(promise: Promise<unknown>): void;
    passThroughOnException(): void;
  }
  export function createExecutionContext(): TestExecutionContext;
  export function waitOnExecutionContext(ctx: TestExecutionContext): Promise<void>;
  export function createScheduledController(options?: { scheduledTime?: Date | number; cron?: string }): {
    scheduledTime: number;
    cron: string;
  };
}
