// Every field of site.yaml or a frontmatter that its schema does not know, at any depth, each with the
// known name it most likely meant. valibot's strictObject stops at the first unknown key, so a file
// with three typos would need three runs of check:content; the schemas use v.object (which drops
// unknown keys silently) and this walk over the same schema reports all of them at once.
import type * as v from 'valibot';
import { nearestName } from './nearest-name.ts';

/** The parts of a valibot schema this walk reads: what an object holds and what wraps what. */
interface SchemaShape {
  readonly type: string;
  readonly entries?: Readonly<Record<string, SchemaShape>>;
  readonly wrapped?: SchemaShape;
  readonly value?: SchemaShape;
  readonly item?: SchemaShape;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

function walk(schema: SchemaShape, input: unknown, path: string, out: string[]): void {
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  switch (schema.type) {
    case 'optional':
    case 'exact_optional':
    case 'nullable':
    case 'nullish':
      if (schema.wrapped && input !== undefined && input !== null) walk(schema.wrapped, input, path, out);
      return;
    case 'array':
      if (schema.item && Array.isArray(input)) {
        for (const [i, item] of input.entries()) walk(schema.item, item, at(i), out);
      }
      return;
    case 'record':
      if (schema.value && isMapping(input)) {
        for (const key of Object.keys(input)) walk(schema.value, input[key], at(key), out);
      }
      return;
    case 'object': {
      const entries = schema.entries;
      if (!entries || !isMapping(input)) return;
      const known = Object.keys(entries);
      // Object.keys, not for-in, and hasOwn, not `in`: a "__proto__" or "constructor" key is a field
      // like any other (the YAML reader keeps it an own key), and Object.prototype knows no field.
      for (const key of Object.keys(input)) {
        const entry = Object.hasOwn(entries, key) ? entries[key] : undefined;
        if (entry) walk(entry, input[key], at(key), out);
        else out.push(`${at(key)}: ${unknownField(key, known)}`);
      }
      return;
    }
    default:
      return;
  }
}

function unknownField(key: string, known: readonly string[]): string {
  const near = nearestName(key, known);
  return near ? `unknown field; did you mean \`${near}\`?` : `unknown field; the known fields are ${known.join(', ')}`;
}

/** "field.sub: unknown field; …" for every key of `input` that `schema` has no entry for, in file order. */
export function describeUnknownFields(schema: v.GenericSchema, input: unknown): string[] {
  const out: string[] = [];
  walk(schema as unknown as SchemaShape, input, '', out);
  return out;
}
