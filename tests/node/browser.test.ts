// The HTML pages in a real browser: Debian's Chromium, headless, driven over the DevTools protocol on
// a pipe (--remote-debugging-pipe: NUL-separated JSON on fds 3 and 4, so no WebSocket client is needed).
// Home and article pages served by startNodeServer load with no console error, no CSP violation and no
// failed request, and fit a 390 px phone screen. Skipped when /usr/bin/chromium is not installed
// (`apt-get install -y chromium`).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/html/layout.ts';
import { type RunningServer, startNodeServer } from '../../src/runtime/node/server.ts';
import { articleFile, NOW, siteYaml, sources } from '../support/fixtures.ts';
import { contentDir } from '../support/http.ts';
import { closedPort } from '../support/hub.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const PHONE = { width: 390, height: 844 };
const SCREENSHOT = join(tmpdir(), 'herald-home-390.png');

if (!HAVE_CHROMIUM) console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

type Json = Record<string, unknown>;
interface CdpEvent {
  method: string;
  params: Json;
  sessionId?: string;
}

/** A Chromium process and a DevTools protocol connection over its debugging pipe. */
class Browser {
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: Json) => void; reject: (e: Error) => void }>();
  private buffer = '';
  readonly events: CdpEvent[] = [];
  private listeners: ((e: CdpEvent) => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const out = child.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end = this.buffer.indexOf('\0');
      while (end >= 0) {
        this.receive(JSON.parse(this.buffer.slice(0, end)) as Json);
        this.buffer = this.buffer.slice(end + 1);
        end = this.buffer.indexOf('\0');
      }
    });
  }

  static async launch(): Promise<Browser> {
    const profile = await mkdtemp(join(tmpdir(), 'herald-chromium-'));
    const child = spawn(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--disable-extensions',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    return new Browser(child, profile);
  }

  private receive(message: Json): void {
    if (typeof message.id === 'number') {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`CDP: ${JSON.stringify(message.error)}`));
      else waiter?.resolve((message.result ?? {}) as Json);
      return;
    }
    const event = message as unknown as CdpEvent;
    this.events.push(event);
    for (const l of this.listeners) l(event);
  }

  send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  waitFor(method: string, sessionId: string, timeoutMs = 10_000): Promise<CdpEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} in ${timeoutMs} ms`)), timeoutMs);
      const listener = (e: CdpEvent) => {
        if (e.method !== method || e.sessionId !== sessionId) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(e);
      };
      this.listeners.push(listener);
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    await rm(this.profile, { recursive: true, force: true, maxRetries: 3 });
  }
}

interface PageReport {
  /** Console errors, uncaught exceptions and browser log errors. */
  errors: string[];
  /** Content-Security-Policy violations reported by the page and by DevTools issues. */
  cspViolations: string[];
  /** Requests that failed or answered 4xx/5xx. */
  failedRequests: string[];
  /** URLs the page requested. */
  requests: string[];
  facts: {
    title: string;
    h1: string;
    articles: number;
    scrollWidth: number;
    innerWidth: number;
    bodyMaxWidth: string;
    stylesheets: number;
  };
  screenshot?: Buffer;
}

/** Opens `url` in a fresh tab at phone size, waits for load, and reports what went wrong. */
async function visit(browser: Browser, url: string, options: { screenshot?: boolean } = {}): Promise<PageReport> {
  const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as {
    sessionId: string;
  };
  const send = (method: string, params: Json = {}) => browser.send(method, params, sessionId);
  for (const domain of ['Page', 'Runtime', 'Log', 'Network', 'Audits']) await send(`${domain}.enable`);
  await send('Emulation.setDeviceMetricsOverride', { ...PHONE, deviceScaleFactor: 2, mobile: true });
  // The page's own report of CSP violations (DevTools-injected scripts are not subject to its CSP).
  await send('Page.addScriptToEvaluateOnNewDocument', {
    source: `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`,
  });
  const loaded = browser.waitFor('Page.loadEventFired', sessionId);
  const navigation = (await send('Page.navigate', { url })) as { errorText?: string };
  if (navigation.errorText) throw new Error(`navigation to ${url} failed: ${navigation.errorText}`);
  await loaded;
  const evaluate = async (expression: string) =>
    ((await send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: unknown } }).result
      .value;
  // Let late subresources (and their errors) arrive.
  await evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)))');
  const facts = JSON.parse(
    (await evaluate(`JSON.stringify({
      title: document.title,
      h1: document.querySelector('h1')?.textContent ?? '',
      articles: document.querySelectorAll('ul.articles > li').length,
      scrollWidth: document.scrollingElement.scrollWidth,
      innerWidth: window.innerWidth,
      bodyMaxWidth: getComputedStyle(document.body).maxWidth,
      stylesheets: document.styleSheets.length,
    })`)) as string,
  ) as PageReport['facts'];
  const pageCsp = (await evaluate('window.__csp')) as string[];
  const screenshot = options.screenshot
    ? Buffer.from(
        ((await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false })) as { data: string })
          .data,
        'base64',
      )
    : undefined;

  const mine = browser.events.filter((e) => e.sessionId === sessionId);
  const errors: string[] = [];
  const cspViolations = [...pageCsp];
  const failedRequests: string[] = [];
  const requests: string[] = [];
  for (const { method, params } of mine) {
    if (method === 'Runtime.consoleAPICalled' && (params.type === 'error' || params.type === 'assert'))
      errors.push(`console.${params.type}: ${JSON.stringify(params.args)}`);
    if (method === 'Runtime.exceptionThrown') errors.push(`exception: ${JSON.stringify(params.exceptionDetails)}`);
    if (method === 'Log.entryAdded') {
      const entry = params.entry as { level: string; text: string; url?: string };
      if (entry.level === 'error') errors.push(`log: ${entry.text} ${entry.url ?? ''}`);
    }
    if (method === 'Audits.issueAdded') {
      const issue = params.issue as { code: string; details: Json };
      if (issue.code === 'ContentSecurityPolicyIssue') cspViolations.push(JSON.stringify(issue.details));
    }
    if (method === 'Network.requestWillBeSent') requests.push((params.request as { url: string }).url);
    if (method === 'Network.loadingFailed')
      failedRequests.push(`${params.errorText}${params.blockedReason ? ` (${params.blockedReason})` : ''}`);
    if (method === 'Network.responseReceived') {
      const response = params.response as { url: string; status: number };
      if (response.status >= 400) failedRequests.push(`${response.status} ${response.url}`);
    }
  }
  await browser.send('Target.closeTarget', { targetId });
  return { errors, cspViolations, failedRequests, requests, facts, ...(screenshot ? { screenshot } : {}) };
}

function siteSources() {
  const body = [
    'A long first paragraph so the page has some weight: the desk reports on events of the day, with',
    'quotes, figures and a [link to a source](https://example.com/a/very/long/path/that/should/wrap/on/a/phone/screen).',
    '',
    'A verylongwordwithoutanyspacesthatcouldpushthelayoutwiderthanaphonescreenifnothingwrapsit_at_all_x.',
    '',
    '| column one | column two | column three | column four | column five | column six |',
    '|---|---|---|---|---|---|',
    '| wide_table_cell_number_1 | wide_table_cell_number_2 | wide_table_cell_number_3 | cell 4 | cell 5 | cell 6 |',
    '',
    '```',
    'a code block with a line that is much longer than a phone screen is wide, so it must scroll inside itself',
    '```',
  ].join('\n');
  return sources(
    {
      '2024/alpha': articleFile(
        {
          title: 'Alpha: a fairly long headline that needs to wrap on a phone',
          date: '2024-03-01T10:00:00Z',
          tags: ['Politics', 'Asia'],
          author: 'Ann',
        },
        `${body}\n`,
      ),
      '2024/beta': articleFile(
        { title: 'Beta', date: '2024-04-01T10:00:00Z', tags: ['Politics', 'Économie'], author: ['Ann', 'Bo'] },
        'Beta body.\n',
      ),
      '2024/gamma': articleFile({ title: 'Gamma', date: '2024-05-01T10:00:00Z', tags: ['North Korea'] }, 'Gamma.\n'),
    },
    siteYaml({ copyright: '© 2024 Herald Test News' }),
  );
}

