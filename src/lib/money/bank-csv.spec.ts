import { describe, expect, it } from 'vitest';
import { parseBankCsv, statementDate, statementPence } from './bank-csv';

describe('parseBankCsv', () => {
	it('reads a typical UK export: header, £ and thousands, money out skipped', () => {
		const csv = [
			'Date,Description,Amount,Balance',
			'01/12/2026,"BACS NBC4410 NORTHFIELD BC","£1,710.00","£2,000.00"',
			'02/12/2026,CARD PAYMENT STATIONERY,-20.00,"£1,980.00"',
			'03/12/2026,"INV-000007 WESTMOOR",570,"£2,550.00"'
		].join('\r\n');
		expect(parseBankCsv(csv)).toEqual({
			lines: [
				{ date: '2026-12-01', reference: 'BACS NBC4410 NORTHFIELD BC', amount_pence: 171000 },
				{ date: '2026-12-03', reference: 'INV-000007 WESTMOOR', amount_pence: 57000 }
			],
			skipped: 1
		});
	});

	it('reads "Paid in" / "Paid out" columns and joins description and reference', () => {
		const csv =
			'\uFEFFTransaction Date,Transaction Description,Reference,Paid out,Paid in\n' +
			'2026-12-04,FASTER PAYMENT,ENT8800,,"4,000.00"\n' +
			'2026-12-05,DIRECT DEBIT,RENT,500.00,\n';
		expect(parseBankCsv(csv)).toEqual({
			lines: [{ date: '2026-12-04', reference: 'FASTER PAYMENT ENT8800', amount_pence: 400000 }],
			skipped: 1
		});
	});

	it('says what is missing from a file that is not a statement', () => {
		expect(parseBankCsv('a,b\n1,2\n')).toEqual({
			problem: 'The file has no header row with a Date column.'
		});
		expect(parseBankCsv('Date,Description\n01/12/2026,x\n')).toEqual({
			problem: 'The file has no Amount (or Paid in) column.'
		});
	});

	it('reads amounts and dates banks write', () => {
		expect(statementPence('(20.00)')).toBe(-2000);
		expect(statementPence('£1,234.5')).toBe(123450);
		expect(statementPence('abc')).toBeNull();
		expect(statementDate('31 Dec 2026')).toBe('2026-12-31');
		expect(statementDate('31/02/2026')).toBeNull();
	});
});
