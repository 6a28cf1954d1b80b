// The plain-text importer: title, paragraphs, comment form, escaping, date checks, output path.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importText, parseDateOption, parseListOption, parsePlainText } from '../../../src/import/text.ts';

function split(fileText: string): { front: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(fileText);
  if (!match) throw new Error(`no frontmatter in:\n${fileText}`);
  return { front: parse(match[1] as string), body: match[2] as string };
}

const scraped = [
  'Pyongyang Wants U.S. to Declare End of Korean War',
  '',
  'North Korea pressed its demand on Friday.',
  '',
  'Pompeo has been struggling to follow up on the agreement reached',
  'in Singapore in June.',
  '',
  'Be the first to comment',
  '',
  'Leave a Reply',
  '',
  'Your email address will not be published.',
].join('\n');

describe('parsePlainText', () => {
  it('takes the first non-empty line as the title', () => {
    expect(parsePlainText('\n\n  Title here  \nBody.').title).toBe('Title here');
  });

  it('joins soft-wrapped lines of a paragraph with a space', () => {
    expect(parsePlainText(scraped).paragraphs).toEqual([
      'North Korea pressed its demand on Friday.',
      'Pompeo has been struggling to follow up on the agreement reached in Singapore in June.',
    ]);
  });

  it('drops the trailing comment form and reports how many lines went', () => {
    expect(parsePlainText(scraped).droppedLines).toBe(3);
  });

  it('reads Windows line endings and a byte-order mark', () => {
    const { title, paragraphs } = parsePlainText('\uFEFFTitle\r\n\r\nOne\r\ntwo\r\n\r\nThree');
    expect({ title, paragraphs }).toEqual({ title: 'Title', paragraphs: ['One two', 'Three'] });
  });

  it('rejects empty text', () => {
    expect(() => parsePlainText(' \n\n')).toThrow(/empty/);
  });
});

describe('importText', () => {
  it('writes under the year of --date with a slug from the title', () => {
    expect(importText(scraped, { date: '2018-08-24' }).path).toBe(
      '2018/pyongyang-wants-u-s-to-declare-end-of-korean-war.md',
    );
  });

  it('writes title, date, tags and author into the frontmatter', () => {
    const { fileText } = importText(scraped, {
      date: '2018-08-24',
      tags: ['north-korea', 'diplomacy'],
      author: 'Desk',
    });
    expect(split(fileText).front).toEqual({
      title: 'Pyongyang Wants U.S. to Declare End of Korean War',
      date: '2018-08-24',
      author: 'Desk',
      tags: ['north-korea', 'diplomacy'],
    });
  });

  it('separates paragraphs with blank lines and keeps none of the comment form', () => {
    const { body } = split(importText(scraped, { date: '2018-08-24' }).fileText);
    expect(body.trim().split('\n\n')).toHaveLength(2);
    expect(body).not.toMatch(/Leave a Reply|first to comment|email address/);
  });

  it('escapes Markdown so every paragraph renders as the text it was', () => {
    const text = 'Title: *not* <b>bold</b>\n\n# 1 rule\n\n1. first & [second]\n\n> quoted `code`';
    const { body, front } = split(importText(text, { date: '2018-08-24' }).fileText);
    expect(front.title).toBe('Title: *not* <b>bold</b>');
    const html = new MarkdownIt().render(body);
    expect(html).toBe('<p># 1 rule</p>\n<p>1. first &amp; [second]</p>\n<p>&gt; quoted `code`</p>\n');
  });

  it('names a title without ASCII letters in Unicode', () => {
    expect(importText('東京の朝\n\n静かです。', { date: '2020-01-10' }).path).toBe('2020/東京の朝.md');
  });

  it('rejects text with a title but no paragraphs', () => {
    expect(() => importText('Only a title\n\nLeave a Reply', { date: '2018-08-24' })).toThrow(/no paragraphs/);
  });
});

describe('parseDateOption', () => {
  it.each(['2018-08-24', '2018-08-24T09:30:00+02:00', '2018-08-24T09:30Z', '2020-02-29'])('accepts %s', (date) => {
    expect(parseDateOption(date)).toBe(date);
  });

  it.each(['24/08/2018', '2018-8-24', '2018-08-24T09:30:00', '2018-02-30', '2019-02-29', 'yesterday'])(
    'rejects %s and says what is expected',
    (date) => {
      expect(() => parseDateOption(date)).toThrow(/YYYY-MM-DD|no such day/);
    },
  );

  it('requires a date', () => {
    expect(() => parseDateOption(undefined)).toThrow(/--date is required/);
  });
});

describe('parseListOption', () => {
  it('splits on commas, trims and drops empty and repeated entries', () => {
    expect(parseListOption(' north-korea, diplomacy,,north-korea ')).toEqual(['north-korea', 'diplomacy']);
  });
});
