// The Node entry's life: startup problems reported as a list (in-process and from the real `npm start`,
// the bundled entry under plain node), SITE_URL from the environment, a SIGTERM that lets a request in
// flight finish, and a start on a store not compiled yet, which a child process compiles (the server
// never loads the compiler) and a SIGTERM stops with it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Sources } from '../../src/content/load.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { type NodeServerOptions, StartupError, startNodeServer } from '../../src/runtime/node/server.ts';
import { MANIFEST_PATH } from '../../src/storage/assets/format.ts';
import { npmStartCommand } from '../../tools/bench/herald.ts';
import { REPO } from '../../tools/bench/process.ts';
import { articleFile, NOW, newsSources, siteYaml, sources } from '../support/fixtures.ts';
import { contentDir, rawRequest, readFeed } from '../support/http.ts';

function invalidSources(): Sources {
  return sources(
    {
      'bad-date': articleFile({ title: 'Bad date', date: 'next tuesday' }),
      'no-title': articleFile({ title: undefined }),
      good: articleFile({ title: 'Good' }),
    },
    siteYaml(),
  );
}

/** A server in this process on 127.0.0.1:0 over `dir`, its compiled store beside it, a frozen clock. */
function inProcess(dir: string, options: Partial<NodeServerOptions> = {}): NodeServerOptions {
  return {
    contentDir: dir,
    compiledPath: join(dir, '..', 'store'),
    env: {},
    port: 0,
    host: '127.0.0.1',
    clock: fixedClock(NOW),
    log: () => {},
    ...options,
  };
}

/** Starts a server on a temporary copy of `src`; the compiled cache stays in that directory too. */
async function withServer<T>(
  src: Sources,
  options: Partial<NodeServerOptions>,
  run: (url: string) => Promise<T>,
): Promise<T> {
  const content = await contentDir(src);
  try {
    const server = await startNodeServer(inProcess(content.dir, options));
    try {
      return await run(server.url);
    } finally {
      await server.close(1000);
    }
  } finally {
    await content.remove();
  }
}

async function startupError(promise: Promise<unknown>): Promise<StartupError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StartupError);
  return error as StartupError;
}

