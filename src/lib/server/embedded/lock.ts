import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * An exclusive lock on a data directory, as PostgreSQL's postmaster.pid is: PGlite writes none,
 * and two processes writing one PGlite directory corrupt it. The lock is a file created only if
 * absent (O_EXCL) holding the owner's pid; a lock whose process is gone is taken over, and the
 * lock is removed when the database closes or the process exits.
 */

export const LOCK_FILE = 'server.lock';

/** Another live process holds the directory. The message is one sentence for the person. */
export class DataDirInUseError extends Error {
	constructor(
		readonly dir: string,
		readonly pid: number
	) {
		super(
			`The demo database in ${dir} is already in use by another server (process ${pid}): ` +
				`stop that one first, or give this one a DATA_DIR of its own. ` +
				`(If no such server is running, delete ${join(dir, LOCK_FILE)}.)`
		);
		this.name = 'DataDirInUseError';
	}
}

const held = new Map<string, string>();
let exitHookInstalled = false;

function alive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
	} catch (e) {
		// EPERM: it exists but belongs to someone else.
		if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
	}
	// A restarted container reuses low pids: a live pid that is not a Node process is not ours.
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
	} catch {
		return true; // no /proc (macOS, Windows): trust the pid
	}
}

function readPid(file: string): number {
	try {
		return Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
	} catch {
		return Number.NaN;
	}
}

function removeIfOurs(file: string): void {
	try {
		if (readPid(file) === process.pid) unlinkSync(file);
	} catch {
		// already gone
	}
}

/**
 * Lock `dir` (which must exist) for this process; returns the release function. Throws
 * DataDirInUseError when another live process holds it, or this process already does.
 */
export function lockDataDir(dir: string): () => void {
	const abs = resolve(dir);
	const file = join(abs, LOCK_FILE);
	if (held.has(abs)) throw new DataDirInUseError(abs, process.pid);
	for (let attempt = 0; ; attempt++) {
		try {
			const fd = openSync(file, 'wx', 0o600);
			writeSync(fd, `${process.pid}\n${new Date().toISOString()}\n${process.argv.join(' ')}\n`);
			closeSync(fd);
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
			const pid = readPid(file);
			if (pid !== process.pid && alive(pid)) throw new DataDirInUseError(abs, pid);
			// Stale: its process is gone (killed, or the machine stopped). Take it over.
			try {
				unlinkSync(file);
			} catch {
				// removed meanwhile by its owner
			}
		}
	}
	held.set(abs, file);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		// However the process ends short of SIGKILL, its locks go with it.
		process.on('exit', () => {
			for (const f of held.values()) removeIfOurs(f);
		});
	}
	return () => {
		if (held.get(abs) !== file) return;
		held.delete(abs);
		removeIfOurs(file);
	};
}
