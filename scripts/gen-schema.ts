// Writes schemas/leaklintrc.schema.json from the rules' option schemas (a test checks it is current).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { buildConfigSchema } from '../server/engine/config-schema';
import { RuleRegistry } from '../server/engine/registry';

const target = path.resolve(__dirname, '..', '..', 'schemas', 'leaklintrc.schema.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, `${JSON.stringify(buildConfigSchema(new RuleRegistry(allRules)), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