describe('startNodeServer', () => {
  it('throws StartupError listing every problem of an invalid store, by file and field', async () => {
    const content = await contentDir(invalidSources());
    try {
      const error = await startupError(
        startNodeServer({
          contentDir: content.dir,
          compiledPath: join(content.dir, '..', 'store'),
          env: {},
          port: 0,
          host: '127.0.0.1',
          log: () => {},
        }),
      );
      expect(error.problems).toHaveLength(2);
      expect(error.problems[0]).toMatch(/articles\/bad-date\.md: date: /);
      expect(error.problems[1]).toMatch(/articles\/no-title\.md: title: /);
      for (const problem of error.problems) expect(error.message).toContain(problem);
    } finally {
      await content.remove();
    }
  });

  it('throws StartupError for invalid settings in the environment', async () => {
    const content = await contentDir(newsSources());
    try {
      const error = await startupError(
        startNodeServer({
          contentDir: content.dir,
          compiledPath: join(content.dir, '..', 'store'),
          env: { SITE_URL: 'not a url', CACHE_MAX_AGE: 'soon' },
          port: 0,
          host: '127.0.0.1',
          log: () => {},
        }),
      );
      expect(error.problems).toEqual([expect.stringMatching(/SITE_URL/), expect.stringMatching(/CACHE_MAX_AGE/)]);
    } finally {
      await content.remove();
    }
  });

  it('throws StartupError, not a raw socket error, when the port is taken', async () => {
    await withServer(newsSources(), {}, async (url) => {
      const content = await contentDir(newsSources());
      try {
        const error = await startupError(
          startNodeServer({
            contentDir: content.dir,
            compiledPath: join(content.dir, '..', 'store'),
            env: {},
            port: Number(new URL(url).port),
            host: '127.0.0.1',
            log: () => {},
          }),
        );
        expect(error.problems[0]).toMatch(/EADDRINUSE/);
      } finally {
        await content.remove();
      }
    });
  });

  it('writes the compiled store where it is told, not into the working directory', async () => {
    const content = await contentDir(newsSources());
    const compiledPath = join(content.dir, '..', 'compiled', 'store');
    try {
      const server = await startNodeServer({
        contentDir: content.dir,
        compiledPath,
        env: {},
        port: 0,
        host: '127.0.0.1',
        log: () => {},
      });
      await server.close(1000);
      expect(existsSync(join(compiledPath, MANIFEST_PATH))).toBe(true);
    } finally {
      await content.remove();
    }
  });

  it('builds feed links from SITE_URL, whatever Host the request names', async () => {
    const siteUrl = 'https://feeds.example.com/herald/';
    await withServer(newsSources(), { env: { SITE_URL: siteUrl } }, async (url) => {
      const res = await rawRequest(`${url}/tags/politics/atom.xml`, { headers: { host: 'attacker.example' } });
      expect(res.status).toBe(200);
      const feed = readFeed('atom', res.body.toString('utf8'));
      expect(feed.self).toBe(`${siteUrl}tags/politics/atom.xml`);
      for (const link of feed.urls) expect(link.startsWith(siteUrl)).toBe(true);
    });
  });

  it('logs the published articles as readers see them, and the scheduled ones apart', async () => {
    const logged: Record<string, unknown>[] = [];
    await withServer(newsSources(), { log: (entry) => logged.push(entry) }, async () => {});
    // newsSources at NOW: three published, one scheduled for 2024-07-01T08:00:00Z, one draft.
    expect(logged.find((e) => e.msg === 'listening')).toMatchObject({
      articles: 3,
      scheduled: 1,
      nextGoLive: '2024-07-01T08:00:00.000Z',
    });
  });

  it('stops accepting connections once closed', async () => {
    const content = await contentDir(newsSources());
    try {
      const server = await startNodeServer({
        contentDir: content.dir,
        compiledPath: join(content.dir, '..', 'store'),
        env: {},
        port: 0,
        host: '127.0.0.1',
        log: () => {},
      });
      expect((await rawRequest(`${server.url}/rss.xml`)).status).toBe(200);
      await server.close(1000);
      await expect(rawRequest(`${server.url}/rss.xml`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await content.remove();
    }
  });

  it('kills the compile process when its signal is aborted, and rejects once it is gone and its partial files too', async () => {
    const content = await contentDir(newsSources());
    const compiledDir = join(content.dir, '..', 'compiled');
    const starting = new AbortController();
    let pid: number | undefined;
    try {
      const error = await startNodeServer({
        contentDir: content.dir,
        compiledPath: join(compiledDir, 'store'),
        env: {},
        port: 0,
        host: '127.0.0.1',
        signal: starting.signal,
        log: (entry) => {
          if (entry.msg !== 'compiling the store in a child process') return;
          pid = entry.pid as number;
          // What a compile process killed while writing leaves behind (build/asset-directory.ts).
          mkdirSync(join(compiledDir, `store.${pid}.tmp`, 'store'), { recursive: true });
          writeFileSync(join(compiledDir, `store.${pid}.tmp`, 'store', 'manifest.json'), 'half');
          starting.abort();
        },
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBe(starting.signal.reason);
      expect(pid).toBeGreaterThan(0);
      expect(processExists(pid as number)).toBe(false);
      expect(readdirSync(compiledDir)).toEqual([]);
    } finally {
      await content.remove();
    }
  });
});

/** Whether a process (a zombie included: one its parent has not waited for) has this pid. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** The real entry, as `npm start` runs it (or with `args` for node), in a temporary working directory. */
function startEntry(cwd: string, env: Record<string, string>, args = npmStartCommand().slice(1)) {
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => {
    output.stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output.stderr += d.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output, exited };
}

/** Resolves with the first stdout JSON line that satisfies `test`. */
function logLine(child: ChildProcess, test: (entry: Record<string, unknown>) => boolean) {
  return new Promise<Record<string, unknown>>((done, fail) => {
    let buffer = '';
    const onData = (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        if (test(entry)) {
          child.stdout?.off('data', onData);
          done(entry);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`exited with ${code} before the expected log line`)));
  });
}

describe('npm start (herald start, bundled, under plain node)', () => {
  it('exits 1 with the problem list on stderr when CONTENT_DIR holds an invalid store', async () => {
    const content = await contentDir(invalidSources());
    try {
      const run = startEntry(dirname(content.dir), { CONTENT_DIR: content.dir, PORT: '0', HOST: '127.0.0.1' });
      expect(await run.exited).toBe(1);
      const lines = run.output.stderr.trim().split('\n');
      expect(lines[0]).toBe('Herald cannot start:');
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(/articles\/bad-date\.md: date: /),
        expect.stringMatching(/articles\/no-title\.md: title: /),
      ]);
      expect(run.output.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await content.remove();
    }
  }, 30_000);

  it('exits 2 (a usage mistake) with a one-line reason when PORT is not a port number', async () => {
    const content = await contentDir(newsSources());
    try {
      const run = startEntry(dirname(content.dir), { CONTENT_DIR: content.dir, PORT: 'eighty', HOST: '127.0.0.1' });
      expect(await run.exited).toBe(2);
      expect(run.output.stderr).toMatch(/PORT\) must be a whole number from 0 to 65535, not "eighty"/);
      expect(run.output.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await content.remove();
    }
  }, 30_000);

  it('warns at start-up, before listening, only when node runs without --no-memory-reducer', async () => {
    const content = await contentDir(newsSources());
    const env = { CONTENT_DIR: content.dir, PORT: '0', HOST: '127.0.0.1' };
    // One after the other: both compile the store into the same working directory.
    const logUpToListening = async (args: string[]) => {
      const run = startEntry(dirname(content.dir), env, args);
      try {
        await logLine(run.child, (e) => e.msg === 'listening');
        return run.output.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { level: string; msg: string });
      } finally {
        run.child.kill('SIGKILL');
        await run.exited;
      }
    };
    try {
      const asNpmStart = await logUpToListening(npmStartCommand().slice(1));
      expect(asNpmStart.filter((e) => e.level === 'warn')).toEqual([]);
      const byHand = await logUpToListening(
        npmStartCommand()
          .slice(1)
          .filter((a) => a !== '--no-memory-reducer'),
      );
      const warnings = byHand.filter((e) => e.level === 'warn');
      expect(warnings).toEqual([
        { time: expect.any(String), level: 'warn', msg: expect.stringMatching(/without --no-memory-reducer/) },
      ]);
      // Before the listening line: whoever reads the log on start sees it.
      expect(byHand.indexOf(warnings[0] as (typeof byHand)[number])).toBeLessThan(
        byHand.findIndex((e) => e.msg === 'listening'),
      );
    } finally {
      await content.remove();
    }
  }, 30_000);

  it('lets a request in flight at SIGTERM finish, then exits 0 without waiting out the grace period', async () => {
    const content = await contentDir(newsSources());
    const run = startEntry(dirname(content.dir), { CONTENT_DIR: content.dir, PORT: '0', HOST: '127.0.0.1' });
    try {
      const listening = await logLine(run.child, (e) => e.msg === 'listening');
      const url = new URL(String(listening.url));
      expect(url.hostname).toBe('127.0.0.1');
      expect(Number(url.port)).toBeGreaterThan(0);

      // A client that has sent half its request: the server has a request in flight on this connection.
      const socket = net.connect(Number(url.port), url.hostname);
      await new Promise((done) => socket.once('connect', done));
      let response = '';
      socket.on('data', (d: Buffer) => {
        response += d.toString('latin1');
      });
      const socketClosed = new Promise((done) => socket.once('close', done));
      socket.write('GET /rss.xml HTTP/1.1\r\nHost: news.example.org\r\n');

      const shuttingDown = logLine(run.child, (e) => e.msg === 'shutting down');
      run.child.kill('SIGTERM');
      expect((await shuttingDown).signal).toBe('SIGTERM');
      const stoppedAt = Date.now();
      socket.write('Accept: application/rss+xml\r\n\r\n');

      expect(await run.exited).toBe(0);
      await socketClosed;
      // The grace period is 10 s; an idle keep-alive connection must not hold the process that long.
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      const [head = '', body = ''] = response.split('\r\n\r\n');
      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]);
      expect(Buffer.byteLength(body, 'latin1')).toBe(length);
      expect(readFeed('rss', Buffer.from(body, 'latin1').toString('utf8')).ids.length).toBeGreaterThan(0);
    } finally {
      run.child.kill('SIGKILL');
      await content.remove();
    }
  }, 30_000);
});

