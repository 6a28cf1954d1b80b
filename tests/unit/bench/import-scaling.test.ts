// The import-scaling bench measures what its table says: each shape's payload has the asked-for size and
// reaches the post field it names, and the post is imported (a bench that imported nothing would be fast).
import { describe, expect, it } from 'vitest';
import { importWordPress, parseWxr } from '../../../src/import/wordpress.ts';
import { hostileExport, SHAPES } from '../../../tools/bench/import-scaling.ts';

const FIELD_ELEMENT = { content: 'content:encoded', excerpt: 'excerpt:encoded', post_name: 'wp:post_name' } as const;

describe('import-scaling shapes', () => {
  it.each(SHAPES.map((shape) => [shape.name, shape] as const))('%s', (_, shape) => {
    const payload = shape.payload(4096);
    expect(payload.length).toBe(4096);
    if (shape.field === 'text') return;
    const xml = hostileExport(shape.field, payload);
    const item = parseWxr(xml).items[0] ?? {};
    expect(item[FIELD_ELEMENT[shape.field]]).toBe(payload);
    expect(importWordPress(xml).articles).toHaveLength(1);
  });
});
