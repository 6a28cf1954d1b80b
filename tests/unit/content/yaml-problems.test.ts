// YAML syntax errors in a frontmatter, as a publisher reads them: the file, the field, the line of the
// mistake in the file (the opening --- is line 1) and what to write instead, never the parser's words.
import { describe, expect, it } from 'vitest';
import { loadStore } from '../../../src/content/load.ts';
import { sources } from '../../support/fixtures.ts';

/** The problems of articles/x.md holding this frontmatter (between --- lines) and a body. */
async function problemsOf(frontmatter: string): Promise<string[]> {
  return (await loadStore(sources({ x: `---\n${frontmatter}---\nBody.\n` }))).problems;
}

const at = (rest: string) => `content/articles/x.md: ${rest}`;

describe('a value holding ": "', () => {
  it('is explained with the quoted value to write instead', async () => {
    expect(await problemsOf('title: Breaking: the council votes\ndate: 2024-01-01\n')).toEqual([
      at(
        'title: line 2: the value holds ": " (a colon and a space), which YAML reads as the start of another field; put the value in quotes: title: "Breaking: the council votes"',
      ),
    ]);
  });

  it('is quoted with single quotes when the value holds a double quote', async () => {
    expect(await problemsOf('date: 2024-01-01\ntitle: He said "no": the end\n')).toEqual([
      expect.stringMatching(
        /^content\/articles\/x\.md: title: line 3: .*put the value in quotes: title: 'He said "no": the end'$/,
      ),
    ]);
  });

  it('ending the value is explained too', async () => {
    expect(await problemsOf('title: Note:\ndate: 2024-01-01\n')).toEqual([
      at(
        'title: line 2: the value ends with ":", which YAML reads as the start of another field; put the value in quotes: title: "Note:"',
      ),
    ]);
  });

  it('is reported on every line that has one, in one run', async () => {
    expect(await problemsOf('title: a: b\ndate: 2024-01-01\nsummary: c: d\n')).toEqual([
      expect.stringMatching(/^content\/articles\/x\.md: summary: line 4: .*summary: "c: d"$/),
      expect.stringMatching(/^content\/articles\/x\.md: title: line 2: .*title: "a: b"$/),
    ]);
  });

  it('is named by its full path in a nested field', async () => {
    const frontmatter = 'title: x\ndate: 2024-01-01\nenclosure:\n  url: a.mp3\n  type: audio: mpeg\n  length: 1\n';
    expect(await problemsOf(frontmatter)).toEqual([
      expect.stringMatching(/^content\/articles\/x\.md: enclosure\.type: line 6: .*type: "audio: mpeg"$/),
    ]);
  });
});

describe('a quote or bracket left open', () => {
  it('is reported at the line where the quote opened, not where the parser gave up', async () => {
    const frontmatter = 'title: "Unclosed\ndate: 2024-01-01\nsummary: The council met\ntags: [council]\n';
    expect(await problemsOf(frontmatter)).toEqual([
      at('title: line 2: the quote opened here is never closed; end the value with " on this line'),
    ]);
  });

  it('is reported for a single quote too', async () => {
    expect(await problemsOf("date: 2024-01-01\ntitle: 'Unclosed\nsummary: a\n")).toEqual([
      at("title: line 3: the quote opened here is never closed; end the value with ' on this line"),
    ]);
  });

  it('is reported for a list at the line of its [', async () => {
    expect(await problemsOf('title: x\ntags: [a, b\ndate: 2024-01-01\n')).toEqual([
      at('tags: line 3: the [ opened here is never closed; end the list with ]'),
    ]);
  });

  it('is reported for a mapping at the line of its {', async () => {
    expect(await problemsOf('title: x\nenclosure: {url: a.mp3\ndate: 2024-01-01\n')).toEqual([
      at('enclosure: line 3: the { opened here is never closed; end the mapping with }'),
    ]);
  });

  it('leaves a quote that spans lines, indented, alone', async () => {
    expect(await problemsOf('title: "A long\n  title"\ndate: 2024-01-01\n')).toEqual([]);
  });
});

describe('other YAML mistakes', () => {
  it('a quote inside a quoted value: suggests the other kind of quote', async () => {
    expect(await problemsOf('title: "He said "hi""\ndate: 2024-01-01\n')).toEqual([
      at(
        `title: line 2: text follows the closing quote; to have a " inside the value, write it \\" or quote the value with '…' instead: title: 'He said "hi"'`,
      ),
    ]);
  });

  it('a value starting with a reserved character: suggests quotes', async () => {
    expect(await problemsOf('title: @handle says\ndate: 2024-01-01\n')).toEqual([
      at('title: line 2: a value cannot start with @ in YAML; put the value in quotes: title: "@handle says"'),
    ]);
  });

  it('a value starting with * or &: suggests quotes', async () => {
    expect(await problemsOf('title: * breaking\ndate: 2024-01-01\n')).toEqual([
      expect.stringMatching(
        /^content\/articles\/x\.md: title: line 2: .*anchor or alias; put the value in quotes: title: "\* breaking"$/,
      ),
    ]);
  });

  it('a backslash in double quotes: suggests \\\\ or single quotes', async () => {
    expect(await problemsOf('title: "C:\\path"\ndate: 2024-01-01\n')).toEqual([
      at(
        `title: line 2: a backslash inside "…" starts an escape such as \\n, and this one is not valid; write \\\\ for a backslash, or use single quotes: title: 'C:\\path'`,
      ),
    ]);
  });

  it('no space after the colon: shows the line with one', async () => {
    expect(await problemsOf('title:Hello\ndate: 2024-01-01\n')).toEqual([
      at('line 2: a space must follow the colon: title: Hello'),
    ]);
  });

  it('a list on the line of its field: shows both ways to write one', async () => {
    expect(await problemsOf('title: x\ndate: 2024-01-01\ntags: - politics\n')).toEqual([
      expect.stringMatching(/^content\/articles\/x\.md: tags: line 4: "- " starts a list, .*write tags: \[a, b\]/),
    ]);
  });

  it('a tab as indentation: names the nested field', async () => {
    expect(await problemsOf('title: x\ndate: 2024-01-01\nenclosure:\n\turl: a.mp3\n')).toEqual([
      at('enclosure.url: line 5: a tab indents this line; YAML indents with spaces only'),
    ]);
  });

  it('a line indented out of step', async () => {
    const frontmatter = 'title: x\ndate: 2024-01-01\nenclosure:\n  url: a.mp3\n type: audio/mpeg\n';
    expect(await problemsOf(frontmatter)).toEqual([
      expect.stringMatching(/^content\/articles\/x\.md: enclosure\.type: line 6: this line is indented differently/),
    ]);
  });

  it('never shows the parser’s own wording', async () => {
    const broken = [
      'title: Breaking: news\n',
      'title: "Unclosed\ndate: 2024-01-01\n',
      'title: x\ntitle: y\n',
      'title: `code`\n',
      'title: "a"#c\n',
    ];
    for (const frontmatter of broken) {
      for (const problem of await problemsOf(frontmatter)) {
        expect(problem).not.toMatch(
          /compact mappings|Missing closing|Map keys must be unique|reserved character|at line \d+, column/,
        );
      }
    }
  });
});
