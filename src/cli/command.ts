// What every `herald` subcommand is: its name, help text, flags (node:util parseArgs) and what it runs.
// The flags every command shares (--content, --help) and the exit codes live here, so they mean the same
// everywhere.
import type { ParseArgsConfig } from 'node:util';
import type { Progress } from '../build/progress.ts';

/** Exit codes of `herald` (docs/operations.md). */
export const EXIT = {
  /** Done as asked. */
  ok: 0,
  /** The work failed: content with problems, a server that cannot start, a ping that gave up. */
  failure: 1,
  /** The command line itself is wrong: an unknown command or flag, a missing or malformed argument. */
  usage: 2,
} as const;

/** A command line mistake: reported with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Context {
  /** The flags given, as parseArgs typed them (strings and booleans). */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** --content, else CONTENT_DIR, else "content". */
  contentDir: string;
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  progress: Progress;
  /** --verbose, where a command takes it: a line per article. */
  verbose: boolean;
}

export interface Command {
  name: string;
  /** One line, for `herald --help`. */
  summary: string;
  /** The usage line and what each flag does, for `herald NAME --help`. */
  help: string;
  /** Its own flags, besides --content and --help. */
  options: Options;
  /** Whether it takes positional arguments. */
  positionals?: boolean;
  /** Flags it does not know are another program's (herald dev passes them to wrangler): they come as
   * positionals, in order, with their values. */
  passThrough?: boolean;
  run(context: Context): Promise<number>;
}

/** The flags every command takes. */
export const COMMON_OPTIONS: Options = {
  content: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** The flag of the commands that can list each article they handle; nothing is printed per article
 * without it. */
export const VERBOSE: Options = { verbose: { type: 'boolean' } };

export const COMMON_HELP = `  --content DIR   the content directory (default: $CONTENT_DIR, else content)
  -h, --help      this help`;
