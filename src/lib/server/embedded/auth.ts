import type { PGlite, Transaction } from '@electric-sql/pglite';
import { randomUUID } from 'node:crypto';
import { decoyHash } from './decoy-hash';
import { bearer, json, readJsonObject, str, type FieldKind } from './http';
import type { Outbox } from './mail';
import { hashToken, randomToken, type Tokens } from './tokens';
import configToml from '../../../../supabase/config.toml?raw';

/**
 * The subset of Supabase Auth (GoTrue) this app uses, with its request and response shapes:
 * password and refresh-token grants, user, logout, verify (invite and recovery links), recover,
 * and the admin invite/create calls. Hooks are the same SQL functions a Supabase project calls.
 */

const ACCESS_TOKEN_SECONDS = 3600;
const REFRESH_REUSE_SECONDS = 10;
const MIN_PASSWORD_LENGTH = 10;
/** GoTrue's bcrypt cost (pgcrypto's own default is 6). */
export const BCRYPT_COST = 10;

/**
 * How long an emailed link works: the same `otp_expiry` a Supabase project is configured with in
 * supabase/config.toml (one setting for invitations and password resets, as in GoTrue).
 */
export const LINK_SECONDS = Number(/^\s*otp_expiry\s*=\s*(\d+)/m.exec(configToml)?.[1] ?? 3600);

/** Sign-ins by an emailed link count as recovery sessions (GoTrue's Session.IsRecovery). */
const RECOVERY_METHODS = ['recovery', 'otp', 'magiclink'];

interface UserRow {
	id: string;
	email: string;
	encrypted_password: string | null;
	email_confirmed_at: string | null;
	invited_at: string | null;
	last_sign_in_at: string | null;
	raw_app_meta_data: Record<string, unknown> | null;
	raw_user_meta_data: Record<string, unknown> | null;
	created_at: string;
	updated_at: string;
	banned_until: string | null;
}

const USER_COLUMNS = `id, email, encrypted_password, email_confirmed_at, invited_at, last_sign_in_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, banned_until`;

/** GoTrue's sessions.timebox and sessions.inactivity_timeout, in seconds. */
export interface SessionLifetimes {
	idleSeconds: number;
	maxSeconds: number;
}

export interface AuthContext {
	db: PGlite;
	tokens: Tokens;
	outbox: Outbox;
	siteUrl: string;
	issuer: string;
	sessions: SessionLifetimes;
}

type Db = PGlite | Transaction;

function authError(status: number, code: string, message: string): Response {
	// Both shapes: `code` for API version 2024-01-01 clients, `error_code`/`msg` for older ones.
	return json({ code, error_code: code, msg: message, message }, status, {
		'x-supabase-api-version': '2024-01-01'
	});
}

/**
 * The JSON body of a request, or GoTrue's answer to one it cannot read: 400 `bad_json` for text
 * that is not JSON, JSON that is not an object, or a field of the wrong type.
 */
async function readBody(
	req: Request,
	kinds: Record<string, FieldKind>
): Promise<Record<string, unknown> | Response> {
	const { body, error } = await readJsonObject(req, kinds);
	return body ?? authError(400, 'bad_json', `Could not parse request body as JSON: ${error}`);
}

/** The fields each endpoint reads, with their types (GoTrue's parameter structs). */
const BODIES = {
	password: { email: 'string', phone: 'string', password: 'string' },
	refresh: { refresh_token: 'string' },
	user: { email: 'string', password: 'string', current_password: 'string', data: 'object' },
	verify: { type: 'string', token: 'string', token_hash: 'string', email: 'string' },
	recover: { email: 'string' },
	invite: { email: 'string', data: 'object' },
	createUser: {
		email: 'string',
		password: 'string',
		email_confirm: 'boolean',
		user_metadata: 'object',
		app_metadata: 'object'
	},
	updateUser: { password: 'string', email_confirm: 'boolean', user_metadata: 'object' }
} satisfies Record<string, Record<string, FieldKind>>;

