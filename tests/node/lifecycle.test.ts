// The Node entry's life: startup problems reported as a list (in-process and from the real `npm start`,
// the bundled entry under plain node), SITE_URL from the environment, and a SIGTERM that lets a request
// in flight finish.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmStartCommand } from '../../src/bench/herald.ts';
import { fixedClock } from '../../src/clock.ts';
import { type NodeServerOptions, StartupError, startNodeServer } from '../../src/entry/node-server.ts';
import type { Sources } from '../../src/store/load.ts';
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

/** Starts a server on a temporary copy of `src`; the compiled cache stays in that directory too. */
async function withServer<T>(
  src: Sources,
  options: Partial<NodeServerOptions>,
  run: (url: string) => Promise<T>,
): Promise<T> {
  const content = await contentDir(src);
  try {
    const server = await startNodeServer({
      contentDir: content.dir,
      compiledPath: join(content.dir, '..', 'store.json'),
      env: {},
      port: 0,
      host: '127.0.0.1',
      clock: fixedClock(NOW),
      log: () => {},
      ...options,
    });
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
          compiledPath: join(content.dir, '..', 'store.json'),
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
          compiledPath: join(content.dir, '..', 'store.json'),
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
            compiledPath: join(content.dir, '..', 'store.json'),
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
    const compiledPath = join(content.dir, '..', 'compiled', 'store.json');
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
      expect(existsSync(join(dirname(compiledPath), 'index.bin'))).toBe(true);
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

  it('stops accepting connections once closed', async () => {
    const content = await contentDir(newsSources());
    try {
      const server = await startNodeServer({
        contentDir: content.dir,
        compiledPath: join(content.dir, '..', 'store.json'),
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
});

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

describe('npm start (src/entry/start.mjs running the bundled src/entry/node.ts)', () => {
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

  it('exits 1 with a one-line reason when PORT is not a port number', async () => {
    const content = await contentDir(newsSources());
    try {
      const run = startEntry(dirname(content.dir), { CONTENT_DIR: content.dir, PORT: 'eighty', HOST: '127.0.0.1' });
      expect(await run.exited).toBe(1);
      expect(run.output.stderr).toMatch(/PORT: must be a whole number from 0 to 65535/);
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
      expect(warnings).toEqual([{ level: 'warn', msg: expect.stringMatching(/without --no-memory-reducer/) }]);
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
