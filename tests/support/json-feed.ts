// JSON Feed 1.1 validation: the strict 2020-12 schema via ajv, plus the 1.1 rule that `authors` supersedes `author`.
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv/dist/2020.js';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(
  readFileSync(new URL('../fixtures/schemas/jsonfeed-1.1.schema.json', import.meta.url), 'utf8'),
);
// The schema uses no `format` keywords, so ajv-formats (not installed) is not needed.
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

/** Converts an ajv JSON Pointer (/items/0/id) to a JSON path ($.items[0].id). */
export function toJsonPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return `$${parts.map((p) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('')}`;
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const detail =
    p.additionalProperty !== undefined
      ? ` "${p.additionalProperty}"`
      : p.allowedValue !== undefined
        ? ` ${JSON.stringify(p.allowedValue)}`
        : p.pattern !== undefined
          ? ` ${p.pattern}`
          : '';
  return `${toJsonPath(error.instancePath)}: ${error.message}${detail}`;
}

function deprecatedAuthor(node: unknown, path: string): string[] {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return [];
  return 'author' in node && !('authors' in node)
    ? [`${path}: has deprecated JSON Feed 1.0 "author" without 1.1 "authors"`]
    : [];
}

/** Validates a JSON Feed 1.1 document (object, or JSON text); returns readable errors with JSON paths. */
export function validateJsonFeed(doc: unknown): string[] {
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (error) {
      return [`$: not valid JSON (${(error as Error).message})`];
    }
  }
  const errors = validate(doc) ? [] : [...new Set((validate.errors ?? []).map(describe))];
  errors.push(...deprecatedAuthor(doc, '$'));
  const items = (doc as { items?: unknown } | null)?.items;
  if (Array.isArray(items)) {
    items.forEach((item, i) => {
      errors.push(...deprecatedAuthor(item, `$.items[${i}]`));
    });
  }
  return errors;
}