function userJson(u: UserRow) {
	return {
		id: u.id,
		aud: 'authenticated',
		role: 'authenticated',
		email: u.email,
		email_confirmed_at: u.email_confirmed_at,
		invited_at: u.invited_at,
		phone: '',
		confirmed_at: u.email_confirmed_at,
		last_sign_in_at: u.last_sign_in_at,
		app_metadata: u.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
		user_metadata: u.raw_user_meta_data ?? {},
		identities: [],
		created_at: u.created_at,
		updated_at: u.updated_at,
		is_anonymous: false
	};
}

async function findUser(db: Db, where: string, value: string): Promise<UserRow | undefined> {
	const { rows } = await db.query<UserRow>(
		`select ${USER_COLUMNS} from auth.users where ${where} and deleted_at is null`,
		[value]
	);
	return rows[0];
}

/** Start a session: the rows GoTrue keeps, then an access token shaped by the SQL hook. */
async function issueSession(
	ctx: AuthContext,
	tx: Db,
	user: UserRow,
	method: string,
	sessionId?: string
) {
	const sid = sessionId ?? randomUUID();
	if (!sessionId) {
		await tx.query(
			`insert into auth.sessions (id, user_id, created_at, updated_at, refreshed_at)
       values ($1, $2, now(), now(), now() at time zone 'utc')`,
			[sid, user.id]
		);
		await tx.query(
			`insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
       values ($1, $2, now(), now(), $3)`,
			[randomUUID(), sid, method]
		);
		await tx.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
	}
	const refresh = randomToken(24);
	await tx.query(
		`insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, session_id)
     values ($1, $2, false, now(), now(), $3)`,
		[refresh, user.id, sid]
	);
	// As GoTrue: the amr claim lists how the session was signed in to, and when, for its whole
	// life (a refresh keeps it), so a page can tell a password-reset session from a normal one.
	const amr = await tx.query<{ method: string; timestamp: number }>(
		`select authentication_method as method, extract(epoch from updated_at)::int as timestamp
       from auth.mfa_amr_claims where session_id = $1 order by updated_at desc`,
		[sid]
	);
	const now = Math.floor(Date.now() / 1000);
	const claims = {
		aud: 'authenticated',
		iss: ctx.issuer,
		sub: user.id,
		email: user.email,
		phone: '',
		app_metadata: user.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
		user_metadata: user.raw_user_meta_data ?? {},
		role: 'authenticated',
		aal: 'aal1',
		amr: amr.rows,
		session_id: sid,
		is_anonymous: false
	};
	await tx.exec('set local role supabase_auth_admin');
	const hooked = await tx.query<{ out: { claims: Record<string, unknown> } }>(
		'select public.custom_access_token_hook($1::jsonb) as out',
		[JSON.stringify({ user_id: user.id, claims, authentication_method: method })]
	);
	await tx.exec('reset role');
	const access = await ctx.tokens.signAccess(
		hooked.rows[0]?.out.claims ?? claims,
		ACCESS_TOKEN_SECONDS
	);
	const fresh = (await findUser(tx, 'id = $1', user.id)) ?? user;
	return {
		access_token: access,
		token_type: 'bearer',
		expires_in: ACCESS_TOKEN_SECONDS,
		expires_at: now + ACCESS_TOKEN_SECONDS,
		refresh_token: refresh,
		user: userJson(fresh)
	};
}

/**
 * Why a session may no longer be used, as GoTrue's Session.CheckValidity decides: past its
 * timebox (SESSION_MAX_DAYS) or idle (not refreshed within SESSION_IDLE_HOURS). Null when valid.
 */
async function sessionExpiry(ctx: AuthContext, db: Db, sessionId: string): Promise<string | null> {
	const { rows } = await db.query<{ too_old: boolean; idle: boolean }>(
		`select created_at < now() - make_interval(secs => $2) as too_old,
            coalesce(refreshed_at at time zone 'utc', updated_at, created_at)
              < now() - make_interval(secs => $3) as idle
       from auth.sessions where id = $1`,
		[sessionId, ctx.sessions.maxSeconds, ctx.sessions.idleSeconds]
	);
	const row = rows[0];
	if (!row) return 'Session not found';
	if (row.too_old) return 'Invalid Refresh Token: Session Expired';
	if (row.idle) return 'Invalid Refresh Token: Session Expired (Inactivity)';
	return null;
}

