import { describe, expect, it, vi } from 'vitest';
import type { PostgrestError } from '@supabase/supabase-js';
import { refusal } from './refusal';

const pgError = (code: string, extra: Partial<PostgrestError> = {}) =>
	({ code, message: 'The message.', details: '', hint: '', ...extra }) as PostgrestError;

describe('the SQLSTATE table', () => {
	it('42501 is not allowed, whatever the message', () => {
		expect(refusal('f', pgError('42501'))).toEqual({ kind: 'forbidden', status: 403 });
	});

	it('28000 is a session that has ended, whatever the message', () => {
		expect(refusal('f', pgError('28000', { details: 'session_ended' }))).toEqual({
			kind: 'signed_out',
			status: 401
		});
	});

	it('P0002 is not found, with the message, field and reason', () => {
		expect(refusal('f', pgError('P0002', { hint: 'group_id' }))).toEqual({
			kind: 'not_found',
			status: 404,
			message: 'The message.',
			field: 'group_id',
			reason: null
		});
	});

	it('P0001 is a rule: its hint names the field, its detail the reason', () => {
		expect(refusal('f', pgError('P0001', { hint: 'email', details: 'no_account' }))).toEqual({
			kind: 'rule',
			status: 400,
			message: 'The message.',
			field: 'email',
			reason: 'no_account'
		});
		expect(refusal('f', pgError('P0001'))).toMatchObject({ field: null, reason: null });
	});

	it('classes 22 and 23 are bad input, with the field if hinted', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(refusal('f', pgError('22P02'))).toEqual({ kind: 'bad_input', status: 400, field: null });
		expect(refusal('f', pgError('23514', { hint: 'capacity' }))).toEqual({
			kind: 'bad_input',
			status: 400,
			field: 'capacity'
		});
		expect(warn).toHaveBeenCalledTimes(2);
		warn.mockRestore();
	});

	it('anything else is the server’s fault, and logged', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		for (const code of ['42P01', '40001', 'PGRST202', '']) {
			expect(refusal('f', pgError(code))).toEqual({ kind: 'unexpected', status: 500 });
		}
		expect(log).toHaveBeenCalledTimes(4);
		log.mockRestore();
	});
});
