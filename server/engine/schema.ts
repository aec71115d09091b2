/**
 * A validator for the small subset of JSON Schema that rule options and the config file use.
 * Written here rather than pulling in a general validator so that error messages can name the
 * offending path in the words a config author uses.
 */

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

export interface JsonSchema {
  type?: JsonType | JsonType[];
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  /** A schema for every item, or a tuple of schemas by position. */
  items?: JsonSchema | JsonSchema[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  anyOf?: JsonSchema[];
  [extension: string]: unknown;
}

export interface SchemaError {
  /** A readable path such as `rules["unbounded-queue"][1].constructors[0].name`. */
  path: string;
  message: string;
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function matchesType(value: unknown, expected: JsonType): boolean {
  const actual = typeOf(value);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return actual === expected;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text !== undefined && text.length <= 40 ? text : typeOf(value);
}

export function validate(value: unknown, schema: JsonSchema, path = ''): SchemaError[] {
  const errors: SchemaError[] = [];
  const here = path || '(root)';

  if (schema.anyOf) {
    const branches = schema.anyOf.map((branch) => validate(value, branch, path));
    if (branches.every((branchErrors) => branchErrors.length > 0)) {
      // Report the branch that got furthest, which is usually the one the author meant.
      branches.sort((a, b) => b[0].path.length - a[0].path.length || a.length - b.length);
      errors.push(...branches[0]);
    }
    return errors;
  }

  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(value, t))) {
      errors.push({ path: here, message: `expected ${types.join(' or ')}, got ${describe(value)}` });
      return errors;
    }
  }
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
    errors.push({
      path: here,
      message: `expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`,
    });
    return errors;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      errors.push({ path: here, message: `must be at least ${schema.minimum}, got ${value}` });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      errors.push({ path: here, message: `must be at most ${schema.maximum}, got ${value}` });
    }
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      errors.push({ path: here, message: `must not be shorter than ${schema.minLength} characters` });
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
      errors.push({ path: here, message: `must match ${schema.pattern}, got ${describe(value)}` });
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errors.push({ path: here, message: `must have at least ${schema.minItems} item(s)` });
    }
    const items = schema.items;
    if (Array.isArray(items)) {
      value.forEach((item, index) => {
        if (items[index]) errors.push(...validate(item, items[index], childPath(path, index)));
      });
    } else if (items) {
      value.forEach((item, index) => errors.push(...validate(item, items, childPath(path, index))));
    }
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in record)) errors.push({ path: here, message: `is missing the required property "${key}"` });
    }
    for (const [key, propertyValue] of Object.entries(record)) {
      const propertySchema = schema.properties?.[key];
      if (propertySchema) {
        errors.push(...validate(propertyValue, propertySchema, childPath(path, key)));
      } else if (schema.additionalProperties === false) {
        const known = Object.keys(schema.properties ?? {});
        const hint = known.length ? ` (known: ${known.join(', ')})` : '';
        errors.push({ path: childPath(path, key), message: `is not a known property${hint}` });
      } else if (typeof schema.additionalProperties === 'object') {
        errors.push(...validate(propertyValue, schema.additionalProperties, childPath(path, key)));
      }
    }
  }
  return errors;
}
