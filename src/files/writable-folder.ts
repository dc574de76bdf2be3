// Folders the user names for writing (`--out`, `dnn.runsDirectory`): one on a kernel pseudo
// file system (procfs, sysfs, ...) is refused before anything is created there, because Node's
// recursive mkdir spins at 100% CPU forever under /proc (mkdir gets ENOENT from a folder
// that exists). The check looks at the real path (symbolic links resolved) of the nearest
// part of the path that exists, by its file system type and, should statfs fail, its prefix.
import { realpathSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/** statfs magic numbers (linux/magic.h) of the file systems nothing should be written to. */
const pseudoFileSystems = new Map<number, string>([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
]);

const pseudoPrefixes: [string, string][] = [
  ['/proc', 'procfs'],
  ['/sys', 'sysfs'],
];

/** Why `folder` cannot hold files ("it is on procfs (/proc/self), ..."), or undefined when it can. */
export function unwritableFolderReason(folder: string): string | undefined {
  const existing = nearestExisting(folder);
  if (existing === undefined) return undefined;
  const fileSystem = fileSystemName(existing.real);
  if (fileSystem === undefined) return undefined;
  const where = existing.path === folder ? '' : ` (${existing.path})`;
  return `it is on ${fileSystem}${where}, a kernel file system that holds no files: choose a folder on a disk`;
}

/** The deepest part of `path` that exists, and its real path. */
function nearestExisting(path: string): { path: string; real: string } | undefined {
  for (let current = path; ; current = dirname(current)) {
    try {
      return { path: current, real: realpathSync(current) };
    } catch {
      if (dirname(current) === current) return undefined;
    }
  }
}

function fileSystemName(realPath: string): string | undefined {
  try {
    const named = pseudoFileSystems.get(Number(statfsSync(realPath).type));
    if (named) return named;
  } catch {
    // Fall back to the prefix below.
  }
  return pseudoPrefixes.find(([prefix]) => realPath === prefix || realPath.startsWith(`${prefix}/`))?.[1];
}