async function passwordGrant(ctx: AuthContext, body: Record<string, unknown>): Promise<Response> {
	const email = str(body.email).trim().toLowerCase();
	const password = str(body.password);
	const invalid = authError(400, 'invalid_credentials', 'Invalid login credentials');
	if (!email || !password) return invalid;
	return ctx.db.transaction(async (tx) => {
		const user = await findUser(tx, 'lower(email) = $1', email);
		// Without a password to check, hash against a decoy all the same: answering sooner would
		// tell which emails have accounts.
		const hash = user?.encrypted_password || (await decoyHash(ctx.db, tx));
		const check = await tx.query<{ ok: boolean }>('select extensions.crypt($1, $2) = $2 as ok', [
			password,
			hash
		]);
		if (!user?.encrypted_password) return invalid;
		const valid = check.rows[0]?.ok === true;
		await tx.exec('set local role supabase_auth_admin');
		const hook = await tx.query<{ out: { decision: string; message?: string } }>(
			'select public.hook_password_verification_attempt($1::jsonb) as out',
			[JSON.stringify({ user_id: user.id, valid })]
		);
		await tx.exec('reset role');
		const decision = hook.rows[0]?.out;
		if (decision?.decision === 'reject') {
			return authError(400, 'invalid_credentials', decision.message ?? 'Invalid login credentials');
		}
		if (!valid) return invalid;
		if (user.banned_until && new Date(user.banned_until) > new Date()) {
			return authError(400, 'user_banned', 'User is banned');
		}
		if (!user.email_confirmed_at)
			return authError(400, 'email_not_confirmed', 'Email not confirmed');
		return json(await issueSession(ctx, tx, user, 'password'));
	});
}

async function refreshGrant(ctx: AuthContext, body: Record<string, unknown>): Promise<Response> {
	const token = str(body.refresh_token);
	return ctx.db.transaction(async (tx) => {
		const { rows } = await tx.query<{
			user_id: string;
			revoked: boolean;
			session_id: string;
			recent: boolean;
		}>(
			`select user_id, revoked, session_id,
              updated_at > now() - make_interval(secs => $2) as recent
       from auth.refresh_tokens where token = $1 for update`,
			[token, REFRESH_REUSE_SECONDS]
		);
		const row = rows[0];
		if (!row)
			return authError(
				400,
				'refresh_token_not_found',
				'Invalid Refresh Token: Refresh Token Not Found'
			);
		// Parallel server requests may refresh with the same token; GoTrue allows a short reuse window.
		if (row.revoked && !row.recent) {
			await tx.query('delete from auth.sessions where id = $1', [row.session_id]);
			return authError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
		}
		const expired = await sessionExpiry(ctx, tx, row.session_id);
		if (expired) return authError(400, 'session_expired', expired);
		await tx.query(
			'update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1 and not revoked',
			[token]
		);
		await tx.query(
			`update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now()
        where id = $1`,
			[row.session_id]
		);
		const user = await findUser(tx, 'id = $1', row.user_id);
		if (!user) return authError(400, 'user_not_found', 'User not found');
		return json(await issueSession(ctx, tx, user, 'token_refresh', row.session_id));
	});
}

/** The user behind a bearer access token whose session still exists (signing out ends it). */
async function sessionUser(ctx: AuthContext, req: Request) {
	const claims = await ctx.tokens.verify(bearer(req));
	if (!claims?.sub || claims.role !== 'authenticated') return null;
	const sessionId = String(claims.session_id ?? '');
	if (await sessionExpiry(ctx, ctx.db, sessionId)) return null;
	const user = await findUser(ctx.db, 'id = $1', claims.sub);
	const amr = Array.isArray(claims.amr) ? (claims.amr as { method?: unknown }[]) : [];
	const recovery = amr.some((m) => RECOVERY_METHODS.includes(String(m?.method)));
	return user ? { user, sessionId, recovery } : null;
}

