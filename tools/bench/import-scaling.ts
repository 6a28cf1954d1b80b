// Node only: how the importers' time grows with hostile input. Each shape is a pattern that once made a
// regular expression rescan the rest of the text from every position (an unterminated comment, a
// shortcode without its "]", a tag without its ">"...), repeated to 100, 200 and 400 KB and imported in
// process. Linear code doubles its time when the input doubles (ratio ~2); quadratic code quadruples it.
import { importText } from '../../src/import/text.ts';
import { importWordPress } from '../../src/import/wordpress.ts';
import { formatMs, formatRatio, markdownTable, median } from './table.ts';

export const SIZES_KB = [100, 200, 400] as const;

type Field = 'content' | 'excerpt' | 'post_name';

interface Shape {
  name: string;
  /** Where the payload goes: a WordPress post field, or the body of a plain-text import. */
  field: Field | 'text';
  /** The payload, `chars` characters long (one unit repeated, or around a long run). */
  payload: (chars: number) => string;
}

const repeat = (unit: string) => (chars: number) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
const around = (run: string, before: string, after: string) => (chars: number) =>
  `${before}${run.repeat(Math.max(0, chars - before.length - after.length))}${after}`;

export const SHAPES: readonly Shape[] = [
  { name: '`<!--\\n` (unterminated comments)', field: 'content', payload: repeat('<!--\n') },
  { name: '`<!--\\n` in the excerpt', field: 'excerpt', payload: repeat('<!--\n') },
  { name: '`[caption ` (no `]`)', field: 'content', payload: repeat('[caption ') },
  { name: '`[caption]` (no `[/caption]`)', field: 'content', payload: repeat('[caption]') },
  { name: '`[gallery` (no `]`)', field: 'content', payload: repeat('[gallery') },
  { name: '`[gallery a="x…` (unclosed quote)', field: 'content', payload: around('x', '[gallery a="', ']') },
  { name: '`[audio]` (no `[/audio]`)', field: 'content', payload: repeat('[audio]') },
  { name: '`[embed]` (no `[/embed]`)', field: 'content', payload: repeat('[embed]') },
  { name: '`[x]` (no `[/x]`)', field: 'content', payload: repeat('[x]') },
  { name: '`[x ` (no `]`)', field: 'content', payload: repeat('[x ') },
  { name: '`[[` (no `]]`)', field: 'content', payload: repeat('[[') },
  { name: '`<pre>` (no `</pre>`)', field: 'content', payload: repeat('<pre>') },
  { name: '`<` in the content', field: 'content', payload: repeat('<') },
  { name: '`<` in the excerpt', field: 'excerpt', payload: repeat('<') },
  { name: '`<p ` (no `>`)', field: 'content', payload: repeat('<p ') },
  { name: '`<p ` in the excerpt', field: 'excerpt', payload: repeat('<p ') },
  { name: '`<script>` in the excerpt', field: 'excerpt', payload: repeat('<script>') },
  { name: '`&#` in the excerpt', field: 'excerpt', payload: repeat('&#') },
  { name: 'a run of spaces inside a paragraph', field: 'content', payload: around(' ', 'a', 'b') },
  { name: 'a run of `_` inside the post_name', field: 'post_name', payload: around('_', 'a', 'b') },
  { name: 'comment-form phrases (text importer)', field: 'text', payload: repeat('leave a reply ') },
];

const cdata = (text: string) => `<![CDATA[${text}]]>`;

/** A one-post WXR export with `payload` in `field` (CDATA, as WordPress writes these fields). */
export function hostileExport(field: Field, payload: string): string {
  const value = (name: Field, fallback: string) => cdata(name === field ? payload : fallback);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title>
<item>
<title>${cdata('Hostile post')}</title>
<guid isPermaLink="false">https://blog.example.com/?p=1</guid>
<content:encoded>${value('content', 'Body.')}</content:encoded>
<excerpt:encoded>${value('excerpt', '')}</excerpt:encoded>
<wp:post_id>1</wp:post_id>
<wp:post_date>${cdata('2024-05-01 10:00:00')}</wp:post_date>
<wp:post_date_gmt>${cdata('2024-05-01 08:00:00')}</wp:post_date_gmt>
<wp:post_name>${value('post_name', 'hostile-post')}</wp:post_name>
<wp:status>${cdata('publish')}</wp:status>
<wp:post_type>${cdata('post')}</wp:post_type>
<wp:post_password>${cdata('')}</wp:post_password>
</item>
</channel>
</rss>`;
}

function importer(shape: Shape, chars: number): () => void {
  const payload = shape.payload(chars);
  if (shape.field === 'text') {
    const text = `Hostile post\n\n${payload}\n`;
    return () => {
      importText(text, { date: '2024-05-01' });
    };
  }
  const xml = hostileExport(shape.field, payload);
  return () => {
    if (importWordPress(xml).articles.length !== 1) throw new Error(`import scaling: ${shape.name}: no article`);
  };
}

/** The median ms of a few runs: at least 3 and about a second's worth, or a single run over 5 s. */
function time(run: () => void): number {
  const times: number[] = [];
  let total = 0;
  while (times.length < 15 && (times.length < 3 || total < 1000) && total < 5000) {
    const started = performance.now();
    run();
    const ms = performance.now() - started;
    times.push(ms);
    total += ms;
  }
  return median(times) as number;
}

export async function importScaling(): Promise<{ rows: string[][]; header: string[] }> {
  const rows: string[][] = [];
  for (const shape of SHAPES) {
    // One small run first, so the sizes compare optimized code with optimized code.
    importer(shape, 10 * 1024)();
    const ms = SIZES_KB.map((kb) => time(importer(shape, kb * 1024)));
    rows.push([shape.name, shape.field, ...ms.map(formatMs), formatRatio((ms[2] as number) / (ms[1] as number))]);
    // Yield between shapes, so a caller's timers and output are not held up for the whole run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { header: ['shape', 'field', ...SIZES_KB.map((kb) => `${kb} KB`), '400 KB / 200 KB'], rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { header, rows } = await importScaling();
  process.stdout.write(
    `Importer time per hostile post (median ms; linear code ~2x from 200 to 400 KB, quadratic ~4x):\n\n${markdownTable(header, rows)}\n`,
  );
}
