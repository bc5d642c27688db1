import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONTROL_MESSAGE, ONE_LINE_MESSAGE } from '$lib/input/characters';
import { NO_SUCH_DATE_MESSAGE } from '$lib/input/dates';
import { MAX_FIELD_LENGTH, fields, parseForm } from './form';

/** A form post as a browser sends it. */
function post(values: Record<string, string>): Request {
	return new Request('http://app.test/x', { method: 'POST', body: new URLSearchParams(values) });
}

const Note = z.object({
	title: fields.text(20, { required: 'Give it a title.' }),
	body: fields.multiLine(50).default(''),
	password: z.string().optional()
});

describe('parseForm', () => {
	it('passes good input through, trimmed', async () => {
		const r = await parseForm(post({ title: '  Hello ', body: 'one\r\ntwo\tthree' }), Note);
		expect(r.failure).toBeUndefined();
		expect(r.data).toEqual({ title: 'Hello', body: 'one\r\ntwo\tthree' });
	});

	it('refuses a NUL byte or other control character in any field, with a message beside it', async () => {
		for (const bad of ['a\u0000b', 'a\u001bb', 'a\u007fb', 'a\u0085b']) {
			for (const field of ['title', 'body', 'password', 'not_in_the_schema']) {
				const r = await parseForm(post({ title: 'Hello', [field]: bad }), Note);
				expect(r.failure?.status, `${field}=${JSON.stringify(bad)}`).toBe(400);
				expect(r.failure?.data.errors[field]).toBe(CONTROL_MESSAGE);
				expect(r.data).toBeUndefined();
			}
		}
	});

	it('allows tab and line breaks only in fields declared multi-line', async () => {
		const single = await parseForm(post({ title: 'a\nb' }), Note);
		expect(single.failure?.data.errors.title).toBe(ONE_LINE_MESSAGE);
		// Even a field whose own rule is a plain string (a hidden `next`, a password).
		const plain = await parseForm(post({ title: 'ok', password: 'pass\tword' }), Note);
		expect(plain.failure?.data.errors.password).toBe(ONE_LINE_MESSAGE);
		const multi = await parseForm(post({ title: 'ok', body: 'a\nb\tc' }), Note);
		expect(multi.failure).toBeUndefined();
	});

	it('keeps every field to its maximum, and any field to the backstop', async () => {
		const long = await parseForm(post({ title: 'x'.repeat(21) }), Note);
		expect(long.failure?.data.errors.title).toBe('Keep it under 20 characters.');
		const huge = await parseForm(
			post({ title: 'ok', password: 'x'.repeat(MAX_FIELD_LENGTH + 1) }),
			Note
		);
		expect(huge.failure?.data.errors.password).toBe('This is far too long.');
	});

	it('names the form in the values it sends back, and never sends back a password', async () => {
		const r = await parseForm(post({ title: '', password: 'secret-one' }), Note, {
			form: 'notes'
		});
		expect(r.failure?.data.values).toEqual({ title: '', form: 'notes' });
		expect(r.failure?.data.errors.title).toBe('Give it a title.');
	});

	it('answers a body that is not a form with a plain message, not an error', async () => {
		const broken = new Request('http://app.test/x', {
			method: 'POST',
			headers: { 'content-type': 'multipart/form-data; boundary=x' },
			body: 'not multipart at all'
		});
		const r = await parseForm(broken, Note);
		expect(r.failure?.status).toBe(400);
		expect(r.failure?.data.message).toBe('The form could not be read. Please try again.');
	});
});

describe('fields.date and fields.time', () => {
	const Form = z.object({
		on: fields.date({
			min: '2026-01-01',
			max: '2027-12-31',
			tooEarly: 'Too early.',
			tooLate: 'Too late.'
		}),
		at: fields.time()
	});
	it.each([
		['2026-02-30', NO_SUCH_DATE_MESSAGE],
		['2026-13-01', NO_SUCH_DATE_MESSAGE],
		['0000-01-01', NO_SUCH_DATE_MESSAGE],
		['9999-12-31', 'Too late.'],
		['2025-12-31', 'Too early.']
	])('refuses %s beside the field', async (on, message) => {
		const r = await parseForm(post({ on, at: '10:00' }), Form);
		expect(r.failure?.data.errors).toEqual({ on: message });
	});
	it('refuses a time that is not HH:mm on a 24-hour clock', async () => {
		const r = await parseForm(post({ on: '2026-06-01', at: '24:30' }), Form);
		expect(r.failure?.data.errors).toEqual({ at: 'Enter a time like 10:00 (24-hour clock).' });
	});
	it('accepts a real date within bounds and a real time', async () => {
		const r = await parseForm(post({ on: '2026-06-01', at: '23:59' }), Form);
		expect(r.data).toEqual({ on: '2026-06-01', at: '23:59' });
	});
});