/** A password change, as GoTrue makes one with update_password_require_current_password on. */
async function changePassword(
	ctx: AuthContext,
	me: { user: UserRow; sessionId: string; recovery: boolean },
	password: string,
	current: unknown
): Promise<Response | null> {
	if (password.length < MIN_PASSWORD_LENGTH) {
		return json(
			{
				code: 'weak_password',
				error_code: 'weak_password',
				message: `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`,
				weak_password: { reasons: ['length'] }
			},
			422,
			{ 'x-supabase-api-version': '2024-01-01' }
		);
	}
	const stored = me.user.encrypted_password;
	const matches = async (candidate: string) =>
		stored !== null &&
		(
			await ctx.db.query<{ ok: boolean }>('select extensions.crypt($1, $2) = $2 as ok', [
				candidate,
				stored
			])
		).rows[0]?.ok === true;
	// Someone who signed in by a reset link has no current password to give; anyone else must.
	if (stored && !me.recovery) {
		if (typeof current !== 'string' || current === '') {
			return authError(
				400,
				'current_password_required',
				'Current password required when setting new password.'
			);
		}
		if (!(await matches(current))) {
			return authError(
				400,
				'current_password_mismatch',
				'Current password required when setting new password.'
			);
		}
	}
	if (await matches(password)) {
		return authError(
			422,
			'same_password',
			'New password should be different from the old password.'
		);
	}
	// As GoTrue's User.UpdatePassword: outstanding emailed links die, and every other session ends.
	await ctx.db.transaction(async (tx) => {
		await tx.query(
			`update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', $3)),
         confirmation_token = '', confirmation_sent_at = null, recovery_token = '', recovery_sent_at = null,
         updated_at = now() where id = $1`,
			[me.user.id, password, BCRYPT_COST]
		);
		await tx.query('delete from auth.sessions where user_id = $1 and id <> $2', [
			me.user.id,
			me.sessionId
		]);
	});
	return null;
}

async function updateUser(ctx: AuthContext, req: Request): Promise<Response> {
	const me = await sessionUser(ctx, req);
	if (!me) return authError(403, 'session_not_found', 'Session not found or expired');
	const body = await readBody(req, BODIES.user);
	if (body instanceof Response) return body;
	if (typeof body.password === 'string') {
		const refused = await changePassword(ctx, me, body.password, body.current_password);
		if (refused) return refused;
	}
	if (body.data && typeof body.data === 'object') {
		await ctx.db.query(
			`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || $2::jsonb,
         updated_at = now() where id = $1`,
			[me.user.id, JSON.stringify(body.data)]
		);
	}
	const user = await findUser(ctx.db, 'id = $1', me.user.id);
	return json(userJson(user ?? me.user));
}

async function logout(ctx: AuthContext, req: Request, scope: string): Promise<Response> {
	const me = await sessionUser(ctx, req);
	if (!me) return new Response(null, { status: 204 });
	if (scope === 'global') {
		await ctx.db.query('delete from auth.sessions where user_id = $1', [me.user.id]);
	} else if (scope === 'others') {
		await ctx.db.query('delete from auth.sessions where user_id = $1 and id <> $2', [
			me.user.id,
			me.sessionId
		]);
	} else {
		await ctx.db.query('delete from auth.sessions where id = $1', [me.sessionId]);
	}
	return new Response(null, { status: 204 });
}

