import type { JsonSchema } from './schema';
import type { RuleRegistry } from './registry';

export const SEVERITY_SETTINGS = ['off', 'info', 'warning', 'error'] as const;

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

const severitySchema: JsonSchema = {
  type: 'string',
  enum: [...SEVERITY_SETTINGS],
  description: '"off" disables the rule; otherwise the severity of its findings.',
};

/** The schema of one rule's entry under `rules`: a severity, or `[severity, options]`. */
export function ruleSettingSchema(optionsSchema: JsonSchema, description: string): JsonSchema {
  return {
    description,
    anyOf: [
      severitySchema,
      { type: 'array', items: severitySchema, minItems: 1, maxItems: 1 },
      {
        type: 'array',
        minItems: 2,
        maxItems: 2,
        items: [severitySchema, optionsSchema],
        additionalItems: false,
      },
    ],
  };
}

/** The top level of `.leaklintrc.json` without the per-rule entries. */
export const baseConfigSchema: JsonSchema = {
  type: 'object',
  properties: {
    $schema: { type: 'string', description: 'The JSON schema of this file.' },
    root: {
      type: 'boolean',
      description: 'Stop looking for .leaklintrc.json files in parent folders.',
    },
    rules: {
      type: 'object',
      description: 'Rule id to "off", "info", "warning", "error", or [severity, { options }].',
    },
    ignore: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Glob patterns (.gitignore syntax), relative to this file\'s folder, of files not to lint.',
    },
    maxFileSize: {
      type: 'integer',
      minimum: 1,
      description: 'Files larger than this many bytes are skipped with an info message (default 1048576).',
    },
  },
  additionalProperties: false,
};

/** The full JSON schema of `.leaklintrc.json`, shipped as schemas/leaklintrc.schema.json. */
export function buildConfigSchema(registry: RuleRegistry): Record<string, unknown> {
  const ruleProperties: Record<string, JsonSchema> = {};
  for (const rule of registry.rules) {
    ruleProperties[rule.meta.id] = ruleSettingSchema(
      rule.meta.optionsSchema,
      `${rule.meta.description} Default: "${rule.meta.defaultSeverity}". Docs: ${rule.meta.docsUrl}`,
    );
  }
  const rulesSchema = baseConfigSchema.properties!.rules;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://leaklint.dev/schemas/leaklintrc.schema.json',
    title: 'LeakLint configuration (.leaklintrc.json)',
    ...baseConfigSchema,
    properties: {
      ...baseConfigSchema.properties,
      rules: { ...rulesSchema, properties: ruleProperties, additionalProperties: false },
    },
  };
}
