/**
 * `--shard k/n`: a deterministic split of the file list, so n CI machines each lint one part and
 * together lint every file exactly once. A file's part depends only on its reported path (relative,
 * with `/`), never on the machine, the order of the walk or the other files: adding a file moves
 * no other file to another shard.
 */
export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}

/** FNV-1a over the UTF-16 code units: cheap, stable across platforms and Node versions. */
function pathHash(reportedPath: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < reportedPath.length; i++) {
    hash ^= reportedPath.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // FNV's low bits mix poorly for short, similar strings; fold the high half in before the modulo.
  return (hash ^ (hash >>> 16)) >>> 0;
}

export function isInShard(reportedPath: string, shard: Shard): boolean {
  return pathHash(reportedPath) % shard.count === shard.index - 1;
}