/** Follow an emailed link: single use (the token is cleared) and time-limited. */
async function verify(ctx: AuthContext, body: Record<string, unknown>): Promise<Response> {
	const type = str(body.type);
	const tokenHash = str(body.token_hash);
	const expired = authError(403, 'otp_expired', 'Email link is invalid or has expired');
	const column =
		type === 'recovery'
			? 'recovery'
			: ['invite', 'signup', 'email'].includes(type)
				? 'confirmation'
				: null;
	if (!column || !tokenHash) return expired;
	const lifetime = LINK_SECONDS;
	return ctx.db.transaction(async (tx) => {
		const { rows } = await tx.query<{ id: string }>(
			`update auth.users
          set ${column}_token = '', email_confirmed_at = coalesce(email_confirmed_at, now()),
              updated_at = now()
        where ${column}_token = $1 and ${column}_token <> ''
          and ${column}_sent_at > now() - make_interval(secs => $2)
        returning id`,
			[hashToken(tokenHash), lifetime]
		);
		const id = rows[0]?.id;
		if (!id) return expired;
		const user = await findUser(tx, 'id = $1', id);
		if (!user) return expired;
		return json(await issueSession(ctx, tx, user, type === 'recovery' ? 'recovery' : 'invite'));
	});
}

async function recover(ctx: AuthContext, body: Record<string, unknown>): Promise<Response> {
	const email = str(body.email).trim().toLowerCase();
	const token = randomToken();
	const { rows } = await ctx.db.query<{ email: string }>(
		`update auth.users set recovery_token = $2, recovery_sent_at = now()
      where lower(email) = $1 and deleted_at is null
        and (recovery_sent_at is null or recovery_sent_at < now() - interval '60 seconds')
      returning email`,
		[email, hashToken(token)]
	);
	// The same answer whether or not the account exists, so the form reveals nothing.
	if (rows[0])
		await ctx.outbox.sendTemplate(rows[0].email, 'recovery', {
			SiteURL: ctx.siteUrl,
			TokenHash: token
		});
	return json({});
}

async function isServiceRole(ctx: AuthContext, req: Request): Promise<boolean> {
	const claims = await ctx.tokens.verify(bearer(req));
	return claims?.role === 'service_role';
}

async function invite(ctx: AuthContext, body: Record<string, unknown>): Promise<Response> {
	const email = str(body.email).trim().toLowerCase();
	if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
		return authError(400, 'validation_failed', 'Unable to validate email address: invalid format');
	}
	const token = randomToken();
	const result = await ctx.db.transaction(async (tx) => {
		const existing = await findUser(tx, 'lower(email) = $1', email);
		if (existing?.email_confirmed_at) return null;
		if (existing) {
			await tx.query(
				`update auth.users set confirmation_token = $2, confirmation_sent_at = now(), invited_at = now()
          where id = $1`,
				[existing.id, hashToken(token)]
			);
			return findUser(tx, 'id = $1', existing.id);
		}
		const { rows } = await tx.query<{ id: string }>(
			`insert into auth.users (instance_id, id, aud, role, email, invited_at, confirmation_token,
         confirmation_sent_at, recovery_token, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
         $1, now(), $2, now(), '', '{"provider":"email","providers":["email"]}', $3::jsonb, now(), now())
       returning id`,
			[email, hashToken(token), JSON.stringify(body.data ?? {})]
		);
		return findUser(tx, 'id = $1', rows[0]?.id ?? '');
	});
	if (!result) {
		return authError(
			422,
			'email_exists',
			'A user with this email address has already been registered'
		);
	}
	await ctx.outbox.sendTemplate(email, 'invite', { SiteURL: ctx.siteUrl, TokenHash: token });
	return json(userJson(result));
}

async function adminCreateUser(ctx: AuthContext, body: Record<string, unknown>): Promise<Response> {
	const email = str(body.email).trim().toLowerCase();
	const password = str(body.password);
	if (!email) return authError(400, 'validation_failed', 'An email address is required');
	if (await findUser(ctx.db, 'lower(email) = $1', email)) {
		return authError(
			422,
			'email_exists',
			'A user with this email address has already been registered'
		);
	}
	const { rows } = await ctx.db.query<{ id: string }>(
		`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
       confirmation_token, recovery_token, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1,
       case when $2 = '' then null else extensions.crypt($2, extensions.gen_salt('bf', $5)) end,
       case when $3 then now() end, '', '', '{"provider":"email","providers":["email"]}', $4::jsonb, now(), now())
     returning id`,
		[
			email,
			password,
			body.email_confirm === true,
			JSON.stringify(body.user_metadata ?? {}),
			BCRYPT_COST
		]
	);
	const user = await findUser(ctx.db, 'id = $1', rows[0]?.id ?? '');
	return user
		? json(userJson(user))
		: authError(500, 'unexpected_failure', 'Could not create user');
}

