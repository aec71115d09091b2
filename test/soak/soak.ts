import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { InternalState } from '../../server/lsp/protocol';
import { programArbitrary } from '../fuzz/programs';
import { LspSession } from './lsp-session';

/** "Within a few MB": a warm server's heap moves by about this much between two measures. */
export const HEAP_GROWTH_LIMIT = 4 * 1024 * 1024;

export interface SoakOptions {
  /** A folder with a `.git` in it, where the documents pretend to live. */
  folder: string;
  cycles: number;
  /** The heap is first measured after this many cycles, once the server is warm. */
  baselineCycles: number;
  documents: number;
  /** Documents open at the same time: each is closed this many cycles after it was opened. */
  window: number;
  seed: number;
}

export interface SoakFigures {
  cycles: number;
  documents: number;
  heapAtBaseline: number;
  heapAtEnd: number;
  /** [cycle, heap after GC] every 1,000 cycles. */
  heapTrend: Array<[number, number]>;
  stateAtBaseline: InternalState;
  stateAtEnd: InternalState;
  codeActions: number;
  diagnostics: number;
  milliseconds: number;
}

/**
 * A document with a leak for most rules (so there are diagnostics and code actions to ask for),
 * followed by a generated program for variety.
 */
function soakDocument(index: number, generated: string): string {
  return `import pino from 'pino';

export class Session${index} {
  private readonly byId = new Map<string, number>();
  private timer = setInterval(() => this.tick(), 1000);

  constructor(private readonly bus: NodeJS.EventEmitter) {
    this.bus.on('data', (id: string) => this.byId.set(id, Date.now()));
  }

  tick(): void {
    const log = pino();
    log.info('tick ${index}');
  }
}

${generated}`;
}

async function drain(open: Array<{ uri: string }>, session: LspSession): Promise<void> {
  while (open.length > 0) {
    const { uri } = open.shift()!;
    await session.close(uri);
    await session.cleared(uri);
  }
}

/**
 * Drives the built server through `cycles` rounds of open / edit (a half-typed line, then its
 * end) / code actions / close over a rotating set of documents, and measures its heap after
 * forced collections once warm and at the end, with every document closed both times.
 */
export async function runSoak(options: SoakOptions, onProgress: (line: string) => void = () => undefined): Promise<SoakFigures> {
  const started = Date.now();
  const generated = fc.sample(programArbitrary, { seed: options.seed, numRuns: options.documents });
  const files = generated.map((program, index) => {
    const file = path.join(options.folder, `src/session-${index}.ts`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return { file, text: soakDocument(index, program.text) };
  });
  const session = await LspSession.start({ folder: options.folder, settings: { debounceMs: 0 }, measureHeap: true });
  const figures: Partial<SoakFigures> = { cycles: options.cycles, documents: options.documents, codeActions: 0, diagnostics: 0, heapTrend: [] };
  const open: Array<{ uri: string }> = [];
  try {
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const { file, text } = files[cycle % files.length];
      const uri = await session.open(file, text);
      figures.diagnostics! += (await session.diagnostics(uri)).length;
      const halfTyped = await session.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `const pending${cycle} = [\n`);
      figures.diagnostics! += (await session.diagnostics(uri, halfTyped)).length;
      const completed = await session.edit(uri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, '];\n');
      const diagnostics = await session.diagnostics(uri, completed);
      figures.diagnostics! += diagnostics.length;
      const everything = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length + 2, character: 0 } };
      figures.codeActions! += (await session.codeActions(uri, everything, diagnostics))?.length ?? 0;
      open.push({ uri });
      if (open.length > options.window) {
        const oldest = open.shift()!;
        await session.close(oldest.uri);
        await session.cleared(oldest.uri);
      }
      if (cycle === options.baselineCycles) {
        await drain(open, session);
        figures.heapAtBaseline = await session.heapAfterGc();
        figures.stateAtBaseline = await session.internalState();
        onProgress(`soak: after ${cycle} cycles (all closed): heap ${mb(figures.heapAtBaseline)}`);
      } else if (cycle % 1000 === 0) {
        // The trend, not just two points: a leak grows steadily, a warming cache levels off.
        await drain(open, session);
        const heap = await session.heapAfterGc();
        figures.heapTrend!.push([cycle, heap]);
        onProgress(`soak: ${cycle} cycles, ${((Date.now() - started) / 1000).toFixed(0)} s, heap ${mb(heap)}`);
      }
    }
    await drain(open, session);
    figures.heapAtEnd = await session.heapAfterGc();
    figures.stateAtEnd = await session.internalState();
  } finally {
    await session.stop();
  }
  figures.milliseconds = Date.now() - started;
  return figures as SoakFigures;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export function describeSoak(figures: SoakFigures): string {
  return `soak: ${figures.cycles} cycles of open/edit/edit/code action/close over ${figures.documents} documents in ` +
    `${(figures.milliseconds / 1000).toFixed(1)} s (${figures.diagnostics} diagnostics, ${figures.codeActions} code actions); ` +
    `heap after GC: ${mb(figures.heapAtBaseline)} after the first cycles, ${mb(figures.heapAtEnd)} at the end ` +
    `(${figures.heapAtEnd >= figures.heapAtBaseline ? '+' : ''}${mb(figures.heapAtEnd - figures.heapAtBaseline)})`;
}

/** Every count of per-document state in the server's internal state (all must be 0 with no document open). */
export function perDocumentState(state: InternalState): Record<string, number> {
  return {
    openDocuments: state.openDocuments,
    documentStates: state.documentStates,
    pendingLintTimers: state.pendingLintTimers,
    inFlightLints: state.inFlightLints,
    cachedResults: state.cachedResults,
    cachedSettings: state.cachedSettings,
    publishedDiagnostics: state.publishedDiagnostics.length,
  };
}
