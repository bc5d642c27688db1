import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * PGlite reports a directory it cannot use as `Aborted()`, "PGlite failed to initialize
 * properly" or a bare emscripten errno. This says in one sentence what is wrong and where.
 */
export class DatabaseOpenError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'DatabaseOpenError';
	}
}

/** Emscripten's errno numbers (PGlite's file system), as in its ERRNO_CODES. */
const EMSCRIPTEN = { EACCES: 2, EPERM: 63, EROFS: 69, ENOSPC: 51 } as const;
/** Less free space than this and PostgreSQL cannot write its WAL segments and checkpoints. */
const FULL_BYTES = 32 * 1024 * 1024;

function errnoOf(e: unknown): { code?: string; errno?: number } {
	const x = e as { code?: unknown; errno?: unknown } | null;
	return {
		code: typeof x?.code === 'string' ? x.code : undefined,
		errno: typeof x?.errno === 'number' ? x.errno : undefined
	};
}

function nearestExisting(dir: string): string {
	let at = resolve(dir);
	for (;;) {
		try {
			statSync(at);
			return at;
		} catch {
			const up = resolve(at, '..');
			if (up === at) return at;
			at = up;
		}
	}
}

/** True when this process cannot write there (also for root: a folder without its write bit). */
export function isReadOnly(dir: string): boolean {
	const at = nearestExisting(dir);
	try {
		accessSync(at, constants.W_OK);
		// PostgreSQL refuses a data directory its owner cannot write, even when run as root.
		return (statSync(at).mode & 0o200) === 0;
	} catch {
		return true;
	}
}

export function isFull(dir: string): boolean {
	try {
		const s = statfsSync(nearestExisting(dir));
		return s.bavail * s.bsize < FULL_BYTES;
	} catch {
		return false;
	}
}

/** The plain sentence for a data directory that could not be opened, and why. */
export function describeOpenFailure(dir: string, e: unknown): DatabaseOpenError {
	const where = `The demo database in ${resolve(dir)} cannot be opened`;
	const { code, errno } = errnoOf(e);
	if (code === 'ENOSPC' || errno === EMSCRIPTEN.ENOSPC || isFull(dir))
		return new DatabaseOpenError(
			`${where}: the disk is full. Free some space on it (or set DATA_DIR to a folder on ` +
				`another disk) and start again.`,
			{ cause: e }
		);
	if (
		code === 'EACCES' ||
		code === 'EPERM' ||
		code === 'EROFS' ||
		errno === EMSCRIPTEN.EACCES ||
		errno === EMSCRIPTEN.EPERM ||
		errno === EMSCRIPTEN.EROFS ||
		isReadOnly(dir)
	)
		return new DatabaseOpenError(
			`${where}: the folder is read-only. Let this user write to it (chmod -R u+w), or set ` +
				`DATA_DIR to a folder it can write to.`,
			{ cause: e }
		);
	return new DatabaseOpenError(
		`${where}: its files are damaged or were not made by this version of the demo. Move the ` +
			`folder aside (or delete it) to start again with fresh demo data, or put back a copy.`,
		{ cause: e }
	);
}