describe('npm start on a store it has not compiled', () => {
  const COMPILING = 'compiling the store in a child process';

  it('has a child process compile it, and serves it without ever loading the compiler itself', async () => {
    const content = await contentDir(newsSources());
    const env = { CONTENT_DIR: content.dir, PORT: '0', HOST: '127.0.0.1' };
    // What each start says, up to listening, and its /rss.xml.
    const start = async () => {
      const run = startEntry(dirname(content.dir), env);
      try {
        const listening = await logLine(run.child, (e) => e.msg === 'listening');
        const rss = await rawRequest(`${listening.url}rss.xml`);
        return { listening, log: run.output.stdout, rss };
      } finally {
        run.child.kill('SIGKILL');
        await run.exited;
      }
    };
    try {
      const cold = await start();
      expect(cold.log).toContain(COMPILING);
      expect(cold.listening).toMatchObject({ compiled: false, compilerLoaded: false });
      expect(existsSync(join(dirname(content.dir), '.herald', 'store', MANIFEST_PATH))).toBe(true);
      expect(cold.rss.status).toBe(200);
      expect(readFeed('rss', cold.rss.body.toString('utf8')).ids.length).toBeGreaterThan(0);
      // A restart reuses what the child compiled: the same store, the same bytes.
      const warm = await start();
      expect(warm.log).not.toContain(COMPILING);
      expect(warm.listening).toMatchObject({ compiled: true, compilerLoaded: false, version: cold.listening.version });
      expect(warm.rss.body.equals(cold.rss.body)).toBe(true);
    } finally {
      await content.remove();
    }
  }, 60_000);

  it('stops at SIGTERM during the compile with exit code 0, its compile process gone with it', async () => {
    const content = await contentDir(newsSources());
    // site.yaml as a named pipe nobody writes: the compile process blocks reading it, so the signal
    // surely comes while it compiles (the server only stats it).
    await rm(join(content.dir, 'site.yaml'));
    execFileSync('mkfifo', [join(content.dir, 'site.yaml')]);
    const run = startEntry(dirname(content.dir), { CONTENT_DIR: content.dir, PORT: '0', HOST: '127.0.0.1' });
    let pid: number | undefined;
    // Whatever fails, even a timeout: a process blocked on the pipe would never exit by itself.
    onTestFinished(async () => {
      run.child.kill('SIGKILL');
      if (pid !== undefined && processExists(pid)) process.kill(pid, 'SIGKILL');
      await content.remove();
    });
    pid = (await logLine(run.child, (e) => e.msg === COMPILING)).pid as number;
    expect(processExists(pid)).toBe(true);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output.stdout).not.toContain('"listening"');
    expect(run.output.stderr).toBe('');
    expect(processExists(pid)).toBe(false);
    expect(readdirSync(join(dirname(content.dir), '.herald'))).toEqual([]);
  }, 60_000);

  it('compiles into a temporary directory, removed when it exits, when .herald cannot be written', async () => {
    const content = await contentDir(newsSources());
    const temp = await mkdtemp(join(tmpdir(), 'herald-tmpdir-'));
    // Not a directory: nothing can be made under it, even by root.
    await writeFile(join(dirname(content.dir), '.herald'), 'not a directory');
    const env = { CONTENT_DIR: content.dir, PORT: '0', HOST: '127.0.0.1', TMPDIR: temp };
    const run = startEntry(dirname(content.dir), env);
    try {
      const listening = await logLine(run.child, (e) => e.msg === 'listening');
      expect(listening).toMatchObject({ compiled: false, compilerLoaded: false });
      expect(run.output.stdout).toMatch(/"level":"warn","msg":"cannot write \.herald: /);
      expect((await rawRequest(`${listening.url}rss.xml`)).status).toBe(200);
      // Pages are read from it while the server runs; it goes when the server exits.
      expect(readdirSync(temp)).toHaveLength(1);
      run.child.kill('SIGTERM');
      await run.exited;
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      run.child.kill('SIGKILL');
      await run.exited;
      await rm(temp, { recursive: true, force: true });
      await content.remove();
    }
  }, 60_000);

  it('compiles in its own process, with a warning, when neither .herald nor a temporary directory can be written', async () => {
    const content = await contentDir(newsSources());
    const notADirectory = join(dirname(content.dir), 'file');
    await writeFile(notADirectory, '');
    await writeFile(join(dirname(content.dir), '.herald'), 'not a directory');
    const env = { CONTENT_DIR: content.dir, PORT: '0', HOST: '127.0.0.1', TMPDIR: notADirectory };
    const run = startEntry(dirname(content.dir), env);
    try {
      const listening = await logLine(run.child, (e) => e.msg === 'listening');
      expect(listening).toMatchObject({ compiled: false, compilerLoaded: true });
      expect(run.output.stdout).toMatch(/"level":"warn","msg":"cannot write .*: compiling the store in this process"/);
      expect((await rawRequest(`${listening.url}rss.xml`)).status).toBe(200);
    } finally {
      run.child.kill('SIGKILL');
      await run.exited;
      await content.remove();
    }
  }, 60_000);

  it('serves what the child compiled under WATCH=1 too, and reloads on an edit', async () => {
    const content = await contentDir(newsSources());
    const env = { CONTENT_DIR: content.dir, PORT: '0', HOST: '127.0.0.1', WATCH: '1' };
    const run = startEntry(dirname(content.dir), env);
    try {
      const listening = await logLine(run.child, (e) => e.msg === 'listening');
      expect(listening).toMatchObject({ compiled: false, compilerLoaded: false });
      const reloaded = logLine(run.child, (e) => e.msg === 'content reloaded');
      await writeFile(join(content.dir, 'articles/2024/alpha.md'), articleFile({ title: 'Edited while watched' }));
      expect((await reloaded).version).not.toBe(listening.version);
      const feed = readFeed('rss', (await rawRequest(`${listening.url}rss.xml`)).body.toString('utf8'));
      expect(feed.titles).toContain('Edited while watched');
    } finally {
      run.child.kill('SIGKILL');
      await run.exited;
      await content.remove();
    }
  }, 60_000);
});

