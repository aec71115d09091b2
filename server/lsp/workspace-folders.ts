import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isInside } from '../engine/files';

export interface WorkspaceFolderInfo {
  uri: string;
  name: string;
  /** Local folder, or undefined for a virtual one (no disk to scan or read config from). */
  fsPath: string | undefined;
}

/** The path of a `file:` URI; undefined for other schemes (untitled, virtual file systems). */
export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    // VS Code writes Windows drive colons escaped (file:///c%3A/...), which fileURLToPath rejects.
    return path.resolve(fileURLToPath(uri.replace(/^file:\/\/\/([a-zA-Z])%3[aA]/, 'file:///$1:')));
  } catch {
    return undefined;
  }
}

export function fileUriOf(fsPath: string): string {
  return pathToFileURL(fsPath).href;
}

/** The workspace folders, kept current through `workspace/didChangeWorkspaceFolders`. */
export class WorkspaceFolders {
  private folders: WorkspaceFolderInfo[] = [];

  set(folders: ReadonlyArray<{ uri: string; name: string }>): void {
    this.folders = folders.map((folder) => ({ uri: folder.uri, name: folder.name, fsPath: fsPathOf(folder.uri) }));
  }

  change(added: ReadonlyArray<{ uri: string; name: string }>, removed: ReadonlyArray<{ uri: string }>): void {
    const gone = new Set(removed.map((folder) => folder.uri));
    this.set([...this.folders.filter((folder) => !gone.has(folder.uri)), ...added]);
  }

  get all(): readonly WorkspaceFolderInfo[] {
    return this.folders;
  }

  get localPaths(): string[] {
    return this.folders.flatMap((folder) => (folder.fsPath ? [folder.fsPath] : []));
  }

  /** The innermost folder containing the file (nested folders are allowed in multi-root workspaces). */
  folderOf(fsPath: string): WorkspaceFolderInfo | undefined {
    let best: WorkspaceFolderInfo | undefined;
    for (const folder of this.folders) {
      if (folder.fsPath && isInside(fsPath, folder.fsPath) && (!best || folder.fsPath.length > best.fsPath!.length)) best = folder;
    }
    return best;
  }
}
