// Typed reading of a parsed TOML tree. Every problem names the key path it is about; values
// are never echoed back in type errors because a mistyped key may hold a secret.
import type { MessageRef } from '../../../shared/contract';

export class ConfigProblem extends Error {
  readonly path: string | null;
  /** The explanation for the UI to translate (docs/behaviour.md §8.6), when it has one. */
  readonly ref: MessageRef | undefined;
  constructor(path: string | null, message: string, ref?: MessageRef) {
    super(message);
    this.name = 'ConfigProblem';
    this.path = path;
    this.ref = ref;
  }
}

/** Catalogue ids of the types a value must have. */
const EXPECTED_IDS: Readonly<Record<string, string>> = {
  'a string': 'config.mustBeString',
  'true or false': 'config.mustBeBoolean',
  'an integer': 'config.mustBeInteger',
  'a number': 'config.mustBeNumber',
  'a table': 'config.mustBeTable',
};

export type Table = Record<string, unknown>;

export function isTable(value: unknown): value is Table {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

function kindOf(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a float';
  if (typeof value === 'bigint') return 'an integer';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  return 'a table';
}

const BARE = /^[A-Za-z0-9_-]+$/;

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const seg = BARE.test(key) ? key : JSON.stringify(key);
  return base === '' ? seg : `${base}.${seg}`;
}

/** A table being read: remembers its path so problems can name it. */
export class Reader {
  constructor(
    readonly table: Table,
    readonly path: string,
    /** How the table is called in an unknown-key message, e.g. `[proxy]`. */
    readonly label: string,
  ) {}

  keyPath(key: string): string {
    return joinPath(this.path, key);
  }

  allowOnly(keys: readonly string[]): void {
    for (const key of Object.keys(this.table)) {
      if (!keys.includes(key)) {
        throw new ConfigProblem(this.keyPath(key), `unknown key "${key}" in ${this.label}`, {
          messageId: 'config.unknownKey',
          params: { key, table: this.label },
        });
      }
    }
  }

  private typeError(key: string, expected: string): never {
    const found = kindOf(this.table[key]);
    const id = EXPECTED_IDS[expected];
    throw new ConfigProblem(
      this.keyPath(key),
      `must be ${expected} (found ${found})`,
      id ? { messageId: id, params: { found } } : undefined,
    );
  }

  string(key: string): string | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') this.typeError(key, 'a string');
    return v;
  }

  boolean(key: string): boolean | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.typeError(key, 'true or false');
    return v;
  }

  integer(key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.typeError(key, 'an integer');
    if (v < min || v > max) {
      // Say the limit that was broken: 1e300 is not "below 0".
      const onlyMin = v < min && max === Number.MAX_SAFE_INTEGER;
      const range = onlyMin ? `at least ${min}` : `between ${min} and ${max}`;
      throw new ConfigProblem(
        this.keyPath(key),
        `must be ${range} (found ${v})`,
        onlyMin
          ? { messageId: 'config.atLeast', params: { min, found: v } }
          : { messageId: 'config.between', params: { min, max, found: v } },
      );
    }
    return v;
  }

  number(key: string, min: number): number | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.typeError(key, 'a number');
    if (v < min) {
      throw new ConfigProblem(this.keyPath(key), `must be at least ${min} (found ${v})`, {
        messageId: 'config.atLeast',
        params: { min, found: v },
      });
    }
    return v;
  }

  /** An array of strings, each at most `maxLength` characters. */
  stringList(key: string, maxLength: number): string[] | undefined {
    const v = this.table[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) this.typeError(key, 'an array of strings');
    return v.map((item: unknown, i) => {
      if (typeof item !== 'string') {
        throw new ConfigProblem(
          joinPath(this.keyPath(key), i),
          `must be a string (found ${kindOf(item)})`,
        );
      }
      if (item.length > maxLength) {
        throw new ConfigProblem(
          joinPath(this.keyPath(key), i),
          `is ${item.length} characters long; at most ${maxLength} are allowed`,
        );
      }
      return item;
    });
  }

  /** A sub-table, or an empty one when absent. */
  sub(key: string, label: string): Reader {
    const v = this.table[key];
    if (v === undefined) return new Reader({}, this.keyPath(key), label);
    if (!isTable(v)) this.typeError(key, 'a table');
    return new Reader(v, this.keyPath(key), label);
  }

  /** A free-form map whose values must all pass `check`. */
  map<T>(key: string, expected: string, check: (v: unknown) => v is T): Record<string, T> {
    const sub = this.sub(key, key);
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(sub.table)) {
      if (!check(v)) {
        throw new ConfigProblem(sub.keyPath(k), `must be ${expected} (found ${kindOf(v)})`);
      }
      out[k] = v;
    }
    return out;
  }
}