describe('npm run build -- --node', () => {
  it("writes the compiled store for npm start and not the Worker's assets", async () => {
    const content = await contentDir(newsSources());
    const cwd = dirname(content.dir);
    try {
      const run = startEntry(cwd, { CONTENT_DIR: content.dir }, [join(REPO, 'src/cli/herald.mjs'), 'build', '--node']);
      expect(await run.exited).toBe(0);
      expect(run.output.stdout).toMatch(/^Built .*: \d+ articles/m);
      expect(readdirSync(join(cwd, '.herald')).sort()).toEqual(['store']);
    } finally {
      await content.remove();
    }
  }, 60_000);
});

describe('readiness (/readyz) and liveness (/healthz) for orchestrators', () => {
  it('answers not ready, but alive, while the store is being compiled, and serves nothing else yet', async () => {
    const content = await contentDir(newsSources());
    // site.yaml as a named pipe nobody writes: the compile blocks on it, so the server stays "starting".
    await rm(join(content.dir, 'site.yaml'));
    execFileSync('mkfifo', [join(content.dir, 'site.yaml')]);
    const starting = new AbortController();
    let accepting: (url: string) => void = () => {};
    const url = new Promise<string>((resolve) => {
      accepting = resolve;
    });
    const started = startNodeServer(
      inProcess(content.dir, {
        signal: starting.signal,
        log: (entry) => {
          if (entry.msg === 'accepting connections') accepting(String(entry.url));
        },
      }),
    ).catch((error: unknown) => error);
    onTestFinished(async () => {
      starting.abort();
      await started;
      await content.remove();
    });
    const base = await url;
    const ready = await rawRequest(`${base}readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(ready.body.toString())).toEqual({ ready: false, state: 'starting' });
    const alive = await rawRequest(`${base}healthz`);
    expect(alive.status).toBe(200);
    expect(JSON.parse(alive.body.toString())).toEqual({ status: 'starting' });
    const feed = await rawRequest(`${base}rss.xml`);
    expect(feed.status).toBe(503);
    expect(feed.headers['retry-after']).toBe('5');
    starting.abort();
    expect(await started).toBe(starting.signal.reason);
  }, 60_000);

  it('answers ready once serving, and not ready from the moment close() begins', async () => {
    const content = await contentDir(newsSources());
    const server = await startNodeServer(inProcess(content.dir));
    onTestFinished(async () => {
      await server.close(1000);
      await content.remove();
    });
    expect((await rawRequest(`${server.url}/readyz`)).status).toBe(200);
    // Half a request on an open connection: in flight when close() begins, answered after.
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((done) => socket.once('connect', done));
    let response = '';
    socket.on('data', (d: Buffer) => {
      response += d.toString();
    });
    const socketClosed = new Promise((done) => socket.once('close', done));
    socket.write('GET /readyz HTTP/1.1\r\nHost: news.example.org\r\n');
    await new Promise((done) => setTimeout(done, 20));
    const closed = server.close(5000);
    socket.write('\r\n');
    await socketClosed;
    await closed;
    const [head = '', body = ''] = response.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 503 Service Unavailable');
    expect(JSON.parse(body)).toEqual({ ready: false, state: 'stopping' });
  }, 60_000);
});

describe('a development server (herald dev --node, herald start --watch)', () => {
  const channelLink = async (options: Partial<NodeServerOptions>) =>
    withServer(newsSources(), options, async (url) => {
      const rss = await rawRequest(`${url}/rss.xml`);
      const feed = readFeed('rss', rss.body.toString('utf8'));
      // The channel's <link>, and the self link subscribers are told to poll.
      return { url, link: feed.urls[0], self: feed.self };
    });

  it('links to the address it listens on when SITE_URL is not set, as hugo server does', async () => {
    const { url, link, self } = await channelLink({ dev: true });
    expect(link).toBe(`${url}/`);
    expect(self).toBe(`${url}/rss.xml`);
  }, 60_000);

  it('links to SITE_URL when it is set, and production never guesses', async () => {
    expect((await channelLink({ dev: true, env: { SITE_URL: 'https://staging.example.net/' } })).link).toBe(
      'https://staging.example.net/',
    );
    expect((await channelLink({})).link).toBe('https://news.example.org/');
  }, 60_000);
});

describe('npm start under a process manager', () => {
  it('is node itself, the process npm launched: a SIGTERM sent to it stops Herald, nothing orphaned', async () => {
    const content = await contentDir(newsSources());
    // A project of its own (package.json, with src and node_modules linked), so npm runs the start
    // script there and the compiled store lands there, not in this repository.
    const project = join(dirname(content.dir), 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), readFileSync(join(REPO, 'package.json')));
    symlinkSync(join(REPO, 'src'), join(project, 'src'));
    symlinkSync(join(REPO, 'node_modules'), join(project, 'node_modules'));
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', CONTENT_DIR: content.dir, PORT: '0', HOST: '127.0.0.1' },
    });
    const exited = new Promise<number | null>((done) => npm.on('exit', (code) => done(code)));
    let launched: number | undefined;
    onTestFinished(async () => {
      npm.kill('SIGKILL');
      if (launched !== undefined && processExists(launched)) process.kill(launched, 'SIGKILL');
      await content.remove();
    });
    await logLine(npm, (e) => e.msg === 'listening');
    const children = readFileSync(`/proc/${npm.pid}/task/${npm.pid}/children`, 'utf8').trim().split(/\s+/);
    expect(children).toHaveLength(1);
    launched = Number(children[0]);
    // No shell in between: the process npm started runs node on the command line.
    const argv = readFileSync(`/proc/${launched}/cmdline`, 'utf8').split('\0');
    expect(argv[0]).toMatch(/node$/);
    expect(argv).toContain('start');
    const shuttingDown = logLine(npm, (e) => e.msg === 'shutting down');
    process.kill(launched, 'SIGTERM');
    expect((await shuttingDown).signal).toBe('SIGTERM');
    expect(await exited).toBe(0);
    expect(processExists(launched)).toBe(false);
  }, 60_000);
});