describe.skipIf(!HAVE_CHROMIUM)('the HTML pages in Chromium (skipped without /usr/bin/chromium)', () => {
  let browser: Browser;
  let server: RunningServer;
  let removeContent: () => Promise<void>;

  beforeAll(async () => {
    const content = await contentDir(siteSources());
    removeContent = content.remove;
    // SITE_URL must be the server's own origin, so links and the stylesheet resolve: pick the port first.
    const port = await closedPort();
    server = await startNodeServer({
      contentDir: content.dir,
      compiledPath: join(content.dir, '..', 'store'),
      env: { SITE_URL: `http://127.0.0.1:${port}/` },
      port,
      host: '127.0.0.1',
      clock: fixedClock(NOW),
      log: () => {},
    });
    browser = await Browser.launch();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close(500);
    await removeContent?.();
  });

  it('loads the home page with no console error, CSP violation or failed request', { timeout: 30_000 }, async () => {
    const report = await visit(browser, `${server.url}/`, { screenshot: true });
    if (report.screenshot) await writeFile(SCREENSHOT, report.screenshot);
    expect(report.errors).toEqual([]);
    expect(report.cspViolations).toEqual([]);
    expect(report.failedRequests).toEqual([]);
    expect(report.requests).toEqual([`${server.url}/`, `${server.url}/style.css`]);
  });

  it('renders the home page title and article list at 390 px without horizontal overflow', {
    timeout: 30_000,
  }, async () => {
    const { facts } = await visit(browser, `${server.url}/`);
    expect(facts.title).toBe('Herald Test News');
    expect(facts.h1).toBe('Herald Test News');
    expect(facts.articles).toBe(3);
    expect(facts.innerWidth).toBe(PHONE.width);
    expect(facts.scrollWidth).toBeLessThanOrEqual(facts.innerWidth);
    // The stylesheet applied (the CSP allowed it): body is capped at 44rem.
    expect(facts.stylesheets).toBe(1);
    expect(facts.bodyMaxWidth).toBe('704px');
  });

  it('loads an article page cleanly and fits it on a phone, long words and code included', {
    timeout: 30_000,
  }, async () => {
    const report = await visit(browser, `${server.url}/articles/2024/alpha`);
    expect(report.errors).toEqual([]);
    expect(report.cspViolations).toEqual([]);
    expect(report.failedRequests).toEqual([]);
    expect(report.facts.h1).toBe('Alpha: a fairly long headline that needs to wrap on a phone');
    // Mobile Chromium widens the layout viewport to fit overflowing content: it must stay the phone's.
    expect(report.facts.innerWidth).toBe(PHONE.width);
    expect(report.facts.scrollWidth).toBeLessThanOrEqual(report.facts.innerWidth);
  });

  it('notices a CSP violation and an inline script when a page has them (the checks can fail)', {
    timeout: 30_000,
  }, async () => {
    // Same policy as ours, on a page that breaks it: inline style and inline script.
    const bad = http.createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      });
      res.end(
        '<!doctype html><title>bad</title><style>p{color:red}</style><script>console.error("ran")</script><p style="width:2000px">x</p>',
      );
    });
    await new Promise<void>((resolve) => bad.listen(0, '127.0.0.1', resolve));
    try {
      const report = await visit(browser, `http://127.0.0.1:${(bad.address() as AddressInfo).port}/`);
      expect(report.cspViolations.length).toBeGreaterThan(0);
      expect(report.errors.some((e) => e.includes('ran'))).toBe(false);
    } finally {
      bad.closeAllConnections();
      await new Promise((resolve) => bad.close(resolve));
    }
  });
});
