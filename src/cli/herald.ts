// `herald`: the command line (package.json bin). One entry for every tool: the subcommand is the first
// argument, its flags are parsed by node:util parseArgs (unknown flags are errors), and the exit code
// says how it went (command.ts EXIT).
import { parseArgs } from 'node:util';
import { COMMON_HELP, COMMON_OPTIONS, type Command, EXIT, type Options, UsageError } from './command.ts';
import { createProgress } from './progress.ts';

/**
 * Each command, loaded when it is run: `herald start` must not carry the compiler, the importers or the
 * generator (YAML, Markdown, the sanitizer, the XML parser) for as long as it serves. In the bundle
 * (build/bundle.mjs) a module reached only by a dynamic import is evaluated when it is imported, so a
 * static import here would have every server start them all.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: () => import('./commands/start.ts').then((m) => m.start),
  build: () => import('./commands/build.ts').then((m) => m.build),
  check: () => import('./commands/check.ts').then((m) => m.check),
  import: () => import('./commands/import.ts').then((m) => m.importCommand),
  ping: () => import('./commands/ping.ts').then((m) => m.ping),
  gen: () => import('./commands/gen.ts').then((m) => m.gen),
  dev: () => import('./commands/dev.ts').then((m) => m.dev),
};
const NAMES = Object.keys(COMMANDS);

async function overview(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...NAMES.map((name) => name.length));
  return `usage: herald COMMAND [flags]

Herald turns a folder of Markdown articles into RSS, Atom and JSON Feed, served on Node or Cloudflare Workers.

commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Every command takes:
${COMMON_HELP}

Run \`herald COMMAND --help\` for a command's own flags. Exit codes: 0 done, 1 failed, 2 wrong usage.
`;
}

/** Its own flags parsed (by parseArgs, token by token), every other argument kept in order for the
 * program it is passed to. */
function passThrough(args: string[], options: Options): { values: Record<string, unknown>; positionals: string[] } {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option' && Object.hasOwn(options, token.name)) {
      values[token.name] = options[token.name]?.type === 'string' ? token.value : true;
    } else if (token.kind === 'option')
      positionals.push(token.rawName, ...(token.value === undefined ? [] : [token.value]));
    else if (token.kind === 'positional') positionals.push(token.value);
  }
  return { values, positionals };
}

/** Runs `herald` with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (text: string) => process.stdout.write(text);
  const err = (text: string) => process.stderr.write(text);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? err : out)(await overview());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    err(`herald: unknown command "${name}"; the commands are ${NAMES.join(', ')} (herald --help)\n`);
    return EXIT.usage;
  }
  const command = await (COMMANDS[name] as () => Promise<Command>)();
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = command.passThrough
      ? passThrough(rest, { ...COMMON_OPTIONS, ...command.options })
      : parseArgs({
          args: rest,
          options: { ...COMMON_OPTIONS, ...command.options },
          allowPositionals: command.positionals === true,
          strict: true,
        });
  } catch (error) {
    // parseArgs says which flag and what is wrong with it (an unknown flag, a missing value); its error
    // codes tell a usage mistake from anything else.
    if (!String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) throw error;
    err(`herald ${name}: ${(error as Error).message.split('\n')[0]} (herald ${name} --help)\n`);
    return EXIT.usage;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    out(`${command.help}\n${COMMON_HELP}\n`);
    return EXIT.ok;
  }
  // One line redrawn in place on a terminal; plain lines in a pipe, a log or under CI. On stdout with
  // the results it leads to, as hugo does, so a log reads in order; stderr is for problems only.
  const live = process.stdout.isTTY === true && !env.CI;
  try {
    return await command.run({
      values,
      positionals: parsed.positionals,
      contentDir: (typeof values.content === 'string' && values.content) || env.CONTENT_DIR || 'content',
      env,
      out,
      err,
      progress: createProgress({ write: out, live }),
      verbose: values.verbose === true,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      err(`herald ${name}: ${error.message} (herald ${name} --help)\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