/**
 * GoTrue's PUT /admin/users/{id} (auth.admin.updateUserById), the part the app uses: set a
 * password and confirm the email, for a family whose account was made when they were enrolled
 * and who sets their password on the welcome page.
 */
async function adminUpdateUser(
	ctx: AuthContext,
	id: string,
	body: Record<string, unknown>
): Promise<Response> {
	const existing = /^[0-9a-f-]{36}$/i.test(id) ? await findUser(ctx.db, 'id = $1', id) : null;
	if (!existing) return authError(404, 'user_not_found', 'User not found');
	const password = typeof body.password === 'string' ? body.password : null;
	await ctx.db.query(
		`update auth.users set
       encrypted_password = case when $2::text is null then encrypted_password
         else extensions.crypt($2, extensions.gen_salt('bf', $4)) end,
       email_confirmed_at = case when $3 then coalesce(email_confirmed_at, now()) else email_confirmed_at end,
       raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || $5::jsonb,
       updated_at = now()
     where id = $1`,
		[
			id,
			password,
			body.email_confirm === true,
			BCRYPT_COST,
			JSON.stringify(body.user_metadata ?? {})
		]
	);
	const user = await findUser(ctx.db, 'id = $1', id);
	return json(userJson(user ?? existing));
}

/** Route an /auth/v1/<path> request. The API key has already been checked. */
export async function handleAuth(
	ctx: AuthContext,
	req: Request,
	path: string,
	url: URL
): Promise<Response> {
	const method = req.method.toUpperCase();
	if (path === 'token' && method === 'POST') {
		// As GoTrue: the grant type first, then the body its handler reads.
		const grant = url.searchParams.get('grant_type');
		if (grant !== 'password' && grant !== 'refresh_token') {
			return authError(400, 'unsupported_grant_type', 'Unsupported grant type');
		}
		const body = await readBody(req, grant === 'password' ? BODIES.password : BODIES.refresh);
		if (body instanceof Response) return body;
		return grant === 'password' ? passwordGrant(ctx, body) : refreshGrant(ctx, body);
	}
	if (path === 'user' && method === 'GET') {
		const me = await sessionUser(ctx, req);
		return me
			? json(userJson(me.user))
			: authError(403, 'session_not_found', 'Session not found or expired');
	}
	if (path === 'user' && method === 'PUT') return updateUser(ctx, req);
	if (path === 'logout' && method === 'POST')
		return logout(ctx, req, url.searchParams.get('scope') ?? 'local');
	if (path === 'verify' && method === 'POST') {
		const body = await readBody(req, BODIES.verify);
		return body instanceof Response ? body : verify(ctx, body);
	}
	if (path === 'recover' && method === 'POST') {
		const body = await readBody(req, BODIES.recover);
		return body instanceof Response ? body : recover(ctx, body);
	}
	if (path === 'invite' || path.startsWith('admin/')) {
		if (!(await isServiceRole(ctx, req))) return authError(403, 'not_admin', 'User not allowed');
		if (path === 'invite' && method === 'POST') {
			const body = await readBody(req, BODIES.invite);
			return body instanceof Response ? body : invite(ctx, body);
		}
		if (path === 'admin/users' && method === 'POST') {
			const body = await readBody(req, BODIES.createUser);
			return body instanceof Response ? body : adminCreateUser(ctx, body);
		}
		const userPath = /^admin\/users\/([^/]+)$/.exec(path);
		if (userPath && method === 'PUT') {
			const body = await readBody(req, BODIES.updateUser);
			return body instanceof Response ? body : adminUpdateUser(ctx, userPath[1]!, body);
		}
	}
	return authError(404, 'not_found', 'Not found');
}
