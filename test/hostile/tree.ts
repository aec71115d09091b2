import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempTree } from '../helpers';
import type { HostileInput } from './inputs';

export interface HostileTree {
  dir: string;
  remove: () => void;
}

/** A temporary repository (it has `.git`, so no config above it applies) holding the inputs. */
export function makeHostileTree(inputs: readonly HostileInput[], extra: Record<string, string> = {}): HostileTree {
  const tree = makeTempTree({ '.git/HEAD': 'ref: refs/heads/main\n', ...extra });
  for (const input of inputs) {
    const file = path.join(tree.dir, ...input.path.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, input.bytes());
  }
  return tree;
}
